"""The API's views: thin, each reading through the same querysets and model methods as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .serializers import MeSerializer


@extend_schema(responses=MeSerializer, summary="Who the API takes you to be")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user, context={"request": request}).data)
