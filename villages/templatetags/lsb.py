from django import template

from villages import text

register = template.Library()


@register.filter
def person(user):
    """A user's display name: full name, else username, else a dash."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter
def quoted(value):
    """“value”, its own quotes nested as 『』 (villages.text.quoted)."""
    return text.quoted(value)
