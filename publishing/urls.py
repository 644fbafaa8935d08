from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("factchecks/<int:pk>/", views.factcheck, name="factcheck"),
    path("factchecks/<int:pk>/preview/", views.preview, name="preview"),
    path("claimreview.json", views.claimreview_feed, name="claimreview_feed"),
]
