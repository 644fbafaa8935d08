from rest_framework import serializers

from claims import roles


class MeSerializer(serializers.Serializer):
    """Who the API takes the caller to be, and the token they came with."""

    username = serializers.CharField(source="get_username")
    name = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    token = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return roles.display_name(user)

    def get_role(self, user) -> str:
        return str(roles.role_name(user))

    def get_token(self, user) -> dict | None:
        token = self.context["request"].auth
        if not hasattr(token, "prefix"):
            return None
        return {
            "name": token.name,
            "prefix": token.prefix,
            "expires_at": token.expires_at,
        }
