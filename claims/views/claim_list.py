"""The claims list: filters, search, sorting and downloads."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .. import roles
from ..bulk import MAX_CLAIMS, BulkForm
from ..exports import ClaimExportMixin
from ..filters import ClaimFilter, saved_view_query
from ..forms import SavedViewForm
from ..models import Claim, SavedView
from ..pagecache import kept_until_the_desk_changes
from ..pagination import counted_pages, missing_page_is_404, uncounted_pages
from ..tables import ClaimTable


@method_decorator(kept_until_the_desk_changes, name="dispatch")
class ClaimListView(
    LoginRequiredMixin, PermissionRequiredMixin, ClaimExportMixin, SingleTableMixin, FilterView
):
    http_method_names = ["get", "head"]
    permission_required = "claims.view_claim"
    table_class = ClaimTable
    filterset_class = ClaimFilter
    template_name = "claims/claim_list.html"
    # The table paginates; the list view must not count a second time.
    paginate_by = None
    table_pagination = counted_pages(25)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise PermissionDenied
        return super().handle_no_permission()

    def get_queryset(self):
        return Claim.objects.for_list(self.request.user).order_by("-updated_at", "-pk")

    def get_table(self, **kwargs):
        with missing_page_is_404():
            return super().get_table(**kwargs)

    def get_table_kwargs(self):
        # Editors tick rows for a bulk action (claims.bulk); reviewers have none to make.
        return {"selectable": roles.is_editor(self.request.user)}

    def get_table_pagination(self, table):
        # A search for a common word matches claims by the hundred thousand, and
        # counting even the first thousand of them costs more than finding the
        # page: search results show pages without a count.
        if self.filterset.search is not None:
            return uncounted_pages(25)
        return super().get_table_pagination(table)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.filterset.search
        context["search"] = search
        context["active_filters"] = self.filterset.active_filters()
        # Each of the two forms carries the other's values, so neither drops them.
        filters = [name for name in self.filterset.form.fields if name != "q"]
        context["kept_for_search"] = self.filterset.kept_params("q")
        context["kept_for_filters"] = self.filterset.kept_params(*filters)
        context.update(self.saved_views_context(context["table"]))
        if search is not None:
            found = [row.record for row in context["table"].page.object_list]
            # Only a first page can show that nothing was found.
            if context["table"].page.number == 1 and (search.similar or not found):
                context["suggestion"] = search.suggestion(found)
        return context

    def saved_views_context(self, table):
        """The saved views beside the list (one query), the form that saves this one, and,
        for editors, the bulk action's form."""
        user = self.request.user
        query = self.request.GET.copy()
        for dropped in ("page", "_export"):
            query.pop(dropped, None)
        here = saved_view_query(query.urlencode(), self.request, check=False)
        context = {
            "saved_views": list(SavedView.objects.visible_to(user)),
            "current_view_query": here,
            "save_view_form": SavedViewForm(
                initial={"query": here}, owner=user, request=self.request
            ),
        }
        if table.selectable:
            context["bulk_form"] = BulkForm(
                initial={"filter": query.urlencode()}, request=self.request
            )
            context["bulk_limit"] = MAX_CLAIMS
        return context
