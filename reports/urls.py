from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("agreement/", views.agreement, name="agreement"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("by/<slug:dimension>/", views.breakdown, name="breakdown"),
]
