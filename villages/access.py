"""Who may see and change what: the single place every view asks.

A user holds any mix of roles: office staff (工作人员) of some offices, leader of some
offices or of the whole zone, secretary of some villages (through a current tenure),
and superuser. `Access` gathers them once per request with two queries.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Value
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Membership, Office, Secretary, Village


class Denied(PermissionDenied):
    """A refusal that knows the nearest page the user may open (shown on the 403 page)."""

    def __init__(self, message, *, back=None, back_label=None):
        super().__init__(message)
        self.back, self.back_label = back, back_label


@dataclass(frozen=True)
class Access:
    is_authenticated: bool = False
    user_id: int | None = None
    is_admin: bool = False
    zone_leader: bool = False
    staff_office_ids: frozenset = frozenset()
    leader_office_ids: frozenset = frozenset()
    secretary_village_ids: frozenset = frozenset()
    secretary_office_ids: frozenset = frozenset()
    judging_round_ids: frozenset = frozenset()  # rounds open for scoring where the user judges

    @classmethod
    def for_user(cls, user):
        if not user.is_authenticated:
            return cls()
        if hasattr(user, "_liangsaibi_access"):
            return user._liangsaibi_access
        staff, leader, zone = set(), set(), False
        villages, secretary_offices, judging = set(), set(), set()
        for role, office_id, other_id in _roles_of(user):
            if role == Membership.Role.STAFF:
                staff.add(office_id)
            elif role == Membership.Role.LEADER and office_id is None:
                zone = True
            elif role == Membership.Role.LEADER:
                leader.add(office_id)
            elif role == "secretary":
                villages.add(other_id)
                secretary_offices.add(office_id)
            elif role == "judge":
                judging.add(other_id)
        access = cls(
            is_authenticated=True,
            user_id=user.pk,
            is_admin=user.is_superuser,
            zone_leader=zone,
            staff_office_ids=frozenset(staff),
            leader_office_ids=frozenset(leader),
            secretary_village_ids=frozenset(villages),
            secretary_office_ids=frozenset(secretary_offices),
            judging_round_ids=frozenset(judging),
        )
        user._liangsaibi_access = access
        return access

    # --- what the user holds -------------------------------------------------

    @property
    def reads_all_offices(self):
        return self.is_admin or self.zone_leader

    @property
    def is_staff_member(self):
        return self.is_admin or bool(self.staff_office_ids)

    @property
    def readable_office_ids(self):
        return self.staff_office_ids | self.leader_office_ids

    # --- questions views ask ---------------------------------------------------

    def can_view_office(self, office_id):
        return self.reads_all_offices or office_id in self.readable_office_ids

    def can_view_results(self, office_id, *, published):
        """Leaderboards: published ones for anyone of the office, secretaries included;
        provisional ones (scoring still open) for the office's staff only."""
        if not published:
            return self.can_manage_office(office_id)
        return self.can_view_office(office_id) or office_id in self.secretary_office_ids

    def can_see_breakdown(self, office_id):
        """Per-criterion figures of every village: not for secretaries, who see only their own."""
        return self.can_view_office(office_id)

    def can_read_summary(self, office_id, *, published):
        """The printed 通报: the office's staff and leaders, zone leaders and administrators, once
        published; staff may preview a round not yet published. Not secretaries."""
        if not published:
            return self.can_manage_office(office_id)
        return self.can_view_office(office_id)

    def can_manage_office(self, office_id):
        return self.is_admin or office_id in self.staff_office_ids

    def can_issue_summary(self, office_id):
        """签发 the office's 通报: its staff (naming the 签发人), its leaders, administrators."""
        return self.can_manage_office(office_id) or office_id in self.leader_office_ids

    def can_view_village(self, village):
        return self.can_view_office(village.office_id) or village.pk in self.secretary_village_ids

    def can_edit_pledges(self, village):
        return self.can_manage_office(village.office_id) or village.pk in self.secretary_village_ids

    def offices(self):
        qs = Office.objects.all()
        return qs if self.reads_all_offices else qs.filter(pk__in=self.readable_office_ids)

    def managed_offices(self):
        qs = Office.objects.all()
        return qs if self.is_admin else qs.filter(pk__in=self.staff_office_ids)

    def home_url(self):
        """Where a user lands after login, by their broadest role."""
        if self.reads_all_offices:
            return reverse("inspections:zone-overview")
        offices = sorted(self.readable_office_ids)
        if len(offices) == 1:
            return reverse("villages:office-detail", args=[offices[0]])
        if offices:
            return reverse("villages:office-list")
        if len(self.secretary_village_ids) == 1:
            return reverse("inspections:village-dashboard", args=[next(iter(self.secretary_village_ids))])
        if self.secretary_village_ids:
            return reverse("villages:my-villages")
        if self.judging_round_ids:
            return reverse("inspections:judging")
        return reverse("no-role")


def _roles_of(user):
    """Every role of the user as (role, office id, village or round id) rows, in one query."""
    none = Value(None, output_field=IntegerField())
    # order_by() clears each model's default ordering, which a UNION does not allow.
    memberships = Membership.objects.filter(user=user).order_by().values_list("role", "office_id", none)
    tenures = (
        Secretary.objects.current()
        .filter(user=user)
        .order_by()
        .annotate(role=Value("secretary", output_field=CharField()))
        .values_list("role", "village__office_id", "village_id")
    )
    judging = (
        user.judged_rounds.filter(status="open")
        .order_by()
        .annotate(role=Value("judge", output_field=CharField()), nothing=none)
        .values_list("role", "nothing", "id")
    )
    return memberships.union(tenures, judging, all=True)


def access_for(request):
    return Access.for_user(request.user)


def office_for(request, pk, *, manage=False):
    """The office `pk` if the user may read it (or manage it); else 404 / 403."""
    office = get_object_or_404(Office, pk=pk)
    access = access_for(request)
    allowed = access.can_manage_office(office.pk) if manage else access.can_view_office(office.pk)
    if not allowed:
        raise PermissionDenied(_("您无权访问该办事处的数据。"))
    return office


def village_for(request, pk, *, edit=False):
    """The village `pk` if the user may read its private page (or edit its pledges)."""
    village = get_object_or_404(Village.objects.select_related("office"), pk=pk)
    access = access_for(request)
    allowed = access.can_edit_pledges(village) if edit else access.can_view_village(village)
    if not allowed:
        raise PermissionDenied(_("您无权访问该村(社区)的数据。"))
    return village
