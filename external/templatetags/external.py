"""The claim page's "Checked before" block, drawn by the external app: the claims app
knows nothing of it, and its template loads this tag."""

from django import template

from ..matching import checked_before

register = template.Library()


@register.inclusion_tag("external/_checked_before.html", takes_context=True)
def checked_before_block(context, claim):
    """Fact-checks published elsewhere that may be about `claim`.

    Shown to editors, and to a reviewer once they may see the claim's ratings (their own
    review is in, or the verdict is published): another desk's rating is as much an
    anchor as a colleague's."""
    user = context["request"].user
    from claims import roles

    is_editor = roles.is_editor(user)  # admins too: they hold every permission
    if not (is_editor or getattr(claim, "verdict_visible", False)):
        return {"shown": False}
    return {
        "shown": True,
        "claim": claim,
        "matches": checked_before(claim),
        "can_decide": is_editor,
        "csrf_token": context.get("csrf_token"),
    }
