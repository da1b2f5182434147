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


@register.simple_tag(takes_context=True)
def phone(context, secretary, office_id):
    """A secretary's phone number as the viewer may see it (villages.privacy), else a dash."""
    from villages.access import Access
    from villages.privacy import phone_for

    user = context.get("user")
    access = Access.for_user(user) if user is not None else Access()
    return phone_for(access, secretary, office_id) or "—"
