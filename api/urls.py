from django.conf import settings
from django.urls import path, re_path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import pages, views
from .exceptions import not_found

app_name = "api"

# Swagger UI's script adds one style element of its own; the docs page allows that one
# (by its hash) and nothing else inline.
SWAGGER_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
docs = csp_override(
    {**settings.SECURE_CSP, "style-src": [*settings.SECURE_CSP["style-src"], SWAGGER_STYLE]}
)(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))

urlpatterns = [
    path("account/tokens/", pages.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
    path("account/webhooks/", pages.webhook_list, name="webhooks"),
    path("account/webhooks/<int:pk>/", pages.webhook_detail, name="webhook"),
    path("api/v1/me/", views.me, name="me"),
    path("api/v1/claims/", views.ClaimList.as_view(), name="claim_list"),
    path("api/v1/claims/<int:pk>/", views.ClaimDetail.as_view(), name="claim"),
    path("api/v1/claims/<int:pk>/evidence/", views.add_evidence, name="add_evidence"),
    path(
        "api/v1/claims/<int:pk>/evidence/<int:evidence_pk>/",
        views.EvidenceCorrect.as_view(),
        name="correct_evidence",
    ),
    path(
        "api/v1/claims/<int:pk>/evidence/<int:evidence_pk>/retract/",
        views.EvidenceRetract.as_view(),
        name="retract_evidence",
    ),
    path("api/v1/claims/<int:pk>/notes/", views.NoteList.as_view(), name="notes"),
    path("api/v1/claims/<int:pk>/notes/<int:note_pk>/", views.NoteDetail.as_view(), name="note"),
    path(
        "api/v1/claims/<int:pk>/notes/<int:note_pk>/resolve/",
        views.note_resolve,
        name="note_resolve",
    ),
    path(
        "api/v1/claims/<int:pk>/notes/<int:note_pk>/reopen/",
        views.note_reopen,
        name="note_reopen",
    ),
    path("api/v1/articles/", views.ArticleList.as_view(), name="article_list"),
    path("api/v1/imports/<int:pk>/", views.import_status, name="import"),
    path("api/v1/articles/<int:pk>/", views.ArticleDetail.as_view(), name="article"),
    path("api/v1/articles/<int:pk>/claims/", views.ClaimCreate.as_view(), name="claim_create"),
    path("api/v1/claims/<int:pk>/review/", views.submit_review, name="submit_review"),
    path("api/v1/claims/<int:pk>/assign/", views.assign, name="assign"),
    path("api/v1/claims/<int:pk>/plan/", views.plan, name="plan"),
    path("api/v1/claims/<int:pk>/settle/", views.settle, name="settle"),
    path("api/v1/claims/<int:pk>/recheck/", views.recheck, name="recheck"),
    path("api/v1/claims/<int:pk>/recheck/confirm/", views.confirm_recheck, name="confirm_recheck"),
    path("api/v1/claims/<int:pk>/publish/", views.publish, name="publish"),
    path("api/v1/claims/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("api/v1/claims/<int:pk>/tags/", views.add_tags, name="add_tags"),
    path("api/v1/claims/<int:pk>/tags/remove/", views.remove_tags, name="remove_tags"),
    path("api/v1/reports/<slug:report>/", views.report, name="report"),
    path("api/v1/factchecks/", views.FactCheckList.as_view(), name="factcheck_list"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", docs, name="docs"),
    re_path(r"^api/", not_found, name="not_found"),
]
