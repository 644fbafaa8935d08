from django.urls import path

from . import views

app_name = "external"

urlpatterns = [
    path("external/", views.index, name="index"),
    path("external/import/", views.import_factchecks, name="import"),
    path("external/feeds/<int:pk>/", views.feed_action, name="feed"),
    path("claims/<int:pk>/checked-before/", views.decide, name="decide"),
]
