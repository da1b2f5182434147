"""What a published round stores (inspections/standings.py), worked out by hand.

The round of tests/inspections/conftest.py: 定标亮诺 (weight 1) and 人居环境整治 (weight 2),
extremes dropped from 3 sheets on.

谷庄村: 评委甲 (8, 7) = 22, 评委乙 (6, 9) = 24, 评委丙 (7, 8) = 23 → 乙 dropped high, 甲 low;
        kept 丙: means 7.00 and 8.00, judges' mean 23.00, bonus +1.50 → total 24.50, rank 1.
慈航路社区: a draft sheet only and a bonus of +2 → unscored: no rank, no total, and no bonus kept.
"""

import datetime
from decimal import Decimal

import pytest

from inspections import standings
from inspections.models import Adjustment, Standing
from villages.models import Secretary

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(round_setup):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.sheet(s.judge_b, s.guzhuang, 6, 9)
    s.sheet(s.judge_c, s.guzhuang, 7, 8)
    s.sheet(s.judge_a, s.cihang, 9, 9, submit=False)
    Adjustment.objects.create(round=s.round, village=s.guzhuang, points=Decimal("1.5"), reason="表彰")
    Adjustment.objects.create(round=s.round, village=s.cihang, points=Decimal("2"), reason="表彰")
    s.close()
    s.publish()
    return s


def stored(s, village):
    return Standing.objects.get(round=s.round, village=village)


def test_a_scored_site_stores_its_result(published):
    s = published
    row = stored(s, s.guzhuang)
    assert row.rank == 1
    assert row.total == Decimal("24.50")
    assert row.judges_mean == Decimal("23.00")
    assert row.adjustment == Decimal("1.50")
    assert row.criterion_means == {str(s.c1.pk): "7.00", str(s.c2.pk): "8.00"}
    assert row.sheet_count == 3  # every submitted sheet, the two dropped ones too
    assert row.secretary_name == "李春生"
    assert row.position == 1


def test_an_unscored_site_keeps_no_bonus_and_no_figures(published):
    s = published
    row = stored(s, s.cihang)
    assert row.rank is None
    assert row.total is None
    assert row.judges_mean is None
    assert row.adjustment == Decimal("0")
    assert row.criterion_means == {}
    assert row.sheet_count == 0  # a draft is not counted
    assert row.secretary_name == "王建国"
    assert row.position == 2


def test_learning_visits_store_nothing_and_publishing_again_replaces(published):
    s = published
    assert list(Standing.objects.filter(round=s.round).values_list("village__name", flat=True)) == [
        "谷庄村",
        "慈航路社区",
    ]
    standings.standings_publish(s.round)
    assert Standing.objects.filter(round=s.round).count() == 2
    assert standings.standings_match_sheets(s.round)


def test_a_site_without_a_secretary_on_the_round_date_stores_no_name(round_setup):
    s = round_setup
    Secretary.objects.filter(village=s.guzhuang).update(end_date=datetime.date(2021, 12, 31))
    s.open()
    s.sheet(s.judge_a, s.guzhuang, 8, 7)
    s.close()
    s.publish()
    assert stored(s, s.guzhuang).secretary_name == ""
    assert stored(s, s.guzhuang).sheet_count == 1


def test_clearing_removes_only_that_rounds_standings(published):
    s = published
    standings.standings_clear(s.round)
    assert not Standing.objects.filter(round=s.round).exists()
    assert standings.standings_match_sheets(s.round) is False


def test_stored_standings_match_the_sheets(published):
    assert standings.standings_match_sheets(published.round) is True


def test_a_missing_village_is_a_mismatch(published):
    s = published
    stored(s, s.cihang).delete()
    assert standings.standings_match_sheets(s.round) is False


def test_an_extra_village_is_a_mismatch(published):
    s = published
    Standing.objects.create(round=s.round, village=s.tianwang, position=3)
    assert standings.standings_match_sheets(s.round) is False


def test_a_different_total_is_a_mismatch(published):
    s = published
    Standing.objects.filter(round=s.round, village=s.guzhuang).update(total=Decimal("24.51"))
    assert standings.standings_match_sheets(s.round) is False


def test_a_different_rank_is_a_mismatch(published):
    s = published
    Standing.objects.filter(round=s.round, village=s.guzhuang).update(rank=2)
    assert standings.standings_match_sheets(s.round) is False


def test_a_different_criterion_mean_is_a_mismatch(published):
    s = published
    Standing.objects.filter(round=s.round, village=s.guzhuang).update(
        criterion_means={str(s.c1.pk): "7.00", str(s.c2.pk): "8.01"}
    )
    assert standings.standings_match_sheets(s.round) is False


def test_a_criterion_mean_stored_for_an_unscored_site_is_a_mismatch(published):
    s = published
    Standing.objects.filter(round=s.round, village=s.cihang).update(criterion_means={str(s.c1.pk): "9.00"})
    assert standings.standings_match_sheets(s.round) is False


def test_a_sheet_changed_behind_the_standings_is_a_mismatch(published):
    s = published
    from inspections.models import ScoreSheet

    ScoreSheet.objects.filter(round=s.round, village=s.guzhuang, judge=s.judge_c).update(
        values={str(s.c1.pk): "7", str(s.c2.pk): "8.5"}
    )
    assert standings.standings_match_sheets(s.round) is False


def test_a_later_village_mismatching_is_found_too(published):
    s = published
    Standing.objects.filter(round=s.round, village=s.cihang).update(rank=2, total=Decimal("1"))
    assert standings.standings_match_sheets(s.round) is False
