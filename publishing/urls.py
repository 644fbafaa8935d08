from django.urls import path
from django.views.decorators.http import require_GET

from . import feeds, views

app_name = "public"

urlpatterns = [
    path("factchecks/", views.index, name="index"),
    path("factchecks/feed/", require_GET(feeds.FactcheckFeed()), name="atom_feed"),
    path("factchecks/<int:pk>/", views.factcheck, name="factcheck"),
    path("factchecks/<int:pk>/preview/", views.preview, name="preview"),
    path("methodology/", views.methodology, name="methodology"),
    path("corrections/", views.corrections_policy, name="corrections"),
    path("claimreview.json", views.claimreview_feed, name="claimreview_feed"),
]
