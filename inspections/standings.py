"""Published standings: the scoring module's results for a round, kept when it is published."""

from django.db import transaction

from . import selectors
from .models import Standing


@transaction.atomic
def standings_publish(rnd):
    """Store every scored site's result as computed now from the raw sheets."""
    Standing.objects.filter(round=rnd).delete()
    criteria, rows = selectors.round_results(rnd)
    Standing.objects.bulk_create(
        [
            Standing(
                round=rnd,
                village=row.village,
                rank=row.result.rank,
                total=row.result.total,
                judges_mean=row.result.judges_mean,
                adjustment=row.result.adjustment if row.result.scored else 0,
                criterion_means={
                    str(c.id): str(m)
                    for c, m in zip(criteria, row.criterion_means, strict=True)
                    if m is not None
                },
                sheet_count=len(row.sheets),
                secretary_name=row.secretary.name if row.secretary else "",
                position=position,
            )
            for position, row in enumerate(rows, start=1)
        ]
    )


def standings_clear(rnd):
    Standing.objects.filter(round=rnd).delete()


def standings_match_sheets(rnd):
    """Whether the stored standings equal a fresh computation from the sheets (they always should)."""
    criteria, rows = selectors.round_results(rnd)
    stored = {s.village_id: s for s in Standing.objects.filter(round=rnd)}
    if set(stored) != {row.village.pk for row in rows}:
        return False
    for row in rows:
        s = stored[row.village.pk]
        means = {
            str(c.id): str(m) for c, m in zip(criteria, row.criterion_means, strict=True) if m is not None
        }
        if (s.rank, s.total, s.criterion_means) != (row.result.rank, row.result.total, means):
            return False
    return True
