"""Read-side queries for offices, villages and pledges. Each costs a fixed number of queries.

Querysets that aggregate (annotate with Count) order explicitly: Django drops Meta.ordering
from GROUP BY queries.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext as _

from .models import Membership, Office, Pledge, PledgeChange, PledgeProgress, PoolGuest, Secretary, Village


def names_version():
    """The newest edit of any office or village (a rename, a new order): part of the key of every
    kept board and document, since they print names. One query."""
    row = Office.objects.order_by().aggregate(office=Max("updated_at"), village=Max("villages__updated_at"))
    return f"{row['office']}|{row['village']}"


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


PUBLIC = Pledge.Status.PUBLIC


def office_villages(office, *, today):
    """The office's villages with their current secretary, pledge counts (public, waiting for
    review) and `fulfilment` as of `today`. Three queries."""
    villages = list(
        Village.objects.with_current_secretary()
        .filter(office=office)
        .annotate(
            pledge_count=Count("pledges", filter=Q(pledges__status=PUBLIC)),
            pending_count=Count("pledges", filter=Q(pledges__status=Pledge.Status.SUBMITTED)),
        )
        .order_by("sort_order", "name")
    )
    rates = fulfilment_now([v.pk for v in villages], today)
    for village in villages:
        village.fulfilment = rates.get(village.pk)
    return villages


def pending_pledges(office):
    """Pledges of the office waiting for review (待审核), oldest submission first."""
    return list(
        Pledge.objects.filter(village__office=office, status=Pledge.Status.SUBMITTED)
        .select_related("village")
        .order_by("submitted_at", "id")
    )


def _pledges_with_progress(queryset, *, photos=False):
    progress = PledgeProgress.objects.select_related("updated_by")
    if photos:
        progress = progress.prefetch_related("photos")
    return queryset.prefetch_related(Prefetch("progress", queryset=progress))


def village_pledges(village, *, public_only=False):
    """The village's pledges, newest year first, each with `quarters`: four (quarter, label, entry)
    triples, `latest_progress` and `changes` (changes made after publishing). Five queries."""
    qs = Pledge.objects.filter(village=village).select_related("reviewed_by")
    if public_only:
        qs = qs.filter(status=PUBLIC)
    pledges = list(
        _pledges_with_progress(qs, photos=True).prefetch_related(
            Prefetch("changes", queryset=PledgeChange.objects.order_by("-changed_at", "-id"))
        )
    )
    for pledge in pledges:
        entries = {entry.quarter: entry for entry in pledge.progress.all()}
        pledge.quarters = [(q, label, entries.get(q)) for q, label in PledgeProgress.Quarter.choices]
        pledge.latest_progress = max(entries.values(), key=lambda e: e.quarter, default=None)
        pledge.change_list = list(pledge.changes.all())
    return pledges


def village_secretaries(village):
    return Secretary.objects.filter(village=village).select_related("user")


def public_villages():
    """Villages with at least one public pledge, for the public index."""
    return (
        Village.objects.select_related("office")
        .annotate(public_pledges=Count("pledges", filter=Q(pledges__status=PUBLIC)))
        .filter(public_pledges__gt=0)
        .order_by("office__sort_order", "office__name", "office_id", "sort_order", "name")
    )


class Fulfilment:
    """A village's (or an office's) public pledges as of a day: how many, done, behind; and the
    fulfilment rate as the pages show it: completed ÷ due (a pledge is due once its deadline has
    come, or once it is done, even early), with the overdue ones (deadline passed, not done)."""

    def __init__(self, village_id=None):
        self.village_id = village_id
        self.total = self.done = self.behind = 0
        self.due = self.overdue = 0

    @property
    def rate(self):
        """Completed share of all the pledges in whole percent, or None without pledges."""
        return round(self.done * 100 / self.total) if self.total else None

    @property
    def due_rate(self):
        """Completed ÷ due, in whole percent, or None while nothing is due."""
        return round(self.done * 100 / self.due) if self.due else None

    def add(self, other):
        for name in ("total", "done", "behind", "due", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def _count(row, pledge, status, as_of):
    done = status == PledgeProgress.Status.DONE
    row.total += 1
    if done:
        row.done += 1
    elif status == PledgeProgress.Status.DELAYED or pledge.deadline < as_of:
        row.behind += 1
    if done or pledge.deadline <= as_of:
        row.due += 1
    if not done and pledge.deadline < as_of:
        row.overdue += 1


def pledge_fulfilment(village_ids, year, quarter, as_of):
    """{village id: Fulfilment} of the villages' public pledges for `year`, judged by each pledge's
    latest progress up to `quarter`: 已完成 counts as done; 滞后, or past its deadline on `as_of`
    without being done, counts as behind. Two queries."""
    pledges = _pledges_with_progress(
        Pledge.objects.filter(village_id__in=village_ids, year=year, status=PUBLIC)
    )
    result = {}
    for pledge in pledges:
        row = result.setdefault(pledge.village_id, Fulfilment(pledge.village_id))
        entries = [e for e in pledge.progress.all() if e.quarter <= quarter]
        latest = max(entries, key=lambda e: e.quarter, default=None)
        _count(row, pledge, latest.status if latest else None, as_of)
    return result


def pledge_fulfilment_then(village_ids, year, quarter, as_of, moment):
    """pledge_fulfilment as the pledges and their progress stood at `moment` (their history):
    a pledge made public later, or progress reported or edited later, is not counted. Two queries."""
    pledges = list(Pledge.history.as_of(moment).filter(village_id__in=village_ids, year=year, status=PUBLIC))
    latest = {}
    progress = PledgeProgress.history.as_of(moment).filter(
        pledge_id__in=[p.pk for p in pledges], quarter__lte=quarter
    )
    for entry in progress:
        if entry.pledge_id not in latest or entry.quarter > latest[entry.pledge_id].quarter:
            latest[entry.pledge_id] = entry
    result = {}
    for pledge in pledges:
        row = result.setdefault(pledge.village_id, Fulfilment(pledge.village_id))
        entry = latest.get(pledge.pk)
        _count(row, pledge, entry.status if entry else None, as_of)
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


def fulfilment_now(village_ids, as_of):
    """{village id: Fulfilment} of every public pledge of the villages (any year), judged by each
    pledge's latest progress, as of `as_of` (today on the pages). One query."""
    latest = PledgeProgress.objects.filter(pledge=OuterRef("pk")).order_by("-quarter").values("status")[:1]
    rows = (
        Pledge.objects.filter(village_id__in=village_ids, status=PUBLIC)
        .annotate(latest_status=Subquery(latest))
        .order_by()
        .only("id", "village_id", "deadline")
    )
    result = {}
    for pledge in rows:
        row = result.setdefault(pledge.village_id, Fulfilment(pledge.village_id))
        _count(row, pledge, pledge.latest_status, as_of)
    return result


def office_fulfilment(rates):
    """The office's figure: the sum of its villages' Fulfilment rows."""
    total = Fulfilment()
    for row in rates.values() if isinstance(rates, dict) else rates:
        if row is not None:
            total.add(row)
    return total
