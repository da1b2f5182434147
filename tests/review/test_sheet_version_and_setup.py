"""A save without a version is treated as a new sheet; set-up refuses once scoring began."""

from django.urls import reverse

from inspections.models import InspectionRound, ScoreSheet


def test_a_post_without_version_does_not_overwrite_a_newer_sheet(round_setup, login):
    s = round_setup
    s.open()
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    url = reverse("inspections:score-sheet", args=[s.rnd.pk, s.cihang.pk])
    c1, c2 = s.c1, s.c2
    response = login(s.judge_a).post(url, {f"c{c1.pk}": "1", f"c{c2.pk}": "1", "submit": "1"})
    assert "已被" in response.content.decode() or "刚被" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.decimal_values()[c1.pk] == 8


def test_criteria_cannot_be_saved_after_the_round_opened(round_setup, login):
    s = round_setup
    url = reverse("inspections:round-criteria", args=[s.rnd.pk])
    page = login(s.zone.users["staff"]).get(url)
    assert page.status_code == 200
    InspectionRound.objects.filter(pk=s.rnd.pk).update(status="open")
    count = s.rnd.criteria.count()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "新增项",
        "form-0-stage": "report",
        "form-0-maximum": "10",
        "form-0-weight": "1",
        "form-0-decimal_places": "1",
        "form-0-sort_order": "9",
    }
    login(s.zone.users["staff"]).post(url, data)
    assert s.rnd.criteria.count() == count
    assert not ScoreSheet.objects.exists()
