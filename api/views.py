"""The API's views: thin, each reading through the same querysets, filters and access
functions as the pages (claims.access, ClaimQuerySet.for_list / for_page, ClaimFilter)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.decorators import api_view
from rest_framework.response import Response

from claims.access import get_claim_for_user
from claims.filters import ClaimFilter
from claims.models import Claim

from .pagination import NewestChangedFirst
from .serializers import ClaimListSerializer, ClaimSerializer, MeSerializer


@extend_schema(responses=MeSerializer, summary="Who the API takes you to be")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user, context={"request": request}).data)


def _require(user, perm):
    if not user.has_perm(perm):
        raise exceptions.PermissionDenied(_("Your role may not do that."))


FILTERS = [
    OpenApiParameter("q", str, description="Words of the statement, quote or claimant."),
    OpenApiParameter("status", str, enum=Claim.Status.values),
    OpenApiParameter("rating", int, description="The verdict's rating, among those you may see."),
    OpenApiParameter("article", str, description="An article's number or title."),
    OpenApiParameter("outlet", str, description="An outlet's number or name."),
    OpenApiParameter("claimant", str, description="A claimant's number or name."),
    OpenApiParameter("kind", str, enum=Claim.Kind.values),
    OpenApiParameter("reviewer", str, description="An assigned reviewer's username."),
]


@extend_schema(parameters=FILTERS, summary="Claims, filtered as the claims list filters them")
class ClaimList(generics.ListAPIView):
    serializer_class = ClaimListSerializer
    pagination_class = NewestChangedFirst

    def get_queryset(self):
        user = self.request.user
        _require(user, "claims.view_claim")
        filters = ClaimFilter(
            self.request.query_params,
            queryset=Claim.objects.for_list(user).select_related("claimant"),
            request=self.request,
        )
        if not filters.is_valid():
            raise exceptions.ValidationError(filters.errors)
        return filters.qs


@extend_schema(summary="A claim, with what you may see of its evidence, reviews and verdict")
class ClaimDetail(generics.RetrieveAPIView):
    serializer_class = ClaimSerializer

    def get_object(self):
        user = self.request.user
        queryset = Claim.objects.for_page(user).select_related("claimant")
        return get_claim_for_user(user, self.kwargs["pk"], queryset=queryset)
