"""Broken fixtures are refused whole, with an error that names the record and the rule."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import (
    INVARIANTS,
    Article,
    Claim,
    Review,
    Verdict,
)

from .fixture_files import (
    ARTICLES,
    DEMO,
    counts,
    fixture_records,
)

# --- Broken fixtures are refused whole


def write_fixture(tmp_path, name, records):
    path = tmp_path / name
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def seed_claim(pk, **changes):
    record = json.loads(json.dumps(fixture_records(ARTICLES, "claims.claim")[0]))
    record["pk"] = pk
    record["fields"].update(changes)
    return record


def test_a_claim_whose_offsets_miss_its_quote_is_refused(seeded, tmp_path):
    good = seed_claim(900)
    fields = good["fields"]
    shifted = seed_claim(901, start=fields["start"] + 1, end=fields["end"] + 1)
    path = write_fixture(tmp_path, "shifted_claim.json", [good, shifted])
    before = counts()
    with pytest.raises(CommandError, match=r"claims\.Claim\(pk=901\)"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before
    assert not Claim.objects.filter(pk__in=[900, 901]).exists()


def test_an_evidence_link_that_is_not_a_web_address_is_refused(seeded, tmp_path):
    def evidence(pk, url):
        return {
            "model": "claims.evidence",
            "pk": pk,
            "fields": {
                "claim": 1,
                "url": url,
                "title": "A source",
                "publisher": "",
                "stance": "context",
                "source_type": "secondary",
                "excerpt": "",
                "added_by": None,
                "added_at": "2026-11-02T09:00:00Z",
            },
        }

    records = [evidence(899, "https://www.worldbank.org/"), evidence(900, "javascript:alert(1)")]
    path = write_fixture(tmp_path, "script_link.json", records)
    before = counts()
    with pytest.raises(CommandError, match=r"claims\.Evidence\(pk=900\).*url"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before


def test_an_article_with_a_wrong_content_hash_is_refused(seeded, tmp_path):
    body = "A short article.\nIt says one thing.\n"
    records = [
        {"model": "claims.outlet", "pk": 900, "fields": {"name": "Example", "homepage": ""}},
        {
            "model": "claims.article",
            "pk": 900,
            "fields": {
                "title": "A short article",
                "url": "",
                "outlet": 900,
                "author": "",
                "published_on": None,
                "body": body,
                "content_hash": Article.hash_body(body + "changed"),
                "created_at": "2026-11-01T09:00:00Z",
            },
        },
    ]
    path = write_fixture(tmp_path, "wrong_hash.json", records)
    before = counts()
    with pytest.raises(CommandError, match=r"claims\.Article\(pk=900\).*content_hash"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before


def malformed_fixture(tmp_path):
    path = tmp_path / "half_written.json"
    path.write_text('[{"model": "claims.outlet", "pk": 900, "fields": {"name": "Half', "utf-8")
    return path


def test_malformed_json_is_refused_naming_the_file_and_reason_and_changes_nothing(seeded, tmp_path):
    path = malformed_fixture(tmp_path)
    before = counts()
    with pytest.raises(CommandError, match=r"half_written\.json.*Unterminated string"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before


def claim_record(pk, **fields):
    """A draft claim as a fixture record, with `fields` overriding the defaults."""
    defaults = {
        "statement": "x",
        "claimant": 1,  # Aktilek Musaeva, in articles.json
        "claimant_name": "Aktilek Musaeva",
        "kind": "other",
        "status": "draft",
        "created_at": "2026-11-01T09:00:00Z",
        "updated_at": "2026-11-01T09:00:00Z",
    }
    return {"model": "claims.claim", "pk": pk, "fields": {**defaults, **fields}}


def test_offsets_that_do_not_span_the_quote_are_named(seeded, tmp_path):
    claim = Claim.objects.first()
    records = [
        claim_record(
            900, article=claim.article_id, quote=claim.quote, start=claim.start, end=claim.end + 3
        )
    ]
    path = write_fixture(tmp_path, "long_offsets.json", records)
    before = counts()
    with pytest.raises(CommandError, match=r"claims\.Claim\(pk=900\).*do not span its quote"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before


def test_a_claim_last_changed_before_it_was_made_is_refused(seeded, tmp_path):
    claim = Claim.objects.first()
    records = [
        claim_record(
            903,
            article=claim.article_id,
            quote=claim.quote,
            start=claim.start,
            end=claim.end,
            created_at="2026-11-02T09:00:00Z",
            updated_at="2026-11-01T09:00:00Z",
        )
    ]
    path = write_fixture(tmp_path, "changed_before_made.json", records)
    before = counts()
    with pytest.raises(CommandError, match=r"claims\.Claim\(pk=903\).*claim_updated_after_created"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before


def test_a_claim_of_a_missing_article_is_refused(seeded, tmp_path):
    records = [claim_record(901, article=424242, quote="abc", start=0, end=3)]
    path = write_fixture(tmp_path, "orphan.json", records)
    before = counts()
    with pytest.raises(CommandError, match=r"424242|claims_claim"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before


def test_a_claimant_name_that_is_not_its_claimants_is_refused(seeded, tmp_path):
    claim = Claim.objects.first()
    records = [
        claim_record(
            902,
            article=claim.article_id,
            quote=claim.quote,
            start=claim.start,
            end=claim.end,
            claimant_name="the article's author",
        )
    ]
    path = write_fixture(tmp_path, "misnamed.json", records)
    before = counts()
    with pytest.raises(CommandError, match=r"claims\.Claim\(pk=902\).*not its claimant's name"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before


def test_loading_fixtures_writes_no_change_history(seeded):

    assert Review.history.count() == 0
    assert Claim.history.count() == 0


def test_a_claim_with_an_unknown_status_is_refused_and_changes_nothing(seeded, tmp_path):
    path = write_fixture(tmp_path, "bogus_status.json", [seed_claim(900, status="bogus")])
    before = counts()
    with pytest.raises(CommandError, match=r"claims\.Claim\(pk=900\).*status: .*'bogus'"):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before
    assert not Claim.objects.filter(pk=900).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "published-and-then-some"}, "status"),  # too long for the column, too
        ({"version": -1}, "version"),
        ({"created_at": None}, "created_at"),
    ],
)
def test_non_editable_fields_are_validated_too(seeded, tmp_path, changes, field):
    path = write_fixture(tmp_path, "non_editable.json", [seed_claim(900, **changes)])
    before = counts()
    with pytest.raises(CommandError, match=rf"claims\.Claim\(pk=900\).*{field}: "):
        call_command("loaddata", str(path), verbosity=0)
    assert counts() == before


# --- Fixtures that break a workflow invariant are refused whole


def demo_record(model, pk, **changes):
    record = next(r for r in fixture_records(DEMO, model) if r["pk"] == pk)
    record = json.loads(json.dumps(record))
    record["fields"].update(changes)
    return record


def assignment(pk, claim, reviewer):
    fields = {"claim": claim, "reviewer": reviewer, "assigned_by": 3}
    return {"model": "claims.assignment", "pk": pk, "fields": {**fields, "assigned_at": LATER}}


def review(pk, claim, reviewer):
    fields = {
        "claim": claim,
        "reviewer": reviewer,
        "rating": 4,
        "confidence": 3,
        "rationale": "Looks right.",
        "blind_rating": 4,
        "blind_rationale": "Looks right.",
        "evidence": [],
        "submitted_at": LATER,
        "updated_at": LATER,
    }
    return {"model": "claims.review", "pk": pk, "fields": fields}


def move(pk, claim, from_status, to_status):
    fields = {"claim": claim, "from_status": from_status, "to_status": to_status, "actor": 3}
    return {
        "model": "claims.statuschange",
        "pk": pk,
        "fields": {**fields, "note": "", "created_at": LATER},
    }


def verdict(pk, claim, **changes):
    fields = {
        "claim": claim,
        "rating": 4,
        "summary": "Mostly right.",
        "editor": 3,
        "settled_at": LATER,
        "published_at": None,
    }
    return {"model": "claims.verdict", "pk": pk, "fields": {**fields, **changes}}


LATER = "2026-11-20T09:00:00Z"
# In the demo: claim 1 is a draft, 31 is in review (reviewer2 has reviewed, reviewer has
# not), 32 is reviewed by both, 17 is settled (verdict 2). Users: 1 and 2 are the
# reviewers, 3 the editor, 4 the admin.
BREAKING = {
    "no_records_before_review": (1, [assignment(900, claim=1, reviewer=1)]),
    "reviews_by_assigned_reviewers": (31, [review(900, claim=31, reviewer=4)]),
    "in_review_waits_for_a_reviewer": (31, [review(900, claim=31, reviewer=1)]),
    "reviewed_by_every_assigned_reviewer": (32, [assignment(900, claim=32, reviewer=4)]),
    "decided_has_a_verdict": (
        32,
        [
            demo_record("claims.claim", 32, status="settled", updated_at=LATER),
            move(900, 32, "reviewed", "settled"),
        ],
    ),
    "published_has_a_publication": (
        17,
        [
            demo_record("claims.claim", 17, status="published", updated_at=LATER),
            move(900, 17, "settled", "published"),
        ],
    ),
    "published_at_means_a_revision": (17, [demo_record("claims.verdict", 2, published_at=LATER)]),
    "verdict_under_review_was_reopened": (32, [verdict(900, claim=32)]),
    "status_is_the_last_move": (17, [move(900, 17, "settled", "published")]),
}


def workflow_state():
    claims = Claim.objects.order_by("pk").values_list("pk", "status", "version", "updated_at")
    verdicts = Verdict.objects.order_by("pk").values_list("pk", "published_at")
    return list(claims), list(verdicts)


def test_every_invariant_has_a_fixture_that_breaks_it():
    assert set(BREAKING) == {invariant.name for invariant in INVARIANTS}


@pytest.mark.parametrize("name", BREAKING)
def test_a_fixture_breaking_an_invariant_is_refused_naming_claim_and_rule(demo, tmp_path, name):
    pk, records = BREAKING[name]
    invariant = next(i for i in INVARIANTS if i.name == name)
    path = write_fixture(tmp_path, f"{name}.json", records)
    before = counts()
    state = workflow_state()
    with pytest.raises(CommandError) as refused:
        call_command("loaddata", str(path), verbosity=0)
    broken = [line for line in str(refused.value).splitlines() if " breaks " in line]
    # The fixture breaks this rule and no other, so each rule is tested on its own.
    assert broken == [f"claims.Claim(pk={pk}) breaks {name}: {invariant.rule}."]
    assert counts() == before
    assert workflow_state() == state
