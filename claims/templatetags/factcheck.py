import datetime
from decimal import Decimal

from django import template
from django.forms.widgets import ChoiceWidget
from django.utils.translation import gettext_lazy as _

from claims.roles import display_name
from claims.validators import is_web_url

register = template.Library()


@register.filter
def web_url(url):
    """The URL if it is an http(s) link, else "".

    A stored `javascript:` link never becomes an href.
    """
    return url if is_web_url(url) else ""


register.filter("person", display_name)


SCALES = (
    (Decimal(10) ** 12, _("trillion")),
    (Decimal(10) ** 9, _("billion")),
    (Decimal(10) ** 6, _("million")),
)


@register.filter
def number(value):
    """A stored decimal as people write it: 1000, not 1E+3 or 1000.0000; 1.2 billion, 12,500.

    Display only, and never rounded: a value the scale word would round
    (1234567891) is written out in full, in groups of three.
    """
    if value is None:
        return ""
    value = value.normalize()
    for size, word in SCALES:
        if abs(value) >= size:
            scaled = (value / size).normalize()
            if scaled.as_tuple().exponent >= -2:
                return f"{scaled:f} {word}"
            break
    return f"{value:,f}" if abs(value) >= 10_000 else f"{value:f}"


@register.filter
def changeable_by(evidence, user):
    """Whether `user` may correct or retract this evidence (its author, or an editor)."""
    return evidence.can_be_changed_by(user)


@register.filter
def iso_date(value):
    """A date from its ISO text (as publication records keep it), for the date filter."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def field_anchor(bound_field):
    """The id of a field's first input, for a link from the error summary to the field.

    A group of radio buttons or checkboxes has no element of its own id: its
    first input, `<id>_0`, is where the link should land.
    """
    widget = bound_field.field.widget
    if isinstance(widget, ChoiceWidget) and widget.input_type in ("radio", "checkbox"):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.filter
def archivable_by(evidence, user):
    """Whether `user` may ask for a new snapshot of this evidence (its author, or an editor)."""
    return evidence.can_be_archived_by(user)


@register.filter
def editable_by(note, user):
    """Whether `user` may change this note's wording (its author only)."""
    return note.can_be_edited_by(user)


@register.filter
def due_date(due, done=False):
    """A due date in words: "Overdue: due 2 Dec", "Due today", or the day (tables.due_text)."""
    from ..models import scheduling
    from ..tables import due_text

    return due_text(due, done, scheduling.today())
