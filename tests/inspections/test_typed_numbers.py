"""What people type on a Chinese keyboard: the IME's 。 and full-width digits are what they meant;
1_0, 1e1 and the digits of other scripts are refused with the usual message, which quotes what was
typed (never a rounded or normalised value)."""

import pytest
from django.urls import reverse

from inspections.models import ScoreSheet

from .test_score_sheets import grid, grid_url

ACCEPTED = [("20。5", "20.5"), ("8。5", "8.5"), ("２２", "22"), ("８．５", "8.5"), ("　9 ", "9")]
REFUSED = ["1_0", "1e1", "1E1", "١٠", "१०", "๑๐", "NaN", "Infinity", "8,5", "8.5.1"]


def sheet_form(s, value):
    return {f"c{s.c1.pk}": value, f"c{s.c2.pk}": "5", "version": "0", "draft": ""}


@pytest.fixture
def criteria_up_to_25(round_setup):
    s = round_setup
    s.c1.maximum = 25
    s.c1.save()
    s.open()
    return s


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED)
def test_the_phone_form_reads_what_was_meant(criteria_up_to_25, login, typed, stored):
    s = criteria_up_to_25
    response = login(s.judge_a).post(
        reverse("inspections:score-sheet", args=[s.rnd.pk, s.cihang.pk]), sheet_form(s, typed)
    )
    assert response.status_code == 302
    assert ScoreSheet.objects.get().values[str(s.c1.pk)] == stored


@pytest.mark.parametrize("typed", REFUSED)
def test_the_phone_form_refuses_what_is_not_a_plain_number(criteria_up_to_25, login, typed):
    s = criteria_up_to_25
    response = login(s.judge_a).post(
        reverse("inspections:score-sheet", args=[s.rnd.pk, s.cihang.pk]), sheet_form(s, typed)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"“定标亮诺”填写的“{typed}”不是数字" in page
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("typed", ["1_0", "1e1", "١٠"])
def test_the_keying_grid_refuses_them_too(criteria_up_to_25, login, typed):
    s = criteria_up_to_25
    response = login(s.staff).post(
        grid_url(s, s.judge_b), grid(s, {s.cihang: ("8", "9"), s.guzhuang: (typed, "6")})
    )
    assert response.status_code == 200
    assert f"“定标亮诺”填写的“{typed}”不是数字" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_the_keying_grid_takes_the_ime_full_stop(criteria_up_to_25, login):
    s = criteria_up_to_25
    response = login(s.staff).post(grid_url(s, s.judge_b), grid(s, {s.cihang: ("20。5", "９")}))
    assert response.status_code == 302
    assert ScoreSheet.objects.get().values == {str(s.c1.pk): "20.5", str(s.c2.pk): "9"}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        # 30 characters: more than a context can hold exactly, so it used to read "9.9".
        ("9.9000000000000000000000000001", "填写的是 9.900000000000…000001"),
        ("９．９５", "填写的是 ９．９５"),
        ("26.0", "填写的是 26.0"),
    ],
)
def test_messages_quote_what_was_typed(criteria_up_to_25, login, typed, shown):
    s = criteria_up_to_25
    response = login(s.judge_a).post(
        reverse("inspections:score-sheet", args=[s.rnd.pk, s.cihang.pk]), sheet_form(s, typed)
    )
    page = response.content.decode()
    assert shown in page
    assert "填写的是 9.9<" not in page and "填写的是 9.9 " not in page
