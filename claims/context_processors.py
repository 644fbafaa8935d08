from .roles import is_editor, is_reviewer, role_name


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_editor": is_editor(user),
        "is_reviewer": is_reviewer(user),
        "role_name": role_name(user),
    }
