"""Figures that look wrong but are right: criterion means rounded for display against a total computed
exactly, and the 计分单's formula lines, which must add up as printed.

慈航路社区: three judges (no extremes dropped), criteria 甲 and 乙 (max 20, weight 1, two places):
(10.1, 10.1), (10, 10), (10, 10) → each mean 30.1 ÷ 3 = 10.0333… shown 10.03, so the shown means add
up to 20.06, while the total is 60.2 ÷ 3 = 20.0666… → 20.07.
谷庄村: (0.01, 0) and (0, 0) → the judges' mean is 0.01 ÷ 2 = 0.005, shown 0.01; a deduction of 1
gives −0.995 → −1.00 (halves away from zero), which "0.01 − 1" would not.
"""

import pytest
from django.urls import reverse

from inspections.models import Stage

from .helpers import build_round, make_user, text_of

pytestmark = pytest.mark.django_db

NOTE = "各项平均分四舍五入显示,总分按精确值计算"


@pytest.fixture
def rnd(zone):
    judges = [make_user(f"judge_{i}", first_name=f"评委{i}") for i in range(3)]
    rnd, _criteria = build_round(
        zone.zg,
        2022,
        4,
        villages=[zone.cihang, zone.guzhuang],
        judges=judges,
        staff=zone.users["staff"],
        criteria=[("甲", Stage.FIELD_VISIT, "20", "1"), ("乙", Stage.FIELD_VISIT, "20", "1")],
        sheets={
            zone.cihang: [("10.1", "10.1"), (10, 10), (10, 10)],
            zone.guzhuang: [("0.01", 0), (0, 0), None],
        },
        adjustments={zone.guzhuang: "-1"},
    )
    return rnd


def test_the_results_page_explains_the_gap(zone, rnd, login):
    text = text_of(login(zone.users["staff"]).get(reverse("inspections:round-results", args=[rnd.pk])))
    assert "10.03" in text and "20.07" in text
    assert NOTE in text


def test_the_leaderboard_explains_the_gap_where_it_shows_criteria(zone, rnd, login):
    url = reverse("inspections:leaderboard", args=[rnd.pk])
    assert NOTE in text_of(login(zone.users["leader"]).get(url))
    # A secretary sees totals only, so there is nothing to explain there.
    assert NOTE not in text_of(login(zone.users["secretary"]).get(url))


def test_the_secretary_dashboard_explains_the_gap(zone, rnd, login):
    response = login(zone.users["secretary"]).get(
        reverse("inspections:village-dashboard", args=[zone.cihang.pk])
    )
    text = text_of(response)
    assert "10.03" in text and "20.07" in text
    assert NOTE in text


def receipt(zone, rnd, village, login):
    response = login(zone.users["staff"]).get(reverse("inspections:score-receipt", args=[rnd.pk, village.pk]))
    assert response.status_code == 200
    return text_of(response)


def test_the_receipt_explains_the_gap_and_its_mean_line_adds_up(zone, rnd, login):
    text = receipt(zone, rnd, zone.cihang, login)
    assert NOTE in text
    assert "= 60.2 ÷ 3 = 20.0666… ≈ 20.07" in text
    assert "= 20.0666… + 0 = 20.0666… ≈ 20.07" in text


def test_the_receipt_formula_adds_up_as_printed(zone, rnd, login):
    text = receipt(zone, rnd, zone.guzhuang, login)
    assert "= 0.01 ÷ 2 = 0.005 ≈ 0.01" in text
    assert "= 0.005 − 1 = -0.995 ≈ -1.00" in text
    assert "0.01 − 1" not in text


def test_an_exact_receipt_has_no_approximation(zone, login):
    judges = [make_user("judge_x"), make_user("judge_y")]
    rnd, _ = build_round(
        zone.zg,
        2023,
        1,
        villages=[zone.cihang],
        judges=judges,
        staff=zone.users["staff"],
        sheets={zone.cihang: [(18, 18, 34), (17, 17, 34)]},
        adjustments={zone.cihang: "1.5"},
    )
    text = receipt(zone, rnd, zone.cihang, login)
    # Judge totals 88 and 85 (18 + 2 × 18 + 34, 17 + 2 × 17 + 34).
    assert "= 173 ÷ 2 = 86.50" in text
    assert "= 86.50 + 1.5 = 88.00" in text
    assert "≈" not in text
