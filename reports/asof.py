"""What a 通报 states as of a given day, not as of today.

A published round's figures that move with time — rectification states and deadlines, the overdue
count — are restated from each item's history (django-simple-history) as it stood at the end of
the stated day: an item raised later is left out, one closed later shows the state it had then.
Pledge fulfilment is judged by the progress reported up to the round's quarter (villages.selectors),
so it moves only if a quarter's progress is edited afterwards; issuing (reports.issuing) fixes the
bytes for good."""

import datetime

from django.utils import timezone

from inspections.models import InspectionRound, Rectification

from .summary import RectificationLine, office_summary

RESTATED_FIELDS = ("status", "deadline", "responsible", "problem", "requirement")


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


def restate(summary, day):
    """`summary`'s rectification lines as they stood at the end of `day` (one query per item)."""
    moment = _end_of(day)
    lines = []
    for line in summary.rectifications:
        item = line.item
        try:
            then = item.history.as_of(moment)
        except Rectification.DoesNotExist:
            if item.history.exists():
                continue  # raised after the day
            then = item  # no history kept (bulk-loaded): as it is
        for name in RESTATED_FIELDS:
            setattr(item, name, getattr(then, name))
        lines.append(RectificationLine(item=item, overdue=item.is_overdue_on(day), earlier=line.earlier))
    summary.rectifications = lines
    return summary


def summary_as_of(rnd, day):
    """The office summary of `rnd` with every time-bound figure as of `day`."""
    summary = office_summary(rnd, day)
    if rnd.is_published and day < timezone.localdate():
        restate(summary, day)
    return summary
