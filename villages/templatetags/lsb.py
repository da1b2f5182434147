from django import template

register = template.Library()


@register.filter
def person(user):
    """A user's display name: full name, else username, else a dash."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
