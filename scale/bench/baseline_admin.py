"""What a team would use instead of the claims list: a Django admin changelist.

The same columns and filters as the workbench's claims list, and otherwise
Django's default options (a full count, no select_related beyond the foreign
keys shown, methods for the verdict and the review count). Mounted only by the
benchmark, at /bench-admin/, beside the site's own URLs.
"""

from django.contrib import admin
from django.urls import path

from claims.models import Claim
from factcheck.urls import urlpatterns as site_urlpatterns

site = admin.AdminSite(name="bench_admin")


@admin.register(Claim, site=site)
class DefaultClaimAdmin(admin.ModelAdmin):
    list_display = ["statement", "article", "claimant_name", "kind", "status", "verdict", "reviews"]
    list_filter = ["status", "verdict__rating", "kind", "article__outlet", "assignments__reviewer"]
    search_fields = ["statement", "quote", "claimant_name"]

    @admin.display(description="Verdict")
    def verdict(self, claim):
        verdict = getattr(claim, "verdict", None)
        return verdict.get_rating_display() if verdict else "—"

    @admin.display(description="Reviews")
    def reviews(self, claim):
        return f"{claim.reviews.count()} of {claim.assignments.count()}"


urlpatterns = [path("bench-admin/", site.urls), *site_urlpatterns]
