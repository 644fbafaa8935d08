from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("factchecks/<int:pk>/", public_views.factcheck, name="factcheck"),
    path("claimreview.json", public_views.claimreview_feed, name="claimreview_feed"),
]
