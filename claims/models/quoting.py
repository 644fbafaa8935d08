"""Finding a quote in an article's text, forgiving of case and of runs of whitespace.

Article.locate_quote is the one rule; this module holds the text work it asks
for: the pattern a typed quote becomes, the places it stands, and, when it
stands nowhere, the passages nearest to it.
"""

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The longest quote a claim keeps (the claim_quote_length constraint).
QUOTE_MAX_LENGTH = 2000
# Characters of text shown on either side of a passage offered as a choice.
CONTEXT_CHARS = 60
# At most this many places are offered for a quote that stands in several.
MAX_OCCURRENCES = 10
# Passages offered when the words are not in the article, and how alike they must be
# (difflib's ratio: 1 is the same text, 0.6 is about one character in five wrong).
MAX_SUGGESTIONS = 3
SUGGESTION_MIN_RATIO = 0.6
# The suggestion scan compares at most this many passages (of about the quote's
# number of words), so a long article answers as fast as a short one; in a longer
# text the passages start every few words instead of at every word.
MAX_CANDIDATES = 12_000
# ...and at most this many characters of them, so a long quote scans fewer passages;
# the real ratio (the slow part) is computed for at most MAX_RATIOS of them.
MAX_COMPARED_CHARS = 1_500_000
MAX_RATIOS = 300
# Quotes longer than this get no suggestions: comparing them is slow, and a miss
# that long is better selected on the page than guessed.
MAX_SUGGESTED_QUOTE = 600

WORD = re.compile(r"\S+")
# Left off a suggested passage's ends, so it reads as words: "Institutes", not "Institutes,".
EDGE_PUNCTUATION = ".,;:!?()[]\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"  # and curly quotes
# Taken off a passage's likeness for each word it has more or fewer than the quote.
WORD_COUNT_PENALTY = 0.05


@dataclass(frozen=True)
class Passage:
    """body[start:end], with a little of the text around it to tell places apart."""

    start: int
    end: int
    text: str
    before: str = ""
    after: str = ""

    @property
    def key(self):
        """The passage as a form value: "start:end"."""
        return f"{self.start}:{self.end}"

    @classmethod
    def of(cls, body, start, end):
        # Within the passage's own paragraphs, and whole words: context, not a cut.
        para_start = body.rfind("\n", 0, start) + 1
        para_end = body.find("\n", end)
        para_end = len(body) if para_end == -1 else para_end
        before = body[max(para_start, start - CONTEXT_CHARS) : start]
        after = body[end : min(para_end, end + CONTEXT_CHARS)]
        if start - CONTEXT_CHARS > para_start and " " in before:
            before = "…" + before.split(" ", 1)[1]
        if end + CONTEXT_CHARS < para_end and " " in after:
            after = after.rsplit(" ", 1)[0] + "…"
        return cls(start, end, body[start:end], _squeeze(before), _squeeze(after))


def _squeeze(text):
    """Runs of whitespace as one space, keeping whether the text began or ended with one."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


def quote_pattern(quote, whole_words=False):
    """The typed words as a pattern: any case, any run of whitespace between them.

    `whole_words`: a quote that starts or ends with a letter or digit does not
    start or end inside a word of the text ("the" is not in "strengthen").
    """
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    if whole_words:
        pattern = (r"(?<!\w)" if words[0][0].isalnum() else "") + pattern
        pattern += r"(?!\w)" if words[-1][-1].isalnum() else ""
    return re.compile(pattern, re.IGNORECASE)


def occurrences(body, pattern):
    """Every (non-overlapping) place the pattern stands in the body, as Passages."""
    return [Passage.of(body, m.start(), m.end()) for m in pattern.finditer(body)]


def nearest_passages(body, quote, limit=MAX_SUGGESTIONS):
    """The passages of the body most like `quote`, best first; none below the minimum.

    Candidates are runs of the body's words of about the quote's length,
    compared with difflib's SequenceMatcher, case and spacing ignored. Their
    quick_ratio, an upper bound of the real ratio, orders them, and the real
    ratio is computed best bound first until no bound left can beat the
    passages found: the answer of comparing every one, at a bounded cost.
    """
    target = " ".join(quote.split()).casefold()
    if not target or len(target) > MAX_SUGGESTED_QUOTE:
        return []
    words = [_word(m) for m in WORD.finditer(body)]
    count = len(target.split())
    sizes = sorted({max(1, count - 1), count, count + 1})
    budget = min(MAX_CANDIDATES, MAX_COMPARED_CHARS // len(target)) // len(sizes)
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)  # seq2 is the one difflib indexes: index the quote once
    bounded = []
    for i in _window_starts(words, target.split(), budget):
        for size in sizes:
            if i + size > len(words):
                break
            window = " ".join(w[2] for w in words[i : i + size])
            matcher.set_seq1(window)
            penalty = WORD_COUNT_PENALTY * abs(size - count)
            if matcher.real_quick_ratio() - penalty < SUGGESTION_MIN_RATIO:
                continue
            bound = matcher.quick_ratio() - penalty
            if bound >= SUGGESTION_MIN_RATIO:
                bounded.append((-bound, i, size, window, penalty))
    bounded.sort()
    scored: list[tuple[float, int, int]] = []
    for negative_bound, i, size, window, penalty in bounded[:MAX_RATIOS]:
        if len(scored) >= limit * 4 and -negative_bound < -sorted(scored)[limit * 4 - 1][0]:
            break  # no candidate left can beat the ones found
        matcher.set_seq1(window)
        # As alike, a passage of as many words as the quote reads as the one meant.
        score = matcher.ratio() - penalty
        if score >= SUGGESTION_MIN_RATIO:
            scored.append((-score, words[i][0], words[i + size - 1][1]))
    chosen: list[tuple[int, int]] = []
    for _score, start, end in sorted(scored):
        if all(end <= c[0] or start >= c[1] for c in chosen):
            chosen.append((start, end))
            if len(chosen) == limit:
                break
    return [Passage.of(body, start, end) for start, end in chosen]


def _window_starts(words, quote_words, budget):
    """The word indexes where candidate passages start, at most about `budget` of them.

    A short text: every word. A long one: first where the quote's own words
    stand (the rarest first), lined up so the passage starts where the quote
    would, then every few words to fill the budget, for a quote whose every
    word is misspelt.
    """
    if len(words) <= budget:
        return range(len(words))
    quote_words = [w.strip(EDGE_PUNCTUATION) or w for w in quote_words]
    wanted = set(quote_words)
    places: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        if word[2] in wanted:
            places.setdefault(word[2], []).append(index)
    starts: set[int] = set()
    for word in sorted(places, key=lambda w: len(places[w])):
        for offset in (j for j, w in enumerate(quote_words) if w == word):
            for index in places[word]:
                starts.update(range(max(0, index - offset - 1), index - offset + 2))
        if len(starts) >= budget:
            break
    room = budget - len(starts)
    if room > 0:
        starts.update(range(0, len(words), max(1, math.ceil(len(words) / room))))
    return sorted(starts)


def _word(match):
    """(start, end, casefolded text) of a word, without the punctuation around it."""
    start, word = match.start(), match.group()
    core = word.strip(EDGE_PUNCTUATION) or word
    start += word.index(core)
    return start, start + len(core), core.casefold()


class QuoteNotFound(ValidationError):
    """The words stand nowhere in the article; `suggestions` are the nearest passages."""

    def __init__(self, suggestions):
        self.suggestions = suggestions
        message = _("These words are not in the article.")
        if suggestions:
            message = _(
                "These words are not in the article. Did you mean one of the passages below?"
            )
        super().__init__({"quote": message})


class QuoteAmbiguous(ValidationError):
    """The words stand in several places; `occurrences` are the first few of them."""

    def __init__(self, found):
        self.count = len(found)
        self.occurrences = found[:MAX_OCCURRENCES]
        if self.count > MAX_OCCURRENCES:
            message = _(
                "These words appear %(count)s times in the article. Choose the place you "
                "mean among the first %(shown)s below, or type more of the words."
            )
        else:
            message = _(
                "These words appear %(count)s times in the article. Choose the place you mean."
            )
        super().__init__({"quote": message % {"count": self.count, "shown": MAX_OCCURRENCES}})
