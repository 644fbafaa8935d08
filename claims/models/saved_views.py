"""A saved view of the claims list: its filters and sort under a name, private or shared."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..decorators import alters_data

# A query string of the list's filters is short; anything longer was not made by the list.
QUERY_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 80


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The views `user` may open: their own, and those shared with the desk, by name."""
        return (
            self.filter(Q(owner=user) | Q(shared=True))
            .select_related("owner")
            .order_by("name", "pk")
        )


class SavedView(models.Model):
    """The claims list's filters and sort (a query string the list's form has checked,
    claims.forms.SavedViewForm), which its owner can open again, or share with the desk."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    query = models.CharField(_("filters and sort"), max_length=QUERY_MAX_LENGTH, blank=True)
    shared = models.BooleanField(
        _("shared with the desk"),
        default=False,
        help_text=_("Everyone on the desk sees a shared view; only you can change it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="one_saved_view_name_per_owner")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The claims list with this view's filters and sort applied."""
        url = reverse("claims:claim_list")
        return f"{url}?{self.query}" if self.query else url

    def can_be_changed_by(self, user):
        """Only its owner renames, shares or deletes a view; the desk only opens a shared one."""
        return self.owner_id == user.pk

    @alters_data
    def rename(self, *, name, shared):
        """Give the view a new name and say whether the desk sees it."""
        with transaction.atomic():
            locked = SavedView.objects.select_for_update().get(pk=self.pk)
            locked.name, locked.shared = name, shared
            locked.save(update_fields=["name", "shared"])
        self.name, self.shared = name, shared
