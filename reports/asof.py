"""What a 通报 states as of a given day, not as of today.

A published round's figures that move with time — the rectification list with its states and
deadlines, the overdue count, pledge fulfilment — are restated from the history
(django-simple-history) of the items, pledges and progress entries as they stood at the end of the
stated day: an item raised later is left out, one closed later is listed with the state it had
then, progress reported later is not counted. Names (villages, secretaries) and the scores are
today's; issuing (reports.issuing) fixes the bytes for good."""

import datetime

from django.db.models import Q
from django.utils import timezone

from inspections.models import InspectionRound, Rectification
from villages.models import Village
from villages.selectors import pledge_fulfilment_then

from .summary import PledgeLine, RectificationLine, office_summary


def publication_date(rnd):
    """The day the round was last published (the start of its current published run), or None."""
    published = None
    records = rnd.history.order_by("-history_date", "-history_id").values_list("status", "history_date")
    for status, when in records:
        if status != InspectionRound.Status.PUBLISHED:
            break
        published = when
    return timezone.localdate(published) if published else None


def data_as_of(rnd):
    """The day a round's 通报 states its figures as of: its publication, or today for a preview."""
    if rnd.is_published:
        return publication_date(rnd) or timezone.localdate()
    return timezone.localdate()


def _end_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _rectifications_then(rnd, day, moment):
    """The 通报's rectification list as the items stood at `moment`: the query of
    reports.summary, run on the items' history."""
    items = list(
        Rectification.history.as_of(moment)
        .filter(village__office_id=rnd.office_id)
        .filter(
            Q(round_id=rnd.pk)
            | (
                ~Q(status=Rectification.Status.VERIFIED)
                & (
                    Q(round__year__lt=rnd.year)
                    | Q(round__year=rnd.year, round__quarter__lt=rnd.quarter)
                    | Q(round__isnull=True, raised_on__lte=rnd.date)
                )
            )
        )
    )
    villages = Village.objects.in_bulk({i.village_id for i in items})
    rounds = InspectionRound.objects.in_bulk({i.round_id for i in items if i.round_id})
    for item in items:
        item.village = villages[item.village_id]
        item.round = rounds.get(item.round_id)
    items.sort(
        key=lambda i: (i.round.year if i.round else 0, i.round.quarter if i.round else 0, i.deadline, i.pk)
    )
    lines = [
        RectificationLine(item=i, overdue=i.is_overdue_on(day), earlier=i.round_id != rnd.pk) for i in items
    ]
    lines.sort(key=lambda line: (not line.earlier, line.item.village.sort_order, line.item.deadline))
    return lines


def restate(summary, day):
    """`summary`'s rectification list and pledge fulfilment as they stood at the end of `day`."""
    rnd, moment = summary.round, _end_of(day)
    summary.rectifications = _rectifications_then(rnd, day, moment)
    fulfilment = pledge_fulfilment_then(
        [line.village.pk for line in summary.pledges], rnd.year, rnd.quarter, rnd.date, moment
    )
    summary.pledges = [
        PledgeLine(village=line.village, fulfilment=fulfilment.get(line.village.pk))
        for line in summary.pledges
    ]
    return summary


def summary_as_of(rnd, day):
    """The office summary of `rnd` with every time-bound figure as of `day`."""
    summary = office_summary(rnd, day)
    if rnd.is_published and day < timezone.localdate():
        restate(summary, day)
    return summary
