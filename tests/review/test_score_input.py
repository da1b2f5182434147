"""Odd score input gets a Chinese message, never a server error (or a message a gigabyte long)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from inspections.values import ScoreValueError, parse_score

CRITERION = SimpleNamespace(name="定标亮诺", maximum=Decimal("10"), decimal_places=1)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1e999999999", "不是数字"),  # an exponent is not how anyone types a score
        ("9" * 5000, "分值应在 0 到 10 之间"),
        ("123456789012345678901234567890", "分值应在 0 到 10 之间"),
        ("1e-999999999", "不是数字"),
        ("0.0000000000000000000000000000001", "最多保留 1 位小数"),
    ],
)
def test_extreme_numbers_get_a_short_message(raw, expected):
    with pytest.raises(ScoreValueError) as error:
        parse_score(CRITERION, raw)
    assert expected in str(error.value)
    assert len(str(error.value)) < 100


def test_extreme_number_on_the_phone_form_is_a_message_not_a_500(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    url = reverse("inspections:score-sheet", args=[s.rnd.pk, s.cihang.pk])
    response = client.post(
        url, {f"c{s.c1.pk}": "1e999999999", f"c{s.c2.pk}": "5", "version": "0", "draft": ""}
    )
    assert response.status_code == 200
    assert "“定标亮诺”填写的“1e999999999”不是数字" in response.content.decode()
    assert not s.rnd.sheets.exists()
