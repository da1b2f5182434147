"""The zone summary: every office in one quarter, side by side. Built on the zone overview's
figures (inspections.boards.zone_overview); a fixed number of queries whatever the number of offices."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from inspections import boards, charts
from inspections.models import period_label


@dataclass
class ZoneSummary:
    year: int
    quarter: int
    today: object
    offices: list  # boards.OfficeSummary, in office order
    chart: str

    @property
    def period_label(self):
        return period_label(self.year, self.quarter)

    @property
    def published(self):
        return [s for s in self.offices if s.round is not None]

    @property
    def unpublished(self):
        return [s for s in self.offices if s.round is None]

    @property
    def open_rectifications(self):
        return sum(s.open_rectifications for s in self.offices)

    @property
    def overdue_rectifications(self):
        return sum(s.overdue_rectifications for s in self.offices)


def zone_summary(offices, year, quarter, today):
    _period, summaries = boards.zone_overview(offices, today, (year, quarter))
    chart = charts.comparison_chart(
        [(s.office.name, s.mean, s.best, s.worst) for s in summaries if s.round is not None],
        mean_label=_("平均总分"),
        range_label=_("最低—最高"),
    )
    return ZoneSummary(year=year, quarter=quarter, today=today, offices=summaries, chart=chart)
