"""Finding check-worthy sentences and table rows in an article's text.

`find_candidates(body)` cuts the body into sentences and table rows with their
exact offsets, leaves out the noise scraped pages carry (headings, repeated
photo captions, "Search Trends", related-link lists) and scores each unit 0..1
for check-worthiness. Scores are a transparent sum of cues, not a trained model:
numbers, dates, rankings, names and attribution verbs raise it; opinion, plans
and vague language lower it.
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from claims.models import STATEMENT_MAX_LENGTH

from .quantities import Quantity, parse_quantity

# Units scoring at or above this are proposed as candidates.
THRESHOLD = 0.4

MIN_WORDS = 4
NOISE_LINES = re.compile(
    r"^(search trends|suggested related links|author:|"
    r"\(if you want to contribute|follow @)",
    re.IGNORECASE,
)
NOISE_PREFIX = re.compile(r"^search trends", re.IGNORECASE)
TABLE_RULE = re.compile(r"^[\s|:-]+$")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e", "u.s", "prof"}
SENTENCE_END = re.compile(r"[.!?](?:[\"'\u201d\u2019)\]]*)")

NUMBER = re.compile(r"\d")
PERCENT = re.compile(r"\d\s*(%|per ?cent\b)", re.IGNORECASE)
NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|half|twice|double|"
    r"second|third|fourth|fifth|tenth|30th)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
MONTH_NAME = (
    r"\b(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)"
)
MONTH = re.compile(MONTH_NAME + r"\s+\d")
RANKING = re.compile(
    r"\b(top|first|second|third|largest|biggest|highest|lowest|earliest|leading|inaugural|record|"
    r"\w+-largest|\w+est\s+(?:trading|trade)\s+partner|one of the \w+est|most)\b",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(
    r"\b(said|says|announced|signed|reached|met|held|holds|enacted|established|"
    r"visited|welcomed|proposed|invested|implemented|comprising|emphasi[sz]ed|"
    r"underscored|highlighted|convened|reveal\w*|home to|is the|was one of|date back)\b",
    re.IGNORECASE,
)
EVENT = re.compile(
    r"\b(visits?|treaty|treaties|agreements?|located|involved|decision|summit|law|signed)\b",
    re.IGNORECASE,
)
OPINION = re.compile(
    r"\b(believe|hope[sd]?|should|may|could|might|must|would|aimed at|poised|"
    r"likely|crucial|essential|vital|necessit\w+|promises?|potential|can|"
    r"recommend\w*|will|it is important)\b",
    re.IGNORECASE,
)
# A future plan is a promise, not yet a fact to check: "will open ... by 2030", "plans to".
PLAN = re.compile(
    r"\b(?:plans?\s+to|planned\s+to|planning\s+to|(?:is|are)\s+(?:set|due|scheduled|expected)\s+to|"
    r"aims?\s+to|intends?\s+to|will\b[^.;]*\bby\s+(?:the\s+end\s+of\s+)?(?:20\d\d|next))\b",
    re.IGNORECASE,
)
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w\u2019'-]+(?:\s+(?:of\s+)?[A-Z][\w\u2019'-]+)+")
PROPER = re.compile(r"(?<=[\w,;]\s)[A-Z][\w\u2019'-]+")
LIST_LABEL = re.compile(r"^[A-Z][\w-]*(?:\s+[\w-]+){0,3}:\s")
DAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
CALENDAR_DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH_NAME + r"(?:,?\s+\d{4})?"
    r"|" + MONTH_NAME + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
)
# A line that is only a place and a date: "Bishkek, 3 March 2025."
DATELINE = re.compile(
    r"^[A-Z][\w\u2019'.-]*(?:[\s,]+[A-Z][\w\u2019'.-]*){0,3},?\s+"
    + DAY
    + CALENDAR_DATE
    + r"[.\s]*$"
)
FILE_NAME = re.compile(r"\.(mp3|mp4|jpe?g|png|gif|pdf|html?)$", re.IGNORECASE)


@dataclass
class Candidate:
    start: int
    end: int
    quote: str
    score: float
    is_row: bool = False
    quantity: Quantity | None = None
    cues: list = field(default_factory=list)


def _line_spans(body):
    pos = 0
    for line in body.splitlines(keepends=True):
        text = line.rstrip("\r\n")
        yield pos, text
        pos += len(line)


def _strip_span(body, start, end, chars=" \t"):
    while start < end and body[start] in chars:
        start += 1
    while end > start and body[end - 1] in chars:
        end -= 1
    return start, end


def _sentence_bounds(text):
    """Offsets within `text` where sentences end, tolerating a missing space ("region.This")."""
    cuts = []
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if end >= len(text):
            break
        following = text[end:]
        word = re.search(r"([\w.]+)$", text[: match.start()])
        word = word.group(1).lower() if word else ""
        if word in ABBREVIATIONS or (word.isdigit() and match.start() < 4):
            continue
        if match.group()[0] == "." and re.match(r"\d", following):
            continue  # a decimal point
        if re.match(r"\s+[\"“'(]?[A-Z0-9]", following) or (
            re.match(r"[A-Z][a-z]", following) and re.search(r"[a-z0-9%)]$", text[: match.start()])
        ):
            cuts.append(end)
    return cuts


def split_units(body):
    """(start, end, is_row) for every sentence and table row, in order, noise left out."""
    for line_start, line in _line_spans(body):
        if not line.strip() or NOISE_LINES.match(line.strip()):
            continue
        prefix = NOISE_PREFIX.match(line)
        offset = prefix.end() if prefix else 0
        if "|" in line:
            if TABLE_RULE.match(line):
                continue
            start, end = _strip_span(body, line_start + offset, line_start + len(line), " \t|")
            if start < end:
                yield start, end, True
            continue
        pieces = [offset, *_sentence_bounds(line), len(line)]
        for left, right in pairwise(pieces):
            start, end = _strip_span(body, line_start + left, line_start + right, " \t-*")
            if start < end:
                yield start, end, False


def is_heading(text):
    """A title or label: no closing punctuation, mostly capitalised words, or too short."""
    words = text.split()
    if len(words) < MIN_WORDS or text.endswith("?") or FILE_NAME.search(text):
        return True
    if text[-1] in '.!"\u201d\u2019)':
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return not NUMBER.search(text) or capitalised / len(words) > 0.5 or len(words) < 8


def score(text, quantity=None):
    """A check-worthiness score in 0..1, with the cues that made it."""
    cues, total = [], 0.1

    def cue(name, weight, present):
        nonlocal total
        if present:
            total += weight
            cues.append(name)

    has_digits = bool(NUMBER.search(text))
    cue("number", 0.35, has_digits)
    counts = [m for m in NUMBER_WORDS.finditer(text) if not text[: m.start()].endswith("the ")]
    cue("number word", 0.3, not has_digits and counts)
    cue("percentage", 0.1, PERCENT.search(text))
    cue("quantity", 0.1, quantity is not None and quantity.unit not in ("", "count"))
    cue("date", 0.15, YEAR.search(text) or MONTH.search(text))
    cue("ranking", 0.25, RANKING.search(text))
    names = NAME.findall(text)
    proper = set(PROPER.findall(text))
    cue("named entity", 0.15, names or proper)
    cue("several names", 0.1, len(names) > 1 or len(proper) > 1)
    cue("attribution", 0.2, ATTRIBUTION.search(text))
    cue("event or agreement", 0.1, EVENT.search(text))
    cue("list item", -0.15, LIST_LABEL.match(text))
    opinions = len(OPINION.findall(text))
    cue("opinion or plan", -0.1 * min(opinions, 3), opinions)
    cue("future plan", -0.3, PLAN.search(text))
    return max(0.0, min(1.0, round(total, 3))), cues


def too_long(body):
    """How many of the body's sentences are too long to be proposed as one claim."""
    return sum(1 for start, end, _row in split_units(body) if end - start > STATEMENT_MAX_LENGTH)


def find_candidates(body, threshold=THRESHOLD):
    """Candidates in `body`, in text order; a sentence repeated word for word counts once."""
    seen, found = set(), []
    for start, end, is_row in split_units(body):
        text = body[start:end]
        key = " ".join(text.lower().split())
        if key in seen:
            continue
        seen.add(key)
        if not is_row and (is_heading(text) or DATELINE.match(text)):
            continue
        if end - start > STATEMENT_MAX_LENGTH:
            # Text this long is not one claim; the import says it was left out (too_long).
            continue
        if is_row and not NUMBER.search(text):
            # A table row without a figure or date is a label, not an assertion.
            continue
        quantity = parse_quantity(text)
        value, cues = score(text, quantity)
        if value >= threshold:
            found.append(Candidate(start, end, text, value, is_row, quantity, cues))
    return found
