"""Acting on one click asks first: every form that publishes, withdraws or deletes carries the
question naming what will happen (asked by static/js/app.js, no inline script)."""

import html
import re
from decimal import Decimal

from django.urls import reverse

from inspections.models import Adjustment, Commentary, SitePhoto

from .test_deleting_commentary_and_photos import _jpeg, media  # noqa: F401 - fixture


def forms(page):
    """(action, data-confirm or None) of each POST form in the page."""
    found = []
    for tag in re.findall(r"<form\b[^>]*>", page, re.S):
        action = re.search(r'action="([^"]+)"', tag)
        confirm = re.search(r'data-confirm="([^"]*)"', tag)
        found.append(
            (action.group(1) if action else "", html.unescape(confirm.group(1)) if confirm else None)
        )
    return found


def asked(page, fragment):
    questions = [q for action, q in forms(page) if fragment in action]
    assert questions, f"no form posting to …{fragment}"
    assert all(questions), f"a form posting to …{fragment} asks nothing"
    return questions


def test_publishing_and_withdrawing_ask_first(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    staff = login(s.staff)
    url = reverse("inspections:round-detail", args=[s.round.pk])
    [question] = asked(staff.get(url).content.decode(), "/status/publish/")
    assert "书记和领导将看到本轮成绩和排名" in question
    s.publish()
    [question] = asked(staff.get(url).content.decode(), "/status/withdraw/")
    assert "书记和领导将看不到本轮成绩" in question


def test_every_delete_asks_naming_what_goes(round_setup, login, media):  # noqa: F811
    s = round_setup
    s.open()
    staff = login(s.staff)
    Adjustment.objects.create(round=s.round, village=s.cihang, points=Decimal("1.5"), reason="受到区级表彰")
    Adjustment.objects.create(round=s.round, village=s.guzhuang, points=Decimal("-2"), reason="台账不全")
    bonus, deduction = asked(
        staff.get(reverse("inspections:round-adjustments", args=[s.round.pk])).content.decode(), "/delete/"
    )
    assert "慈航路社区的加分 +1.5(理由:受到区级表彰)" in bonus and "总分将随之减少" in bonus
    assert "谷庄村的扣分 −2(理由:台账不全)" in deduction and "总分将随之增加" in deduction

    staff.post(
        reverse("inspections:round-photos", args=[s.round.pk]),
        {"village": s.cihang.pk, "image": _jpeg(), "caption": "党群服务中心"},
    )
    assert SitePhoto.objects.count() == 1
    [question] = asked(
        staff.get(reverse("inspections:round-photos", args=[s.round.pk])).content.decode(), "/delete/"
    )
    assert "慈航路社区的照片“党群服务中心”" in question and "无法恢复" in question

    Commentary.objects.create(round=s.round, village=s.cihang, kind="problem", text="台账资料不全,要尽快补齐")
    [question] = asked(
        staff.get(reverse("inspections:round-review", args=[s.round.pk])).content.decode(), "/delete/"
    )
    assert "问题点评“台账资料不全,要尽快补齐”" in question

    # Saving the office's criterion templates with a ticked 删除 box asks too.
    page = staff.get(reverse("inspections:office-templates", args=[s.office.pk])).content.decode()
    [(_action, question)] = [f for f in forms(page) if f[1]]
    assert "勾选了“删除”的模板将被删除" in question
    assert "data-confirm-when=\"input[name$='-DELETE']:checked\"" in page
