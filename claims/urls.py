from django.urls import path

from . import views, views_matching

app_name = "claims"

urlpatterns = [
    path("", views.queue, name="home"),
    path("claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/evidence/", views.add_evidence, name="add_evidence"),
    path("claims/<int:pk>/review/", views.submit_review, name="submit_review"),
    path("claims/<int:pk>/assign/", views.assign, name="assign"),
    path("claims/<int:pk>/settle/", views.settle, name="settle"),
    path("claims/<int:pk>/publish/", views.publish, name="publish"),
    path("claims/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("claims/<int:pk>/similar/", views_matching.similar, name="similar"),
    path("claims/<int:pk>/link/", views_matching.link, name="link"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/claims/new/", views.claim_create, name="claim_create"),
]
