"""Measure how long a misspelt quote takes to answer with its nearest passages.

    python scale/bench/quote_suggestions.py

Article.locate_quote on articles that are not saved (no database is read):
one seed article, the five seed articles joined, and two long synthetic texts.
Each case is run five times; the fastest and the slowest are printed.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from claims.models import Article  # noqa: E402
from claims.models.quoting import QuoteNotFound  # noqa: E402

SEEDS = sorted((ROOT / "fixtures" / "seed_articles").glob("*.txt"))
RUNS = 5


def synthetic(paragraphs):
    return "\n".join(
        f"Paragraph {i}: trade between the two countries grew by {i % 90}% last year."
        for i in range(paragraphs)
    )


def cases():
    one = (ROOT / "fixtures" / "seed_articles" / "002_428a3d3bedef6237.txt").read_text()
    yield "one seed article", one, "Kyrgystan is home to four Confucious Institutes"
    joined = "\n".join(path.read_text() for path in SEEDS)
    yield "five seed articles", joined, "a remarkable 35% increse in bilateral trade"
    yield "synthetic, 3,000 paragraphs", synthetic(3_000), "trade betwen the two countreis grew"
    yield "synthetic, 15,000 paragraphs", synthetic(15_000), "trade betwen the two countreis grew"


def main():
    print(f"{'case':32} {'characters':>11} {'fastest':>9} {'slowest':>9}  suggestions")
    for name, body, quote in cases():
        article = Article(title=name, body=body)
        times, found = [], 0
        for _ in range(RUNS):
            began = time.perf_counter()
            try:
                article.locate_quote(quote)
            except QuoteNotFound as miss:
                found = len(miss.suggestions)
            times.append(time.perf_counter() - began)
        print(
            f"{name:32} {len(body):>11,} {min(times) * 1000:>7.0f}ms {max(times) * 1000:>7.0f}ms"
            f"  {found}"
        )


if __name__ == "__main__":
    main()
