from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("import/", views.import_articles, name="import"),
    path("articles/<int:pk>/propose/", views.propose, name="propose"),
    path("articles/<int:pk>/candidates/", views.review_candidates, name="review_candidates"),
]
