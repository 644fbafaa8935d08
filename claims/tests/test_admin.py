"""The back office: Django's admin over every model, driving the workflow by actions."""

import pytest
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import (
    Article,
    Assignment,
    Claim,
    Evidence,
    Outlet,
    Rating,
    Review,
    Snapshot,
    StatusChange,
    Verdict,
)
from factcheck.testing import archived_snapshot, make_claim, make_claimant

Status = Claim.Status


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def url(model, view, *args):
    return reverse(f"admin:claims_{model._meta.model_name}_{view}", args=args)


def run_action(client, action, claims):
    """Post an action from the claims changelist, as its action bar does."""
    return client.post(
        url(Claim, "changelist"),
        {"action": action, "index": 0, helpers.ACTION_CHECKBOX_NAME: [c.pk for c in claims]},
        follow=True,
    )


def apply_action(client, action, claims, **fields):
    """Submit an action's confirmation page."""
    return client.post(
        url(Claim, "changelist"),
        {
            "action": action,
            "apply": "Go",
            helpers.ACTION_CHECKBOX_NAME: [c.pk for c in claims],
            **fields,
        },
        follow=True,
    )


def reported(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


def status_of(claim):
    return Claim.objects.get(pk=claim.pk).status


# Every page opens

ALL_MODELS = [Outlet, Article, Claim, Evidence, Assignment, Review, Verdict, StatusChange, Snapshot]
WORKFLOW_RECORDS = [Assignment, Review, Verdict, StatusChange, Snapshot]


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_lists_rows(admin_client, settled_claim, model):
    response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_admin_change_page_opens(admin_client, settled_claim, model):
    obj = model.objects.first()
    response = admin_client.get(url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "model", [m for m in ALL_MODELS if m not in WORKFLOW_RECORDS], ids=lambda m: m.__name__
)
def test_admin_add_page_opens(admin_client, model):
    assert admin_client.get(url(model, "add")).status_code == 200


def test_a_snapshots_copy_is_linked_through_the_checked_view(
    admin_client, settled_claim, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    snapshot = archived_snapshot(settled_claim.evidence.get())
    response = admin_client.get(url(Snapshot, "change", snapshot.pk))
    view = reverse("claims:stored_copy", args=[settled_claim.pk, snapshot.evidence_id, snapshot.pk])
    assert f'<a href="{view}">snapshot-{snapshot.pk}-stats.example.org.html</a>' in response.text
    assert settings.MEDIA_URL not in response.text


@pytest.mark.parametrize("model", WORKFLOW_RECORDS, ids=lambda m: m.__name__)
def test_admin_cannot_add_or_edit_workflow_records_by_hand(admin_client, settled_claim, model):
    obj = model.objects.first()
    assert admin_client.get(url(model, "add")).status_code == 403
    response = admin_client.get(url(model, "change", obj.pk))
    assert response.context["has_change_permission"] is False
    assert admin_client.post(url(model, "change", obj.pk), {}).status_code == 403


def test_claim_change_page_shows_evidence_reviews_verdict_and_history(admin_client, settled_claim):
    response = admin_client.get(url(Claim, "change", settled_claim.pk))

    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Trade statistics",  # evidence
        "Customs data agree.",  # a review's rationale
        "Period is unclear.",
        "Customs data bear the figure out.",  # the verdict
        "Assigned rita, ravi.",  # history
    ]:
        assert text in page
    assert 'name="status"' not in page


def test_admin_adds_a_claim_with_its_end_offset_computed(admin_client, admin_user, article):
    quote = "four Confucius Institutes"
    start = article.body.index(quote)

    response = admin_client.post(
        url(Claim, "add"),
        {
            "article": article.pk,
            "quote": quote,
            "start": start,
            "claimant": make_claimant("The minister").pk,
            "kind": Claim.Kind.QUANTITY,
            **empty_inlines(),
        },
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.end, claim.statement, claim.created_by) == (start + len(quote), quote, admin_user)
    assert claim.status == Status.DRAFT


def test_admin_claim_form_refuses_a_quote_not_in_the_article_at_its_offset(admin_client, article):
    response = admin_client.post(
        url(Claim, "add"),
        {
            "article": article.pk,
            "quote": "five Confucius Institutes",
            "start": article.body.index("four Confucius"),
            "claimant": make_claimant("The minister").pk,
            "kind": Claim.Kind.QUANTITY,
            **empty_inlines(),
        },
    )

    assert response.status_code == 200
    assert "quote" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


def empty_inlines():
    prefixes = ["evidence", "assignments", "reviews", "verdict", "status_changes"]
    return {
        f"{prefix}-{key}": value
        for prefix in prefixes
        for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
    }


def test_claim_words_freeze_as_the_claim_moves_on(admin_client, claim, editor, reviewer):
    def inputs(claim):
        page = admin_client.get(url(Claim, "change", claim.pk)).content.decode()
        return {
            name for name in ["quote", "start", "statement", "claimant"] if f'name="{name}"' in page
        }

    assert inputs(claim) == {"quote", "start", "statement", "claimant"}

    claim.assign([reviewer], by=editor)
    assert inputs(claim) == {"statement", "claimant"}

    claim.submit_review(reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="Ok.")
    claim.settle(editor=editor, rating=Rating.TRUE, summary="Right.")
    assert inputs(claim) == set()


def test_article_body_is_read_only_once_claims_point_into_it(admin_client, article, claim):
    page = admin_client.get(url(Article, "change", article.pk)).content.decode()
    assert 'name="body"' not in page

    other = Article.objects.create(title="No claims yet", body="Nothing checked here.")
    page = admin_client.get(url(Article, "change", other.pk)).content.decode()
    assert 'name="body"' in page


def test_admin_evidence_is_added_through_the_workflow(admin_client, admin_user, claim):
    data = {
        "claim": claim.pk,
        "url": "https://stat.example.kg/trade",
        "title": "Customs statistics",
        "stance": Evidence.Stance.SUPPORTS,
        "source_type": Evidence.SourceType.PRIMARY,
    }
    response = admin_client.post(url(Evidence, "add"), data)

    assert response.status_code == 302
    assert Evidence.objects.get().added_by == admin_user


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org/f"])
def test_admin_evidence_refuses_links_that_are_not_web_links(admin_client, claim, link):
    data = {
        "claim": claim.pk,
        "url": link,
        "title": "Bad link",
        "stance": Evidence.Stance.SUPPORTS,
        "source_type": Evidence.SourceType.PRIMARY,
    }
    response = admin_client.post(url(Evidence, "add"), data)

    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not Evidence.objects.exists()


def test_admin_evidence_cannot_be_added_to_a_published_claim(admin_client, settled_claim, editor):
    settled_claim.publish(editor=editor)
    count = Evidence.objects.count()
    data = {
        "claim": settled_claim.pk,
        "url": "https://example.org/late",
        "title": "Too late",
        "stance": Evidence.Stance.CONTEXT,
        "source_type": Evidence.SourceType.SECONDARY,
    }
    response = admin_client.post(url(Evidence, "add"), data)

    assert response.status_code == 200
    assert "claim" in response.context["adminform"].form.errors
    assert Evidence.objects.count() == count


# Publish action


def test_publish_action_publishes_settled_claims_and_reports_refusals(
    admin_client, admin_user, settled_claim, article
):
    draft = make_claim(article, "four Confucius Institutes")

    response = run_action(admin_client, "publish_claims", [settled_claim, draft])

    assert response.status_code == 200
    assert status_of(settled_claim) == Status.PUBLISHED
    assert Verdict.objects.get(claim=settled_claim).published_at is not None
    assert StatusChange.objects.filter(
        claim=settled_claim, to_status=Status.PUBLISHED, actor=admin_user
    ).exists()
    assert status_of(draft) == Status.DRAFT
    assert not StatusChange.objects.filter(claim=draft).exists()
    report = reported(response)
    assert (messages.SUCCESS, f"Claim {settled_claim.pk} “{settled_claim}”: published.") in report
    assert any(
        level == messages.ERROR and f"Claim {draft.pk} " in text and "is draft" in text
        for level, text in report
    )


def test_editor_with_staff_access_can_publish_through_the_admin(client, editor, settled_claim):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)

    run_action(client, "publish_claims", [settled_claim])

    assert status_of(settled_claim) == Status.PUBLISHED


# Assign action


def test_assign_action_asks_for_reviewers_from_the_reviewer_group(
    admin_client, claim, reviewer, reviewer2, editor
):
    response = run_action(admin_client, "assign_reviewers", [claim])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/claims/claim/workflow_action.html"
    choices = set(response.context["form"].fields["reviewers"].queryset)
    assert choices == {reviewer, reviewer2}
    assert status_of(claim) == Status.DRAFT
    assert not Assignment.objects.exists()


def test_assign_action_assigns_reviewers_through_the_workflow(
    admin_client, admin_user, article, reviewer, reviewer2, settled_claim
):
    claim = make_claim(article, "four Confucius Institutes")
    before = list(StatusChange.objects.filter(claim=settled_claim).values())

    response = apply_action(
        admin_client,
        "assign_reviewers",
        [claim, settled_claim],
        reviewers=[reviewer.pk, reviewer2.pk],
    )

    assert response.status_code == 200
    assert status_of(claim) == Status.IN_REVIEW
    assert set(Assignment.objects.filter(claim=claim).values_list("reviewer", flat=True)) == {
        reviewer.pk,
        reviewer2.pk,
    }
    change = StatusChange.objects.get(claim=claim)
    assert (change.from_status, change.to_status, change.actor) == (
        Status.DRAFT,
        Status.IN_REVIEW,
        admin_user,
    )
    assert status_of(settled_claim) == Status.SETTLED
    assert list(StatusChange.objects.filter(claim=settled_claim).values()) == before
    report = reported(response)
    assert (messages.SUCCESS, f"Claim {claim.pk} “{claim}”: assigned Ravi, Rita.") in report
    assert any(
        level == messages.ERROR and f"Claim {settled_claim.pk} " in text for level, text in report
    )


def test_assign_action_refuses_someone_outside_the_reviewer_group(admin_client, claim, editor):
    response = apply_action(admin_client, "assign_reviewers", [claim], reviewers=[editor.pk])

    assert response.status_code == 200
    assert "reviewers" in response.context["form"].errors
    assert status_of(claim) == Status.DRAFT
    assert not Assignment.objects.exists()


# Settle action


def test_settle_action_shows_the_reviews_then_settles_a_reviewed_claim(
    admin_client, admin_user, reviewed_claim, article
):
    draft = make_claim(article, "four Confucius Institutes")

    page = run_action(admin_client, "settle_claims", [reviewed_claim, draft])
    assert page.status_code == 200
    assert "Rita: Mostly true (4/5)" in page.content.decode()
    assert status_of(reviewed_claim) == Status.REVIEWED

    response = apply_action(
        admin_client,
        "settle_claims",
        [reviewed_claim, draft],
        rating=Rating.HALF_TRUE,
        summary="The figure holds for trade in goods only.",
    )

    assert status_of(reviewed_claim) == Status.SETTLED
    verdict = Verdict.objects.get(claim=reviewed_claim)
    assert (verdict.rating, verdict.summary, verdict.editor) == (
        Rating.HALF_TRUE,
        "The figure holds for trade in goods only.",
        admin_user,
    )
    assert StatusChange.objects.filter(
        claim=reviewed_claim, to_status=Status.SETTLED, actor=admin_user
    ).exists()
    assert status_of(draft) == Status.DRAFT
    assert not Verdict.objects.filter(claim=draft).exists()
    report = reported(response)
    assert (
        messages.SUCCESS,
        f"Claim {reviewed_claim.pk} “{reviewed_claim}”: settled as Half true.",
    ) in report
    assert any(level == messages.ERROR and f"Claim {draft.pk} " in text for level, text in report)


def test_settle_action_needs_a_summary(admin_client, reviewed_claim):
    response = apply_action(
        admin_client, "settle_claims", [reviewed_claim], rating=Rating.TRUE, summary="   "
    )

    assert "summary" in response.context["form"].errors
    assert status_of(reviewed_claim) == Status.REVIEWED
    assert not Verdict.objects.exists()


# Deleting reviews and verdicts


@pytest.mark.parametrize("model", [Review, Verdict], ids=lambda m: m.__name__)
def test_staff_editor_cannot_delete_reviews_or_verdicts(client, editor, settled_claim, model):
    editor.is_staff = True
    editor.save()
    # Even holding the delete permission is not enough: only superusers may.
    editor.user_permissions.add(Permission.objects.get(codename=f"delete_{model._meta.model_name}"))
    editor = type(editor).objects.get(pk=editor.pk)  # a fresh permission cache
    assert editor.has_perm(f"claims.delete_{model._meta.model_name}")
    obj = model.objects.first()
    request = RequestFactory().get("/")
    request.user = editor

    assert admin.site.get_model_admin(model).has_delete_permission(request, obj) is False
    client.force_login(editor)
    assert client.get(url(model, "delete", obj.pk)).status_code == 403
    assert client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", [Review, Verdict], ids=lambda m: m.__name__)
def test_superuser_may_delete_reviews_and_verdicts(admin_client, settled_claim, model):
    obj = model.objects.first()
    assert admin_client.get(url(model, "delete", obj.pk)).status_code == 200


# Queries


def changelist_queries(client, model):
    client.get(url(model, "changelist"))  # warm caches such as content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    return len(queries), response.context["cl"].result_count


def add_claims(article, reviewer, editor, count):
    quotes = ["Trade between the two countries", "four Confucius Institutes", "over a thousand"]
    for n in range(count):
        claim = make_claim(article, quotes[n % len(quotes)], claimant=f"Claimant {n}")
        if n % 2:
            # Rows written directly: only their presence on the page matters here.
            Review.objects.create(
                claim=claim, reviewer=reviewer, rating=Rating.TRUE, confidence=3, rationale="Ok."
            )
            Verdict.objects.create(claim=claim, rating=Rating.TRUE, summary="Ok.", editor=editor)


def test_claims_changelist_runs_the_same_queries_for_3_or_20_claims(
    admin_client, article, reviewer, editor
):
    add_claims(article, reviewer, editor, 3)
    few, shown = changelist_queries(admin_client, Claim)
    assert (few, shown) == (5, 3)

    add_claims(article, reviewer, editor, 17)
    many, shown = changelist_queries(admin_client, Claim)
    assert shown == 20

    assert many == few


def test_articles_changelist_runs_the_same_queries_for_3_or_20_articles(
    admin_client, outlet, reviewer, editor
):
    def add_articles(first, count):
        for n in range(first, first + count):
            article = Article.objects.create(
                title=f"Article {n}", outlet=outlet, body=f"Trade grew by {n}% last year."
            )
            make_claim(article, "Trade grew")

    add_articles(0, 3)
    few, shown = changelist_queries(admin_client, Article)
    assert (few, shown) == (8, 3)

    add_articles(3, 17)
    many, shown = changelist_queries(admin_client, Article)
    assert shown == 20

    assert many == few
