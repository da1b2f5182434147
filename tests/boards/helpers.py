"""Builders and an HTML table reader for the board tests.

Rounds are built the way the product builds them: criteria, sites and judges on a draft round,
then opened, sheets saved through `services.sheet_save`, closed and published through
`services.round_publish` (which stores the Standing rows the boards read).
"""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.contrib.auth import get_user_model

from inspections import services
from inspections.models import Adjustment, Criterion, InspectionRound, RoundSite, ScoreSheet, Stage
from tests.conftest import PASSWORD

# 实地观摩: 定标亮诺 (max 20, ×1) and 人居环境整治 (max 20, ×2); 擂台比武: 集体经济 (max 40, ×1).
# Highest possible total 20 + 40 + 40 = 100. A judge's total is v1 + 2·v2 + v3.
CRITERIA = [
    ("定标亮诺", Stage.FIELD_VISIT, "20", "1"),
    ("人居环境整治", Stage.FIELD_VISIT, "20", "2"),
    ("集体经济", Stage.ARENA, "40", "1"),
]


def make_user(username, **extra):
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)


def build_round(
    office,
    year,
    quarter,
    *,
    villages,
    judges,
    sheets,
    staff,
    criteria=CRITERIA,
    adjustments=None,
    drafts=None,
    status="published",
    date=None,
    drop_extremes=False,
    learning_visits=(),
):
    """A round of `office` with `villages` as sites (in order) and `judges`.

    `sheets` maps a village to one tuple of values per judge (aligned with `criteria`; None for a
    judge who submits nothing); `drafts` likewise, saved but not submitted. `adjustments` maps a
    village to bonus/deduction points. `status` is where the round ends: open, closed or published.
    """
    rnd = InspectionRound.objects.create(
        office=office,
        year=year,
        quarter=quarter,
        date=date or datetime.date(year, quarter * 3, 20),
        title=f"{year}年第{quarter}季度亮赛比",
        drop_extremes=drop_extremes,
        created_by=staff,
    )
    crits = [
        Criterion.objects.create(
            round=rnd,
            name=name,
            stage=stage,
            maximum=Decimal(maximum),
            weight=Decimal(weight),
            decimal_places=2,
            sort_order=i,
        )
        for i, (name, stage, maximum, weight) in enumerate(criteria, start=1)
    ]
    for order, village in enumerate(list(villages) + list(learning_visits), start=1):
        RoundSite(round=rnd, village=village, order=order).save()
    rnd.judges.set(judges)
    if status == "draft":
        return rnd, crits
    services.round_open(rnd=rnd, user=staff)
    for batch, submit in ((drafts or {}, False), (sheets, True)):
        for village, per_judge in batch.items():
            for judge, values in zip(judges, per_judge, strict=False):
                if values is None:
                    continue
                existing = ScoreSheet.objects.filter(round=rnd, village=village, judge=judge).first()
                services.sheet_save(
                    rnd=rnd,
                    village=village,
                    judge=judge,
                    values={c.pk: Decimal(str(v)) for c, v in zip(crits, values, strict=True)},
                    submit=submit,
                    actor=judge,
                    version=existing.version if existing else None,
                )
    for village, points in (adjustments or {}).items():
        Adjustment.objects.create(
            round=rnd, village=village, points=Decimal(str(points)), reason="测试加减分", created_by=staff
        )
    if status in ("closed", "published"):
        services.round_close(rnd=rnd, user=staff, confirm_drafts=True)
    if status == "published":
        services.round_publish(rnd=rnd, user=staff)
    rnd.refresh_from_db()
    return rnd, crits


class _TableReader(HTMLParser):
    """Collects the rows of the table carrying data-testid=`testid`, each a list of cell texts."""

    def __init__(self, testid):
        super().__init__(convert_charrefs=True)
        self.testid = testid
        self.depth = 0  # table nesting inside the wanted table
        self.rows, self.row, self.cell = [], None, None
        self.row_attrs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "wbr" and self.cell:
            self.cell.append(self.cell.pop() + "\0")  # a break opportunity, not a space
            return
        if tag == "table":
            if self.depth or attrs.get("data-testid") == self.testid:
                self.depth += 1
            return
        if not self.depth:
            return
        if tag == "tr":
            self.row = []
            self.row_attrs.append(attrs)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.row.append(self.cell)
            span = int(attrs.get("colspan") or 1)
            for _ in range(span - 1):  # keep columns aligned under a group header
                self.row.append([])

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag == "tr" and self.row is not None:
            self.rows.append([" ".join(" ".join(c).split()) for c in self.row])
            self.row = None
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.depth and self.cell is not None:
            if self.cell and self.cell[-1].endswith("\0"):
                self.cell.append(self.cell.pop()[:-1] + data)
            else:
                self.cell.append(data)


def table(response_or_html, testid):
    """The rows of a data-testid table as lists of whitespace-normalised cell texts."""
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    reader = _TableReader(testid)
    reader.feed(html)
    assert reader.rows, f"no table {testid!r} in the page"
    return reader.rows


def text_of(response):
    """The page's visible text, whitespace-normalised (tags dropped)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def table_after(response_or_html, marker):
    """The rows of the first <table> after `marker` in the page."""
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    start = html.index(marker)
    at = html.index("<table", start)
    return table(html[:at] + '<table data-testid="__picked__"' + html[at + len("<table") :], "__picked__")


def strip_tags(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
