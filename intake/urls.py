from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("import/", views.import_articles, name="import"),
    path("import/<int:pk>/", views.batch_detail, name="batch"),
    path("import/<int:pk>/status.json", views.batch_status, name="batch_status"),
    path("articles/<int:pk>/propose/", views.propose, name="propose"),
    path("articles/<int:pk>/candidates/", views.review_candidates, name="review_candidates"),
]
