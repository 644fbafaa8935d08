"""`Authorization: Bearer <token>` for the API (api.models.ApiToken)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # not ours: the session may still sign the request in
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be “Bearer” and the token, with one space.")
            )
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("The token has characters no token has.")
            ) from None
        token = ApiToken.objects.for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: it is unknown, revoked or expired.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token's user account is switched off."))
        token.note_use()
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
