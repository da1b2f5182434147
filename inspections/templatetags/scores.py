from django import template

from inspections.values import format_score

register = template.Library()


@register.filter
def score(value):
    """A score without trailing zeros (8.5, 76.2, 10); a dash when missing."""
    return format_score(value) or "—"
