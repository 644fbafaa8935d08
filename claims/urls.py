from django.urls import path

from .views import (
    articles,
    claim_list,
    claim_page,
    claimants,
    evidence,
    lookups,
    moves,
    numbers,
    queue,
    similar,
)

app_name = "claims"

urlpatterns = [
    path("", queue.queue, name="home"),
    path("claims/", claim_list.ClaimListView.as_view(), name="claim_list"),
    path("claims/<int:pk>/", claim_page.claim_detail, name="claim"),
    path("claims/<int:pk>/edit/", claim_page.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/evidence/", moves.add_evidence, name="add_evidence"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/",
        evidence.correct_evidence,
        name="correct_evidence",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/retract/",
        evidence.retract_evidence,
        name="retract_evidence",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/confirm/",
        evidence.confirm_evidence,
        name="confirm_evidence",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/archive/",
        evidence.archive_evidence,
        name="archive_evidence",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/snapshots/<int:snapshot_pk>/",
        evidence.stored_copy,
        name="stored_copy",
    ),
    path("claims/<int:pk>/review/", moves.submit_review, name="submit_review"),
    path("claims/<int:pk>/review/draft/", moves.save_review_draft, name="save_review_draft"),
    path("claims/<int:pk>/assign/", moves.assign, name="assign"),
    path("claims/<int:pk>/settle/", moves.settle, name="settle"),
    path("claims/<int:pk>/publish/", moves.publish, name="publish"),
    path("claims/<int:pk>/reopen/", moves.reopen, name="reopen"),
    path("claims/<int:pk>/numbers/", numbers.record_measure, name="record_measure"),
    path("claims/<int:pk>/numbers/figures/", numbers.add_figure, name="add_figure"),
    path(
        "claims/<int:pk>/numbers/figures/<int:figure_pk>/remove/",
        numbers.remove_figure,
        name="remove_figure",
    ),
    path("claims/<int:pk>/numbers/series/", numbers.choose_series, name="choose_series"),
    path("claims/<int:pk>/similar/", similar.similar, name="similar"),
    path("claims/<int:pk>/link/", similar.link, name="link"),
    path("claimants/<int:pk>/", claimants.claimant_detail, name="claimant"),
    path("claimants/<int:pk>/merge/", claimants.claimant_merge, name="claimant_merge"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("lookup/<slug:kind>/", lookups.lookup, name="lookup"),
    path("articles/<int:pk>/claims/new/", articles.claim_create, name="claim_create"),
]
