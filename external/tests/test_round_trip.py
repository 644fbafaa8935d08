"""factcheck's own ClaimReview feed, read by another desk's factcheck: a second database,
migrated from nothing in a process of its own, imports the feed, and each published claim,
restated there in other words, is recognised as checked before by this desk."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from claims.models import Rating
from factcheck.testing import add_primary_evidence, make_claim

# The second desk's claims: each of this desk's statements as another article words it.
RESTATED = {
    "grew by 35% over the last two years": "Trade between the two countries grew 35% in two years.",
    "Kyrgyzstan is home to four Confucius Institutes": "Kyrgyzstan has four Confucius Institutes.",
}

SECOND_DESK = """
import json, os
from claims.models import Article, Claim, Claimant
from external.matching import checked_before
statements = json.loads(os.environ["SECOND_DESK_STATEMENTS"])
article = Article.objects.create(title="Elsewhere", body="\\n".join(statements))
claimant = Claimant.objects.create(name="A minister")
found = {}
for text in statements:
    start = article.body.index(text)
    claim = Claim.objects.create(article=article, quote=text, start=start, end=start + len(text),
                                 statement=text, claimant=claimant)
    found[text] = [m.external.url for m in checked_before(claim)]
print(json.dumps(found))
"""


def second_desk(tmp_path, *args, **extra_env):
    env = {**os.environ, **extra_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'second.sqlite3'}"}
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    result = subprocess.run(  # noqa: S603 (this checkout's own manage.py)
        [*manage, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db
def test_our_feed_is_recognised_claim_for_claim_in_a_second_database(
    client, article, editor, reviewer, reviewer2, settings, tmp_path
):
    settings.FACTCHECK_PUBLISH_MIN_REVIEWS = 1
    published = {}
    for quote in RESTATED:
        claim = make_claim(article, quote)
        claim.assign([reviewer], by=editor)
        claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=4, rationale="Yes.")
        add_primary_evidence(claim, editor)
        claim.settle(editor=editor, rating=Rating.TRUE, summary="Borne out.")
        claim.publish(editor=editor)
        published[quote] = claim
    feed = tmp_path / "feed.json"
    feed.write_bytes(client.get("/claimreview.json").content)

    second_desk(tmp_path, "migrate", "--no-input", "-v", "0")
    assert "2 new, 0 updated" in second_desk(tmp_path, "import_claimreviews", str(feed))
    found = json.loads(  # the script's one line of output
        second_desk(
            tmp_path,
            "shell",
            "--no-imports",
            "-c",
            SECOND_DESK,
            SECOND_DESK_STATEMENTS=json.dumps(list(RESTATED.values())),
        )
    )
    for quote, restated in RESTATED.items():
        public = f"/factchecks/{published[quote].pk}/"
        assert [url for url in found[restated] if url.endswith(public)], (restated, found)
