"""What each summary depends on, as a short key: any change to what a document shows changes its
key, so a kept file is never served stale and nothing has to be deleted by hand. Withdrawing or
republishing a round saves it (a new updated_at); commentary and photos are counted and their
newest id taken (deleting one changes the count); rectifications, pledges, offices and villages
carry updated_at."""

import hashlib

from django.db.models import Count, Max

from inspections.boards import previous_published, zone_state
from inspections.models import Commentary, Rectification, SitePhoto
from villages.models import Pledge, PledgeProgress
from villages.selectors import names_version

from .models import SummaryHeading


def _digest(parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _counted(queryset, field):
    row = queryset.order_by().aggregate(n=Count("id"), last=Max(field))
    return row["n"], row["last"]


def office_key(rnd, today, language):
    previous = previous_published(rnd)
    parts = (
        "office",
        rnd.pk,
        rnd.status,
        rnd.updated_at,
        language,
        today,
        (previous.pk, previous.updated_at) if previous else None,
        names_version(),
        SummaryHeading.objects.filter(round=rnd).values_list("updated_at", flat=True).first(),
        _counted(Commentary.objects.filter(round=rnd), "id"),
        _counted(SitePhoto.objects.filter(round=rnd), "id"),
        _counted(Rectification.objects.filter(village__office_id=rnd.office_id), "updated_at"),
        _counted(Pledge.objects.filter(village__office_id=rnd.office_id, year=rnd.year), "updated_at"),
        _counted(
            PledgeProgress.objects.filter(pledge__village__office_id=rnd.office_id, pledge__year=rnd.year),
            "updated_at",
        ),
    )
    return _digest(parts)


def zone_key(offices, year, quarter, today, language):
    _periods, version = zone_state(offices, today)
    return _digest(("zone", year, quarter, language, version, names_version()))
