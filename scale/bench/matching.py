"""How well "checked before" finds a claim that another fact-checker restated: the word overlap
SQLite uses and the trigram similarity PostgreSQL uses (external/matching.py), and, given
vectors from scale/bench/embed.py, an offline sentence-embedding model beside them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fc_matching python scale/bench/matching.py \
        [--embeddings /tmp/embeddings.json]

The 42 seed claims (fixtures/articles.json) are matched against a pool of 40 claims as other
fact-checkers would word them (scale/bench/data/restatements.json): 24 restatements of 14
seed claims, some close to the article's words and some far, and 16 distractors, several of
them near misses (the same words about another country or figure). For each method it prints:

- top 1: of the 14 restated claims, how many have a restatement as their nearest pool item;
- at a threshold, as the claim page shows them (the nearest MAX_SHOWN at or above it): the
  restatements shown (recall), and the share of shown items that are restatements (precision);
- the same at the threshold that gives that method its best F1, found by trying every score.

The trigrams need PostgreSQL (the database is created and migrated if missing); on SQLite
only the word overlap is scored.
"""

import argparse
import json
import os
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from claims.matching import jaccard  # noqa: E402
from external.matching import MAX_SHOWN, MIN_SIMILARITY  # noqa: E402
from scale.bench.database import ensure_database  # noqa: E402

SEED = json.loads((BASE / "fixtures" / "articles.json").read_text(encoding="utf-8"))
DATA = json.loads((BASE / "scale" / "bench" / "data" / "restatements.json").read_text())


def trigram_scores(claims, pool):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.pk, p.n, similarity(c.text, p.text) FROM"
            " unnest(%s::int[], %s::text[]) AS c(pk, text),"
            " unnest(%s::text[]) WITH ORDINALITY AS p(text, n)",
            [list(claims), list(claims.values()), pool],
        )
        return {(pk, pool[n - 1]): score for pk, n, score in cursor.fetchall()}


def embedding_scores(path, claims, pool):
    vectors = json.loads(Path(path).read_text())
    scores = {}
    for pk in claims:
        a = vectors["claims"][str(pk)]
        for text in pool:
            scores[pk, text] = sum(x * y for x, y in zip(a, vectors["pool"][text], strict=True))
    return scores, vectors


def evaluate(scores, claims, pool, truth, threshold):
    """(top-1 hits, restatements shown, items shown) at `threshold`."""
    top1 = shown = right = 0
    for pk in claims:
        ranked = sorted(pool, key=lambda text: -scores[pk, text])
        if pk in truth and ranked[0] in truth[pk]:
            top1 += 1
        for text in [t for t in ranked if scores[pk, t] >= threshold][:MAX_SHOWN]:
            shown += 1
            right += text in truth.get(pk, ())
    return top1, right, shown


def report(name, scores, claims, pool, truth, threshold, label="the claim page's"):
    pairs = sum(len(texts) for texts in truth.values())

    def line(label, t):
        top1, right, shown = evaluate(scores, claims, pool, truth, t)
        precision = right / shown if shown else 0.0
        recall = right / pairs
        score = 2 * precision * recall / (precision + recall) if right else 0.0
        print(
            f"  {label:<22} threshold {t:.2f}: shown {shown:>3}, restatements found "
            f"{right:>2}/{pairs} (recall {recall:.0%}), precision {precision:.0%}, F1 {score:.2f}"
        )
        return top1, score

    print(f"{name}")
    top1, _ = line(label, threshold)
    print(f"  top 1: {top1}/{len(truth)} restated claims have a restatement nearest")
    best = max(sorted(set(scores.values())), key=lambda t: f1(scores, claims, pool, truth, t))
    line("its best", best)


def f1(scores, claims, pool, truth, t):
    pairs = sum(len(texts) for texts in truth.values())
    _, right, shown = evaluate(scores, claims, pool, truth, t)
    if not right:
        return 0.0
    precision, recall = right / shown, right / pairs
    return 2 * precision * recall / (precision + recall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embeddings", help="the JSON scale/bench/embed.py printed")
    args = parser.parse_args()
    ensure_database()
    claims = {o["pk"]: o["fields"]["statement"] for o in SEED if o["model"] == "claims.claim"}
    pool = [r["text"] for r in DATA["restatements"]] + DATA["distractors"]
    truth = {}
    for r in DATA["restatements"]:
        truth.setdefault(r["claim"], set()).add(r["text"])
    print(
        f"{len(claims)} seed claims against {len(pool)} restated claims "
        f"({len(DATA['restatements'])} restatements of {len(truth)} claims, "
        f"{len(DATA['distractors'])} distractors); the claim page shows at most {MAX_SHOWN}."
    )
    words = {(pk, text): jaccard(claims[pk], text) for pk in claims for text in pool}
    report("Word overlap (SQLite)", words, claims, pool, truth, MIN_SIMILARITY)
    if connection.vendor == "postgresql":
        report(
            "Trigrams (PostgreSQL)",
            trigram_scores(claims, pool),
            claims,
            pool,
            truth,
            MIN_SIMILARITY,
        )
    if args.embeddings:
        scores, vectors = embedding_scores(args.embeddings, claims, pool)
        report(
            f"Embeddings: {vectors['model']}, {vectors['per_sentence_ms']} ms a sentence",
            scores,
            claims,
            pool,
            truth,
            # A cosine that shows about as many items as the word overlap does at its own.
            0.8,
            label="at cosine 0.80",
        )


if __name__ == "__main__":
    main()
