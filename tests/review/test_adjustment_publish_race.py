"""An adjustment written while the round is being published would change a result the standings
froze: the service must decide on the round's status as it is in the database, under its lock,
not on the copy the request loaded before someone else published."""

from decimal import Decimal

import pytest

from inspections import services
from inspections.forms.records import AdjustmentForm
from inspections.models import Adjustment, InspectionRound
from inspections.selectors import scored_villages
from inspections.standings import standings_match_sheets


def closed_round_with_a_sheet(s):
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    return InspectionRound.objects.get(pk=s.rnd.pk)  # the copy a request loaded


def test_an_adjustment_added_after_someone_published_is_refused(round_setup):
    s = round_setup
    loaded = closed_round_with_a_sheet(s)
    s.publish()  # another staff member publishes in between

    form = AdjustmentForm(
        {"village": s.cihang.pk, "points": "5", "reason": "表彰", "correction_reason": "补登"},
        villages=scored_villages(loaded),
        need_reason=True,
    )
    assert form.is_valid(), form.errors
    with pytest.raises(services.RoundError):
        services.adjustment_add(rnd=loaded, form=form, user=s.staff, reason="补登")

    assert not Adjustment.objects.exists()
    assert standings_match_sheets(s.refresh())


def test_an_adjustment_deleted_after_someone_published_is_refused(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    adjustment = Adjustment.objects.create(round=s.rnd, village=s.cihang, points=Decimal("2"), reason="表彰")
    loaded = Adjustment.objects.select_related("round").get(pk=adjustment.pk)
    s.publish()

    with pytest.raises(services.RoundError):
        services.adjustment_delete(adjustment=loaded, user=s.staff, reason="重复")

    assert Adjustment.objects.filter(pk=adjustment.pk).exists()
    assert standings_match_sheets(s.refresh())
