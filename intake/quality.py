"""Recall and precision of the candidate finder against a labelled set of claims."""

import json
from dataclasses import dataclass
from pathlib import Path

from .candidates import find_candidates

LABELS = Path(__file__).parent / "tests" / "data" / "seed_labels.json"


@dataclass
class Quality:
    labels: int
    found_labels: int
    number_labels: int
    found_number_labels: int
    candidates: int
    matching_candidates: int
    missed: list

    @property
    def recall(self):
        return self.found_labels / self.labels if self.labels else 1.0

    @property
    def number_recall(self):
        return self.found_number_labels / self.number_labels if self.number_labels else 1.0

    @property
    def precision(self):
        return self.matching_candidates / self.candidates if self.candidates else 1.0


def _overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def measure(articles_dir, labels_path=LABELS):
    """Label spans are found in the article files; a candidate overlapping one matches it."""
    labels = json.loads(Path(labels_path).read_text(encoding="utf-8"))["labels"]
    by_file = {}
    for label in labels:
        by_file.setdefault(label["file"], []).append(label)
    totals = dict.fromkeys(
        ("labels", "found", "numbers", "found_numbers", "candidates", "matching"), 0
    )
    missed = []
    present = {p.name for p in Path(articles_dir).glob("*.txt")}
    absent = sorted(set(by_file) - present)
    if absent:
        # Measuring without the labelled articles would report 0/0 as perfect scores.
        raise FileNotFoundError(
            f"{articles_dir} lacks the labelled article files: {', '.join(absent)}"
        )
    for path in sorted(Path(articles_dir).glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        spans = [(c.start, c.end) for c in find_candidates(body)]
        totals["candidates"] += len(spans)
        file_labels = by_file.get(path.name, [])
        label_spans = []
        for label in file_labels:
            start = body.index(label["quote"])  # a label that is not in the text is an error
            label_spans.append((start, start + len(label["quote"])))
        totals["matching"] += sum(1 for s in spans if any(_overlaps(s, ls) for ls in label_spans))
        for label, span in zip(file_labels, label_spans, strict=True):
            hit = any(_overlaps(span, s) for s in spans)
            totals["labels"] += 1
            totals["found"] += hit
            totals["numbers"] += label["number"]
            totals["found_numbers"] += hit and label["number"]
            if not hit:
                missed.append((path.name, label["quote"]))
    return Quality(
        totals["labels"],
        totals["found"],
        totals["numbers"],
        totals["found_numbers"],
        totals["candidates"],
        totals["matching"],
        missed,
    )
