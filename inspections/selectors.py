"""Read-side queries of rounds. Each function costs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from villages.access import Access
from villages.models import Secretary, Village

from . import scoring
from .models import (
    Adjustment,
    InspectionRound,
    Rectification,
    RectificationCheck,
    RectificationPhoto,
    RoundSite,
    ScoreSheet,
)
from .values import format_exact, format_score


def rounds_for_office(office):
    return (
        InspectionRound.objects.filter(office=office)
        .annotate(
            site_count=Count("sites", filter=Q(sites__is_learning_visit=False), distinct=True),
            submitted_count=Count(
                "sheets", filter=Q(sheets__status=ScoreSheet.Status.SUBMITTED), distinct=True
            ),
        )
        .order_by("-year", "-quarter")
    )


def round_scored_sites(rnd):
    return list(rnd.sites.filter(is_learning_visit=False).select_related("village"))


def visited_villages(rnd, *, scored_only=True):
    """The villages the round visits, in visiting order, as a queryset for form choices; learning
    visits left out unless `scored_only` is False."""
    sites = rnd.sites.filter(is_learning_visit=False) if scored_only else rnd.sites.all()
    order = RoundSite.objects.filter(round=rnd, village=OuterRef("pk")).values("order")[:1]
    return (
        Village.objects.filter(pk__in=sites.values("village_id"))
        .annotate(visit_order=Subquery(order))
        .order_by("visit_order", "pk")
    )


def scored_villages(rnd):
    """The villages the round scores (learning visits left out), in visiting order."""
    return visited_villages(rnd)


def secretaries_on(village_ids, date):
    """{village id: Secretary} for whoever held office on `date`."""
    tenures = Secretary.objects.filter(village_id__in=village_ids, start_date__lte=date).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date)
    )
    return {s.village_id: s for s in tenures.order_by("start_date")}


@dataclass
class ResultRow:
    result: scoring.VillageResult
    village: object
    secretary: object
    criterion_means: list  # aligned with criteria
    adjustments: list
    sheets: list  # SheetResult with .judge and .sheet attached


def round_results(rnd):
    """Every scored site of the round, ranked by the scoring rules. Five queries."""
    criteria = list(rnd.criteria.all())
    sites = round_scored_sites(rnd)
    sheets = list(rnd.sheets.select_related("judge", "entered_by", "reviewed_by"))
    adjustments = list(rnd.adjustments.select_related("created_by"))
    villages = {site.village_id: site.village for site in sites}
    secretaries = secretaries_on(villages, rnd.date)

    adj_total, adj_lines = defaultdict(Decimal), defaultdict(list)
    for a in adjustments:
        adj_total[a.village_id] += a.points
        adj_lines[a.village_id].append(a)
    inputs = [
        scoring.SheetInput(
            village_id=s.village_id,
            judge_id=s.judge_id,
            values=s.decimal_values(),
            submitted=s.is_submitted,
            sheet_id=s.pk,
        )
        for s in sheets
    ]
    specs = [scoring.CriterionSpec(id=c.id, weight=c.weight) for c in criteria]
    results = scoring.compute_round(
        specs, inputs, village_ids=list(villages), adjustments=adj_total, drop_extremes=rnd.drop_extremes
    )
    sheet_by_id = {s.pk: s for s in sheets}
    rows = []
    for r in results:
        for sr in r.sheets:
            sr.sheet = sheet_by_id[sr.sheet_id]
            sr.judge = sr.sheet.judge
            sr.cells = [format_score(sr.values.get(c.id)) for c in criteria]
        rows.append(
            ResultRow(
                result=r,
                village=villages[r.village_id],
                secretary=secretaries.get(r.village_id),
                criterion_means=[r.criterion_means.get(c.id) for c in criteria],
                adjustments=adj_lines[r.village_id],
                sheets=r.sheets,
            )
        )
    return criteria, rows


@dataclass
class ReceiptFormula:
    """The 计分单's two formula lines, every figure as printed, so the lines add up as read:
    评委平均分 = kept_total ÷ count = mean (≈ judges_mean when rounded), and
    总分 = mean ± adjustment = exact_total (≈ total when rounded)."""

    kept_total: str
    count: int
    mean: str
    mean_rounded: bool
    exact_total: str
    total_rounded: bool


def receipt_formula(result):
    if not result.scored:
        return None
    mean = format_exact(result.exact_judges_mean)
    exact_total = format_exact(result.exact_total)
    return ReceiptFormula(
        kept_total=format_score(result.kept_total),
        count=result.kept_count,
        mean=mean,
        mean_rounded=mean != str(result.judges_mean),
        exact_total=exact_total,
        total_rounded=exact_total != str(result.total),
    )


def round_progress(rnd):
    """Every site in visiting order with submitted / draft / expected sheet counts. Four queries."""
    sites = all_sites(rnd)
    judge_count = rnd.judges.count()
    counts = defaultdict(lambda: {"submitted": 0, "draft": 0})
    for village_id, status in rnd.sheets.values_list("village_id", "status"):
        counts[village_id]["submitted" if status == ScoreSheet.Status.SUBMITTED else "draft"] += 1
    excluded = set(
        Secretary.objects.current()
        .filter(village__in=[s.village_id for s in sites], user__in=rnd.judges.all())
        .values_list("village_id", flat=True)
    )
    return [
        {
            "site": site,
            "submitted": counts[site.village_id]["submitted"],
            "draft": counts[site.village_id]["draft"],
            "expected": judge_count - (1 if site.village_id in excluded else 0),
        }
        for site in sites
    ]


def judges_without_sheet(rnd, village):
    """Judges expected to score the village (its own secretary excepted) with no submitted sheet."""
    submitted = rnd.sheets.filter(village=village, status=ScoreSheet.Status.SUBMITTED).values("judge_id")
    barred = Secretary.objects.current().filter(village=village).values("user_id")
    return list(rnd.judges.exclude(pk__in=submitted).exclude(pk__in=barred).order_by("username"))


def villages_short_of_sheets(rnd):
    """Scored sites with fewer submitted sheets than judges expected to score them."""
    return [
        p for p in round_progress(rnd) if not p["site"].is_learning_visit and p["submitted"] < p["expected"]
    ]


def judge_sheets(rnd, judge):
    """The judge's own view: each scored site in visiting order with their sheet (or None)."""
    sites = round_scored_sites(rnd)
    own = {s.village_id: s for s in rnd.sheets.filter(judge=judge)}
    barred = set(Secretary.objects.current().filter(user=judge).values_list("village_id", flat=True))
    rows = [
        {"site": site, "sheet": own.get(site.village_id), "barred": site.village_id in barred}
        for site in sites
    ]
    scorable = [r for r in rows if not r["barred"]]
    submitted = sum(1 for r in scorable if r["sheet"] and r["sheet"].is_submitted)
    return rows, submitted, len(scorable) - submitted


@dataclass
class SiteRef:
    """A site as the score sheet's navigation shows it: plain values, no model instances."""

    village_id: int
    village_name: str

    @property
    def village(self):
        return self  # templates read site.village.name, as with a RoundSite

    @property
    def name(self):
        return self.village_name


def _scored_sites(rnd):
    return rnd.sites.filter(is_learning_visit=False).order_by("order", "id")


def _own_villages(judge):
    """The villages the judge is secretary of now, from the roles read once per request."""
    return Access.for_user(judge).secretary_village_ids


def judge_position(rnd, judge, village):
    """Where `village` stands in the judge's round: position and count among the villages they may
    score, the previous and next ones, and how many sheets they have submitted and have left.
    One query of plain values (it runs on every score sheet page). None if the judge may not
    score the village."""
    done = rnd.sheets.filter(
        judge=judge, village_id=OuterRef("village_id"), status=ScoreSheet.Status.SUBMITTED
    )
    own = _own_villages(judge)
    rows = [
        row
        for row in _scored_sites(rnd)
        .annotate(done=Exists(done))
        .values_list("village_id", "village__name", "done")
        if row[0] not in own
    ]
    ids = [vid for vid, _name, _done in rows]
    if village.pk not in ids:
        return None
    scorable = [SiteRef(vid, name) for vid, name, _done in rows]
    index = ids.index(village.pk)
    submitted = sum(1 for _vid, _name, is_done in rows if is_done)
    return {
        "position": index + 1,
        "count": len(ids),
        "next_site": scorable[index + 1] if index + 1 < len(ids) else None,
        "previous_site": scorable[index - 1] if index > 0 else None,
        "submitted": submitted,
        "remaining": len(ids) - submitted,
    }


def next_village_to_score(rnd, judge, village):
    """The village after `village` in visiting order that the judge may score, or None. One query
    of plain values: it runs after every submitted sheet."""
    own = _own_villages(judge)
    order = [vid for vid in _scored_sites(rnd).values_list("village_id", flat=True) if vid not in own]
    after = order[order.index(village.pk) + 1 :] if village.pk in order else []
    return after[0] if after else None


def round_judges(rnd):
    return list(rnd.judges.order_by("username"))


def all_sites(rnd):
    return list(RoundSite.objects.filter(round=rnd).select_related("village__office"))


@dataclass
class HistoryEntry:
    when: object
    user: object
    reason: str
    changes: list  # (label, old, new)


def sheet_history(sheet, criteria):
    """What changed on the sheet, oldest first: who, when, old → new, why."""
    names = {str(c.id): c.name for c in criteria}
    records = list(sheet.history.select_related("history_user").order_by("history_date", "history_id"))
    status_labels = dict(ScoreSheet.Status.choices)
    entries, previous = [], None
    for record in records:
        changes = []
        old_values = previous.values if previous else {}
        for cid, name in names.items():
            old, new = old_values.get(cid, ""), record.values.get(cid, "")
            if old != new:
                changes.append((name, old or "—", new or "—"))
        if previous is None or previous.status != record.status:
            changes.append(
                (
                    _("状态"),
                    status_labels.get(previous.status, "—") if previous else "—",
                    status_labels[record.status],
                )
            )
        if previous is not None and previous.remark != record.remark:
            changes.append((_("备注"), previous.remark or "—", record.remark or "—"))
        if (
            previous is not None
            and previous.reviewed_by_id != record.reviewed_by_id
            and record.reviewed_by_id
        ):
            changes.append((_("复核"), "—", _("已复核")))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    return entries


def adjustments_for(rnd):
    return list(Adjustment.objects.filter(round=rnd).select_related("village", "created_by"))


def photos_for(rnd):
    return list(rnd.photos.select_related("village", "uploaded_by"))


UNFINISHED = "unfinished"  # 整改中 or 已提交: what the zone overview counts as 未完成


def rectification_list(offices, *, today, state="", village=None, responsible="", overdue=False):
    """Rectification items of `offices`, filtered: by state (a Rectification.Status or
    UNFINISHED), village, 责任人 (contains) and overdue (整改中 past its deadline, the rule the
    zone overview counts). Overdue items first, then by deadline. One query when evaluated."""
    items = Rectification.objects.filter(village__office__in=offices).select_related(
        "village__office", "round", "verified_by"
    )
    if state == UNFINISHED:
        items = items.exclude(status=Rectification.Status.VERIFIED)
    elif state:
        items = items.filter(status=state)
    if village is not None:
        items = items.filter(village=village)
    if responsible:
        items = items.filter(responsible__contains=responsible)
    overdue_rule = Q(status=Rectification.Status.OPEN, deadline__lt=today)
    if overdue:
        items = items.filter(overdue_rule)
    return items.annotate(
        overdue=Case(When(overdue_rule, then=Value(True)), default=Value(False), output_field=BooleanField())
    ).order_by("-overdue", "deadline", "village__office__sort_order", "village__sort_order", "id")


RECENT_DAYS = 92  # "recently closed" when the office has no earlier round: about a quarter


def recheck_items(rnd, *, today, village_ids=None):
    """What a round's visit checks again (现场复核), per village: the items raised before this round
    (at an earlier round or between rounds) that are still open, and those closed since the office's
    previous round. Open first (overdue first), then submitted, then closed; each with `overdue`,
    `evidence` (kinds of photos it has) and `check` (this round's 现场复核, or None).
    {village id: [item]}. One query, and one per kind of related row when there are items."""
    previous = (
        InspectionRound.objects.filter(office_id=rnd.office_id, date__lt=rnd.date)
        .exclude(pk=rnd.pk)
        .order_by("-date")
        .values("date")[:1]
    )
    since = Coalesce(
        Subquery(previous), Value(rnd.date - timedelta(days=RECENT_DAYS)), output_field=DateField()
    )
    # Given villages (one judge's form) need neither the office's join nor the village's row.
    if village_ids is None:
        items = Rectification.objects.filter(village__office_id=rnd.office_id).select_related("village")
    else:
        items = Rectification.objects.filter(village_id__in=village_ids)
    items = (
        items.filter(
            Q(round__isnull=True)
            | Q(round__date__lt=rnd.date)
            | Q(round__date=rnd.date, round__pk__lt=rnd.pk)
        )
        .filter(~Q(status=Rectification.Status.VERIFIED) | Q(verified_at__date__gte=since))
        .select_related("round")
    )
    items = list(items)
    if items:  # most villages have none: the prefetches are built only when needed
        prefetch_related_objects(
            items,
            Prefetch(
                "checks",
                queryset=RectificationCheck.objects.filter(round=rnd).select_related("checked_by"),
                to_attr="this_round",
            ),
            Prefetch("photos", queryset=RectificationPhoto.objects.only("id", "item_id", "kind")),
        )
    order = {Rectification.Status.OPEN: 0, Rectification.Status.DONE: 1, Rectification.Status.VERIFIED: 2}
    result = defaultdict(list)
    for item in items:
        item.overdue = item.is_overdue_on(today)
        item.check = item.this_round[0] if item.this_round else None
        item.evidence = {p.kind for p in item.photos.all()}
        result[item.village_id].append(item)
    for village_items in result.values():
        village_items.sort(key=lambda i: (order[i.status], not i.overdue, i.deadline, i.pk))
    return dict(result)


def overdue_counts(offices, today):
    """{office id: (unfinished, overdue)} of rectification items. One query."""
    rows = (
        Rectification.objects.filter(village__office__in=offices)
        .exclude(status=Rectification.Status.VERIFIED)
        .values("village__office")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=Q(deadline__lt=today, status=Rectification.Status.OPEN)),
        )
        .order_by()
    )
    return {row["village__office"]: (row["n"], row["overdue"]) for row in rows}
