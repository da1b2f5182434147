"""Read-side queries for offices, villages and pledges. Each costs a fixed number of queries.

Querysets that aggregate (annotate with Count) order explicitly: Django drops Meta.ordering
from GROUP BY queries.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from .models import Membership, Pledge, PledgeProgress, PoolGuest, Secretary, Village


def office_list(access):
    return (
        access.offices()
        .annotate(
            village_count=Count("villages", distinct=True),
            secretary_count=Count(
                "villages__secretaries", filter=Q(villages__secretaries__end_date__isnull=True), distinct=True
            ),
        )
        .order_by("sort_order", "name")
    )


def office_villages(office):
    return (
        Village.objects.with_current_secretary()
        .filter(office=office)
        .annotate(pledge_count=Count("pledges"))
        .order_by("sort_order", "name")
    )


def _pledges_with_progress(queryset):
    return queryset.prefetch_related(
        Prefetch("progress", queryset=PledgeProgress.objects.select_related("updated_by"))
    )


def village_pledges(village, *, public_only=False):
    """The village's pledges, newest year first, each with `quarters`: four (quarter, entry) pairs."""
    qs = Pledge.objects.filter(village=village)
    if public_only:
        qs = qs.filter(is_public=True)
    pledges = list(_pledges_with_progress(qs))
    for pledge in pledges:
        entries = {entry.quarter: entry for entry in pledge.progress.all()}
        pledge.quarters = [(q, label, entries.get(q)) for q, label in PledgeProgress.Quarter.choices]
        pledge.latest_progress = max(entries.values(), key=lambda e: e.quarter, default=None)
    return pledges


def village_secretaries(village):
    return Secretary.objects.filter(village=village).select_related("user")


def public_villages():
    """Villages with at least one public pledge, for the public index."""
    return (
        Village.objects.select_related("office")
        .annotate(public_pledges=Count("pledges", filter=Q(pledges__is_public=True)))
        .filter(public_pledges__gt=0)
        .order_by("office__sort_order", "office__name", "office_id", "sort_order", "name")
    )


class Fulfilment:
    """A village's public pledges of a year as of a quarter's review: how many, done, behind."""

    def __init__(self, village_id):
        self.village_id = village_id
        self.total = self.done = self.behind = 0

    @property
    def rate(self):
        """Completed share in whole percent, or None without pledges."""
        return round(self.done * 100 / self.total) if self.total else None


def pledge_fulfilment(village_ids, year, quarter, as_of):
    """{village id: Fulfilment} of the villages' public pledges for `year`, judged by each pledge's
    latest progress up to `quarter`: 已完成 counts as done; 滞后, or past its deadline on `as_of`
    without being done, counts as behind. Two queries."""
    pledges = _pledges_with_progress(
        Pledge.objects.filter(village_id__in=village_ids, year=year, is_public=True)
    )
    result = {}
    for pledge in pledges:
        row = result.setdefault(pledge.village_id, Fulfilment(pledge.village_id))
        entries = [e for e in pledge.progress.all() if e.quarter <= quarter]
        latest = max(entries, key=lambda e: e.quarter, default=None)
        status = latest.status if latest else None
        row.total += 1
        if status == PledgeProgress.Status.DONE:
            row.done += 1
        elif status == PledgeProgress.Status.DELAYED or pledge.deadline < as_of:
            row.behind += 1
    return result


@dataclass
class PoolMember:
    """One person of an office's judge pool, with every role that puts them there."""

    user: object
    roles: list = field(default_factory=list)
    group: int = 9  # leaders, staff, secretaries, guests: the order the pool is shown in
    guest: object = None  # their PoolGuest entry, when they are a named guest

    @property
    def name(self):
        return self.user.get_full_name() or self.user.username


def judge_pool(office):
    """评委库: the people the office may invite as judges: its leaders and staff, the current
    secretaries of its villages and its named guests, each once, leaders first. Active accounts
    only. Three queries."""
    members = {}

    def add(user, group, label):
        member = members.setdefault(user.pk, PoolMember(user=user))
        member.roles.append(label)
        member.group = min(member.group, group)
        return member

    memberships = Membership.objects.filter(office=office, user__is_active=True).select_related("user")
    for m in memberships.order_by("role"):
        add(m.user, 0 if m.role == Membership.Role.LEADER else 1, m.get_role_display())
    tenures = (
        Secretary.objects.current()
        .filter(village__office=office, user__isnull=False, user__is_active=True)
        .select_related("user", "village")
        .order_by("village__sort_order", "village__name")
    )
    for tenure in tenures:
        add(tenure.user, 2, _("书记 · {village}").format(village=tenure.village.name))
    for guest in PoolGuest.objects.filter(office=office, user__is_active=True).select_related("user"):
        label = _("特邀评委") + (f" · {guest.note}" if guest.note else "")
        add(guest.user, 3, label).guest = guest
    return sorted(members.values(), key=lambda m: (m.group, m.user.username))
