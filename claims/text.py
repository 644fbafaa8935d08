"""Cutting an article's text into paragraphs with its claims marked where they stand."""

from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Segment:
    text: str
    claim: object = None  # the claim that covers this stretch, if any
    start: int = 0  # where the text stands in the body: selections on the page map back by it

    @property
    def is_marked(self):
        return self.claim is not None


def mark_claims(body, claims, start=0, end=None):
    """Return body[start:end] as paragraphs, each a list of Segments.

    Paragraphs are the body's lines that hold text. Where claims overlap, the
    shortest one covering a stretch marks it, so every claim keeps a visible,
    clickable part wherever its text is not wholly inside a shorter claim.
    """
    end = len(body) if end is None else end
    claims = [c for c in claims if c.start < end and c.end > start]
    cuts = {start, end}
    for claim in claims:
        cuts.update((max(claim.start, start), min(claim.end, end)))
    pos = body.find("\n", start, end)
    while pos != -1:
        cuts.update((pos, pos + 1))
        pos = body.find("\n", pos + 1, end)
    bounds = sorted(cuts)

    paragraphs, current = [], []
    for left, right in pairwise(bounds):
        text = body[left:right]
        if text == "\n":
            if current:
                paragraphs.append(current)
            current = []
            continue
        covering = [c for c in claims if c.start <= left and c.end >= right]
        owner = min(covering, key=lambda c: (c.end - c.start, c.pk)) if covering else None
        if current and current[-1].claim is owner and owner is not None:
            current[-1] = Segment(current[-1].text + text, owner, current[-1].start)
        else:
            current.append(Segment(text, owner, left))
    if current:
        paragraphs.append(current)
    return [p for p in paragraphs if any(s.text.strip() for s in p)]
