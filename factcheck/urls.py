from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("publishing.urls")),
    path("reports/", include("reports.urls")),
    path("intake/", include("intake.urls")),
    path("inbox/", include("notifications.urls")),
    path("", include("api.urls")),
    path("", include("external.urls")),
    path("", include("claims.urls")),
]

handler500 = "factcheck.middleware.server_error"
