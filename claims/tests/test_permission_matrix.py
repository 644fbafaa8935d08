"""Every URL of the site, as every kind of visitor, with GET and POST.

The list of URLs comes from the URL resolver, so a new page without a row here
fails `test_every_url_is_in_the_matrix`: nobody can add a page and forget to
say who may open it. POSTs send no data: a visitor who may act gets past the
permission check to the form's validation (a form that fails is sent back,
303, to the page it lives on) or the workflow's refusal (302 back to the
claim with a message); one who may not gets 403. A GET on a POST-only URL is
sent to the page its form lives on (302), never a 405.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.models import ApiToken, Webhook
from claims.models import Note, SavedView, Tag
from external.models import Feed
from factcheck.testing import (
    add_primary_evidence,
    archived_snapshot,
    make_user,
    numeric_structure,
)

LOGIN = "login"  # a redirect to the login page
ADMIN_LOGIN = "admin-login"
PERSONAS = ["anonymous", "reviewer", "outsider", "editor", "admin"]


def row(get, post):
    """Expected outcomes per persona, in PERSONAS order, for GET and for POST."""
    return {
        "GET": dict(zip(PERSONAS, get, strict=True)),
        "POST": dict(zip(PERSONAS, post, strict=True)),
    }


ALL_200 = [LOGIN, 200, 200, 200, 200]
POST_ONLY = [405] * 5
BACK = [302] * 5  # a GET on a POST-only URL goes to the page its form lives on
GET_ONLY = [405] * 5
EDITORS_ONLY = [LOGIN, 403, 403, 200, 200]
API_POST_ONLY = [401, 405, 405, 405, 405]

# url name -> (args kind, expectations)
MATRIX = {
    "login": (None, row([200, 302, 302, 302, 302], [200, 302, 302, 302, 302])),
    "logout": (None, row(POST_ONLY, [302] * 5)),
    "claims:home": (None, row(ALL_200, GET_ONLY)),
    # The rating levels' colours: every page links it, the public ones too.
    "claims:rating_styles": (None, row([200] * 5, GET_ONLY)),
    "claims:claim_list": ("", row(ALL_200, [LOGIN, 405, 405, 405, 405])),
    "claims:claim": ("claim", row(ALL_200, GET_ONLY)),
    # Bulk actions are for editors; a bare GET or POST names no action and no claims.
    "claims:bulk": (None, row([LOGIN, 403, 403, 400, 400], [LOGIN, 403, 403, 400, 400])),
    # Saved views: everyone's own; a bare POST names no view to save.
    "claims:saved_views": (None, row(ALL_200, [LOGIN, 400, 400, 400, 400])),
    # The view in the matrix is the reviewer's, private: opening it goes to the list;
    # anyone else's answer is that there is no such view.
    "claims:saved_view": ("saved_view", row([LOGIN, 302, 404, 404, 404], GET_ONLY)),
    "claims:saved_view_change": ("saved_view", row(BACK, [LOGIN, 400, 404, 404, 404])),
    "claims:claim_edit": ("claim", row([LOGIN, 403, 403, 200, 200], [LOGIN, 403, 403, 400, 400])),
    "claims:add_evidence": ("claim", row(BACK, [LOGIN, 303, 303, 303, 303])),
    "claims:submit_review": ("claim", row(BACK, [LOGIN, 303, 303, 303, 303])),
    "claims:save_review_draft": ("claim", row(BACK, [LOGIN, 302, 302, 302, 302])),
    "claims:assign": ("claim", row(BACK, [LOGIN, 403, 403, 303, 303])),
    "claims:plan": ("claim", row(BACK, [LOGIN, 403, 403, 303, 303])),
    "claims:settle": ("claim", row(BACK, [LOGIN, 403, 403, 303, 303])),
    # Publishing is sent from the preview page; a bare POST lacks its mark.
    "claims:publish": ("claim", row(BACK, [LOGIN, 403, 403, 303, 303])),
    # The evidence in the matrix was added by the reviewer: its author, and editors, may change it.
    "claims:correct_evidence": (
        "evidence",
        row([LOGIN, 200, 403, 200, 200], [LOGIN, 400, 403, 400, 400]),
    ),
    "claims:retract_evidence": ("evidence", row(BACK, [LOGIN, 303, 403, 303, 303])),
    "claims:confirm_evidence": ("evidence", row(BACK, [LOGIN, 403, 403, 302, 302])),
    # A new snapshot of the item's page: for its author (the reviewer) and editors.
    "claims:archive_evidence": ("evidence", row(BACK, [LOGIN, 302, 403, 302, 302])),
    # The item's archived copy, a download, for whoever may see the claim.
    "claims:stored_copy": ("snapshot", row([LOGIN, 200, 200, 200, 200], GET_ONLY)),
    "claims:reopen": ("claim", row(BACK, [LOGIN, 403, 403, 303, 303])),
    # Re-checks are for editors; a bare POST clears a re-check date the draft cannot have
    # (refused, back on the claim), and a confirmation without its note fails the form.
    "claims:recheck": ("claim", row(BACK, [LOGIN, 403, 403, 302, 302])),
    "claims:confirm_recheck": ("claim", row(BACK, [LOGIN, 403, 403, 303, 303])),
    # Notes: whoever may see the claim may post one (a bare POST fails the form). The note in
    # the matrix is the reviewer's, assigned to the claim: its author alone may edit it, the
    # outsider (a reviewer yet to review it) may not read it, so it is not there for them.
    "claims:post_note": ("claim", row(BACK, [LOGIN, 303, 303, 303, 303])),
    "claims:edit_note": ("note", row([LOGIN, 200, 404, 403, 403], [LOGIN, 400, 404, 403, 403])),
    "claims:resolve_note": ("note", row(BACK, [LOGIN, 303, 404, 303, 303])),
    # The note is open: reopening it says so, back on the claim.
    "claims:reopen_note": ("note", row(BACK, [LOGIN, 303, 404, 303, 303])),
    "claims:claimant": ("claimant", row(ALL_200, GET_ONLY)),
    # Merging is for editors; a bare POST names no claimant to merge into.
    "claims:claimant_merge": ("claimant", row(BACK, [LOGIN, 403, 403, 303, 303])),
    # Tags on a claim are for editors; a bare POST names no tag.
    "claims:add_tags": ("claim", row(BACK, [LOGIN, 403, 403, 303, 303])),
    "claims:remove_tags": ("claim", row(BACK, [LOGIN, 403, 403, 303, 303])),
    # The desk's tag list is the editors' to manage.
    "claims:tag_list": (None, row(EDITORS_ONLY, GET_ONLY)),
    "claims:tag": ("tag", row(EDITORS_ONLY, GET_ONLY)),
    "claims:tag_rename": ("tag", row(BACK, [LOGIN, 403, 403, 303, 303])),
    "claims:tag_merge": ("tag", row(BACK, [LOGIN, 403, 403, 303, 303])),
    "claims:article_list": (None, row(ALL_200, GET_ONLY)),
    "claims:article": ("article", row(ALL_200, GET_ONLY)),
    # The pickers' matches (claims.views.lookups), checked here for articles.
    "claims:lookup": ("lookup", row(ALL_200, GET_ONLY)),
    "claims:claim_create": ("article", row(BACK, [LOGIN, 403, 403, 303, 303])),
    # The claim in the matrix is not published, so its public page does not exist.
    "public:factcheck": ("claim", row([404] * 5, GET_ONLY)),
    "public:claimreview_feed": (None, row([200] * 5, GET_ONLY)),
    "public:index": (None, row([200] * 5, GET_ONLY)),
    "public:atom_feed": (None, row([200] * 5, GET_ONLY)),
    "public:methodology": (None, row([200] * 5, GET_ONLY)),
    "public:corrections": (None, row([200] * 5, GET_ONLY)),
    # Editors only; the claim in the matrix is not settled, so they are sent back to it.
    "public:preview": ("claim", row([LOGIN, 403, 403, 302, 302], GET_ONLY)),
    "reports:overview": (None, row(EDITORS_ONLY, GET_ONLY)),
    "reports:agreement": (None, row(EDITORS_ONLY, GET_ONLY)),
    "reports:scorecard": (None, row(EDITORS_ONLY, GET_ONLY)),
    "reports:breakdown": ("dimension", row(EDITORS_ONLY, GET_ONLY)),
    # A claim's numbers: its assigned reviewers (the reviewer) and editors record them; the
    # outsider is a reviewer not assigned to it. A bare POST fails the form (303, back to the
    # page with its errors); a figure removed goes straight back (302).
    "claims:record_measure": ("claim", row(BACK, [LOGIN, 303, 403, 303, 303])),
    "claims:add_figure": ("measure", row(BACK, [LOGIN, 303, 403, 303, 303])),
    "claims:remove_figure": ("figure", row(BACK, [LOGIN, 302, 403, 302, 302])),
    # Which series the verdict uses is the editor's to record.
    "claims:choose_series": ("measure", row(BACK, [LOGIN, 403, 403, 303, 303])),
    "claims:similar": ("claim", row(ALL_200, GET_ONLY)),
    "claims:link": ("claim", row(BACK, [LOGIN, 403, 403, 404, 404])),
    "intake:import": (None, row(EDITORS_ONLY, [LOGIN, 403, 403, 400, 400])),
    # An upload's page and its status, for the editor who made it (and admins): in the
    # matrix the batch is the editor's. Another editor's batch is a 404 (intake/tests).
    "intake:batch": ("batch", row(EDITORS_ONLY, GET_ONLY)),
    "intake:batch_status": ("batch", row(EDITORS_ONLY, GET_ONLY)),
    "intake:propose": ("article", row(BACK, [LOGIN, 403, 403, 302, 302])),
    "intake:review_candidates": ("article", row(BACK, [LOGIN, 302, 302, 302, 302])),
    # Everyone signed in has an inbox; a bare POST of the mail choices lacks every choice.
    "notifications:inbox": (None, row(ALL_200, GET_ONLY)),
    "notifications:settings": (None, row(ALL_200, [LOGIN, 400, 400, 400, 400])),
    "notifications:mark_all_read": (None, row(BACK, [LOGIN, 303, 303, 303, 303])),
    # The notification in the matrix is the reviewer's (the claim's assignment): anyone
    # else's answer is that there is no such notification.
    "notifications:mark_read": ("notification", row(BACK, [LOGIN, 303, 404, 404, 404])),
    # API tokens: each person's own. The token in the matrix is the reviewer's.
    "api:tokens": (None, row(ALL_200, [LOGIN, 303, 303, 303, 303])),
    "api:token_revoke": ("token", row(BACK, [LOGIN, 303, 404, 404, 404])),
    # The API answers in JSON: 401 with no token or session, never a redirect to a login page.
    "api:me": (None, row([401, 200, 200, 200, 200], [401, 405, 405, 405, 405])),
    "api:claim_list": (None, row([401, 200, 200, 200, 200], [401, 405, 405, 405, 405])),
    "api:claim": ("claim", row([401, 200, 200, 200, 200], [401, 405, 405, 405, 405])),
    # The API's moves: the page's forms and rules. An empty body fails the form (400) for
    # whoever may make the move; publishing a claim that is not settled is a conflict (409).
    "api:add_evidence": ("claim", row(API_POST_ONLY, [401, 400, 400, 400, 400])),
    "api:submit_review": ("claim", row(API_POST_ONLY, [401, 400, 400, 400, 400])),
    "api:assign": ("claim", row(API_POST_ONLY, [401, 403, 403, 400, 400])),
    "api:plan": ("claim", row(API_POST_ONLY, [401, 403, 403, 200, 200])),
    "api:settle": ("claim", row(API_POST_ONLY, [401, 403, 403, 400, 400])),
    "api:publish": ("claim", row(API_POST_ONLY, [401, 403, 403, 409, 409])),
    "api:reopen": ("claim", row(API_POST_ONLY, [401, 403, 403, 400, 400])),
    # A bare POST clears a re-check date, which a draft cannot have (409); a confirmation
    # without its note is refused (400).
    "api:recheck": ("claim", row(API_POST_ONLY, [401, 403, 403, 409, 409])),
    "api:confirm_recheck": ("claim", row(API_POST_ONLY, [401, 403, 403, 400, 400])),
    "api:add_tags": ("claim", row(API_POST_ONLY, [401, 403, 403, 400, 400])),
    "api:remove_tags": ("claim", row(API_POST_ONLY, [401, 403, 403, 400, 400])),
    # Evidence is corrected with PATCH; its author (the reviewer) and editors may.
    "api:correct_evidence": ("evidence", row(API_POST_ONLY, API_POST_ONLY)),
    "api:retract_evidence": ("evidence", row(API_POST_ONLY, [401, 400, 403, 400, 400])),
    # Notes through the API: the same rule as the page. An empty body fails the form; the
    # note in the matrix (the reviewer's) is not there for the outsider yet to review; it is
    # open, so reopening it is a conflict.
    "api:notes": ("claim", row([401, 200, 200, 200, 200], [401, 400, 400, 400, 400])),
    "api:note": ("note", row([401, 200, 404, 200, 200], API_POST_ONLY)),
    "api:note_resolve": ("note", row(API_POST_ONLY, [401, 200, 404, 200, 200])),
    "api:note_reopen": ("note", row(API_POST_ONLY, [401, 409, 404, 409, 409])),
    # A POST of the articles imports one; an empty body says what to send.
    "api:article_list": (None, row([401, 200, 200, 200, 200], [401, 403, 403, 400, 400])),
    # The import in the matrix is the editor's; admins see every import.
    "api:import": ("batch", row([401, 403, 403, 200, 200], API_POST_ONLY)),
    "api:article": ("article", row([401, 200, 200, 200, 200], API_POST_ONLY)),
    "api:claim_create": ("article", row(API_POST_ONLY, [401, 403, 403, 400, 400])),
    "api:report": ("report", row([401, 403, 403, 200, 200], API_POST_ONLY)),
    "api:factcheck_list": (None, row([200] * 5, [405] * 5)),
    # Fact-checks published elsewhere: the editors' page; a bare POST imports nothing.
    "external:index": (None, row(EDITORS_ONLY, GET_ONLY)),
    "external:import": (None, row(BACK, [LOGIN, 403, 403, 303, 303])),
    "external:feed": ("feed", row(BACK, [LOGIN, 403, 403, 303, 303])),
    "external:decide": ("claim", row(BACK, [LOGIN, 403, 403, 302, 302])),
    # Webhooks: editors' own (the one in the matrix is the editor's), every one for admins.
    "api:webhooks": (None, row(EDITORS_ONLY, [LOGIN, 403, 403, 303, 303])),
    "api:webhook": ("webhook", row(EDITORS_ONLY, [LOGIN, 403, 403, 303, 303])),
    "api:schema": (None, row([200] * 5, [405] * 5)),
    "api:docs": (None, row([200] * 5, [405] * 5)),
    "api:not_found": (None, row([404] * 5, [404] * 5)),
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # where archived_snapshot stores its copy


def url_names(patterns=None, namespace=""):
    """Every named URL outside the admin, as 'namespace:name'."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    assert set(url_names()) == set(MATRIX)


@pytest.fixture
def visitors(reviewer, editor, admin_user):
    return {
        "anonymous": None,
        "reviewer": reviewer,
        "outsider": make_user("otto", "Reviewer"),
        "editor": editor,
        "admin": admin_user,
    }


def batch_of(user):
    """An upload's batch made by `user` (the intake app's; claims does not import it)."""
    return apps.get_model("intake", "ImportBatch").objects.create(created_by=user).pk


def check(client, method, url, expected):
    response = client.get(url) if method == "GET" else client.post(url, {})
    if expected == LOGIN:
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.url.startswith(reverse("login")), (method, url, response.url)
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.url.startswith(reverse("admin:login")), (method, url, response.url)
    else:
        assert response.status_code == expected, (method, url, response.status_code)


def url_objects(kind, claim, visitors):
    """The rows a URL of `kind` names besides the claim, made for it (see url_args)."""
    if kind in ("evidence", "snapshot"):
        item = claim.evidence.first() or add_primary_evidence(claim, visitors["reviewer"])
        if kind == "snapshot":
            return {"item": item, "snapshot": archived_snapshot(item)}
        return {"item": item}
    if kind == "note":
        note, _ = Note.post(claim=claim, author=visitors["reviewer"], body="Called the ministry.")
        return {"note": note.pk}
    if kind in ("measure", "figure"):
        measure = numeric_structure(claim)
        if kind == "figure":
            item = claim.evidence.first() or add_primary_evidence(claim, visitors["reviewer"])
            return {"figure": measure.figures.create(evidence=item, period="2021", value=1)}
        return {}
    if kind == "token":
        return {"token": ApiToken.objects.issue(user=visitors["reviewer"], name="CMS")[0]}
    if kind == "notification":
        return {"notification": visitors["reviewer"].notifications.get().pk}
    if kind == "batch":
        return {"batch": batch_of(visitors["editor"])}
    if kind == "tag":
        return {"tag": Tag.objects.get_or_create(name="trade")[0].pk}
    if kind == "saved_view":
        view = SavedView.objects.get_or_create(owner=visitors["reviewer"], name="Mine")[0]
        return {"saved_view": view.pk}
    if kind == "webhook":
        hook = Webhook.objects.create(
            owner=visitors["editor"], url="https://cms.example.org/", secret="s" * 16, events=[]
        )
        return {"webhook": hook.pk}
    return {}


def url_args(
    kind,
    claim,
    item=None,
    token=None,
    snapshot=None,
    notification=None,
    batch=None,
    webhook=None,
    note=None,
    tag=None,
    saved_view=None,
    figure=None,
):
    """The arguments of a URL whose row's first item is `kind`."""
    args = {
        None: [],
        "": [],
        "claim": [claim.pk],
        "article": [claim.article_id],
        "claimant": [claim.claimant_id],
        "dimension": ["article"],
        "lookup": ["articles"],
        "report": ["overview"],
        "evidence": [claim.pk, item.pk] if item else None,
        "snapshot": [claim.pk, item.pk, snapshot.pk] if snapshot else None,
        "token": [token.pk] if token else None,
        "notification": [notification],
        "batch": [batch],
        "webhook": [webhook],
        "note": [claim.pk, note],
        "tag": [tag],
        "saved_view": [saved_view],
        "measure": [claim.pk],
        "figure": [claim.pk, figure.pk] if figure else None,
        "feed": lambda: [Feed.objects.get_or_create(url="https://feeds.example.org/cr.json")[0].pk],
    }[kind]
    return args() if callable(args) else args


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, visitors, claim_in_review, persona, name):
    args_kind, expectations = MATRIX[name]
    args = url_args(args_kind, claim_in_review, **url_objects(args_kind, claim_in_review, visitors))
    url = reverse(name, args=args)
    user = visitors[persona]
    for method in ("GET", "POST"):
        client.logout()
        if user is not None:
            client.force_login(user)
        check(client, method, url, expectations[method][persona])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", ADMIN_LOGIN),
        ("reviewer", ADMIN_LOGIN),
        ("editor", ADMIN_LOGIN),
        ("admin", 200),
    ],
)
def test_admin_is_for_staff_only(client, visitors, persona, expected):
    if visitors[persona] is not None:
        client.force_login(visitors[persona])
    check(client, "GET", reverse("admin:index"), expected)


def test_state_never_changes_on_get(client, visitors, claim_in_review):
    from claims.models import Claim, Evidence, Review, Snapshot, StatusChange, Verdict

    def snapshot():
        models = (Claim, Evidence, Review, StatusChange, Verdict, Snapshot, SavedView)
        return [*(m.objects.count() for m in models), ApiToken.objects.working().count()]

    client.force_login(visitors["editor"])
    for name, (args_kind, _) in MATRIX.items():
        args = url_args(
            args_kind, claim_in_review, **url_objects(args_kind, claim_in_review, visitors)
        )
        before = snapshot()
        client.get(reverse(name, args=args), {"reviewers": [1], "rating": 5, "summary": "x"})
        assert snapshot() == before, name
