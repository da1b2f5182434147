from django import template
from django.utils.html import conditional_escape, format_html

from villages.access import Access

from ..access import round_tabs as tabs_for
from ..services.common import history_note as translate_note

register = template.Library()


@register.inclusion_tag("inspections/includes/round_tabs.html", takes_context=True)
def round_tabs(context, rnd):
    """The round's tab bar: only the tabs the user may open."""
    request = context["request"]
    return {"tabs": tabs_for(Access.for_user(request.user), rnd, request.path), "round": rnd}


@register.inclusion_tag("inspections/includes/round_breadcrumb.html", takes_context=True)
def round_breadcrumb(context, rnd):
    """Office › rounds › quarter for the office's readers; 我的评分 › quarter for a judge."""
    access = Access.for_user(context["request"].user)
    return {"reads_office": access.can_view_office(rnd.office_id), "round": rnd}


@register.filter
def history_note(note):
    """A note in the round's or a sheet's history, in the reader's language."""
    return translate_note(note or "")


@register.filter
def village_link(village, links):
    """The village's name, linked to its dashboard where `links` (VillageLinks) allow."""
    url = links.url(village.pk) if links else None
    if url is None:
        return conditional_escape(village.name)
    return format_html('<a href="{}" class="village-link">{}</a>', url, village.name)
