"""The API's errors are JSON, `{"detail": "<what went wrong>"}`, whatever raised them."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from claims.models import WorkflowError


def handler(exc, context):
    if isinstance(exc, WorkflowError):
        # A move the claim's state does not allow (or a stale version): the request was
        # understood, and conflicts with the claim as it stands.
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return exception_handler(exc, context)


@csrf_exempt  # a program's POST to a wrong address is told so, not asked for a cookie
def not_found(request, *args, **kwargs):
    """Any address under /api/ that names nothing, whatever the method."""
    return JsonResponse({"detail": _("There is no such address in the API.")}, status=404)
