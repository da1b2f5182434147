"""Score sheets through the browser: the judge's phone form, staff corrections, the keying grid, review."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inspections.models import ScoreSheet

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def form_url(s, village):
    return reverse("inspections:score-sheet", args=[s.rnd.pk, village.pk])


def sheet_of(s, judge, village):
    return ScoreSheet.objects.filter(round=s.rnd, judge=judge, village=village).first()


def post_sheet(client, s, village, v1, v2, *, button="submit", version=0, remark=""):
    data = {f"c{s.c1.pk}": v1, f"c{s.c2.pk}": v2, "version": version, "remark": remark, button: ""}
    return client.post(form_url(s, village), data, follow=True)


# --- the judge's own sheets ------------------------------------------------------------------


def test_a_judge_sees_only_their_own_sheets(round_setup, login):
    s = round_setup
    s.open()
    mine = s.sheet(s.judge_a, s.cihang, 8, 9)
    theirs = s.sheet(s.judge_b, s.cihang, 7, 6)
    client = login(s.judge_a)

    assert client.get(reverse("inspections:sheet-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("inspections:sheet-detail", args=[theirs.pk])).status_code == 403
    # The judge's form only ever loads their own sheet.
    page = text(client.get(form_url(s, s.cihang)))
    assert f'name="c{s.c1.pk}" id="id_c{s.c1.pk}" value="8"' in page
    assert 'value="7"' not in page
    # A judge is not office staff: the round's pages stay closed to them.
    assert client.get(reverse("inspections:round-results", args=[s.rnd.pk])).status_code == 403


def test_a_user_who_is_not_a_judge_cannot_open_the_form(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.zone.users["nobody"])
    assert client.get(reverse("inspections:judge-round", args=[s.rnd.pk])).status_code == 403
    assert client.get(form_url(s, s.cihang)).status_code == 403


def test_the_judge_sees_submitted_and_remaining_counts(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)

    page = text(client.get(reverse("inspections:judge-round", args=[s.rnd.pk])))
    assert "已提交 <strong>0</strong> 份,还剩 <strong>2</strong> 份" in page

    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.sheet(s.judge_a, s.guzhuang, 8, None, submit=False)  # a draft still counts as remaining
    page = text(client.get(reverse("inspections:judge-round", args=[s.rnd.pk])))
    assert "已提交 <strong>1</strong> 份,还剩 <strong>1</strong> 份" in page
    assert "田王村" not in page  # the learning visit is not scored
    page = text(client.get(form_url(s, s.guzhuang)))
    assert "已提交 1 份,还剩 1 份" in page
    assert "第 2 / 2 个" in page


def test_a_judge_who_is_secretary_of_a_village_cannot_score_it(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.secretary)

    page = text(client.get(reverse("inspections:judge-round", args=[s.rnd.pk])))
    assert "1. 慈航路社区 · 本人任书记,回避" in page
    assert "已提交 <strong>0</strong> 份,还剩 <strong>1</strong> 份" in page  # only 谷庄村 counts

    assert client.get(form_url(s, s.cihang)).status_code == 403
    assert post_sheet(client, s, s.cihang, "8", "9").status_code == 403
    assert not ScoreSheet.objects.filter(judge=s.secretary).exists()
    page = text(client.get(form_url(s, s.guzhuang)))
    assert "第 1 / 1 个" in page

    # Staff see 3 sheets expected for 慈航路社区 (4 judges, one barred) and 4 for 谷庄村.
    staff = login(s.staff)
    progress = text(staff.get(reverse("inspections:round-detail", args=[s.rnd.pk])))
    assert '<td class="text-end">0 / 3</td>' in progress
    assert '<td class="text-end">0 / 4</td>' in progress


def test_a_judge_cannot_score_the_learning_visit(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    assert client.get(form_url(s, s.tianwang)).status_code == 403


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("11", "“定标亮诺”的分值应在 0 到 10 之间,填写的是 11"),
        ("-1", "“定标亮诺”的分值应在 0 到 10 之间,填写的是 -1"),
        ("八分", "“定标亮诺”填写的“八分”不是数字"),
        ("8.55", "“定标亮诺”最多保留 1 位小数,填写的是 8.55"),
    ],
)
def test_bad_values_get_a_chinese_message_nothing_is_saved_and_typing_survives(
    round_setup, login, typed, message
):
    s = round_setup
    s.open()
    client = login(s.judge_a)

    response = post_sheet(client, s, s.cihang, typed, "9.5", remark="村里很整洁")

    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert "有分数未填或填写不正确,评分表没有保存。请修改标红的内容。" in page
    assert f'value="{typed}"' in page
    assert 'value="9.5"' in page
    assert "村里很整洁" in page
    assert not ScoreSheet.objects.exists()


def test_full_width_digits_are_accepted(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)

    page = text(post_sheet(client, s, s.guzhuang, "８．５", "１０"))

    assert "谷庄村的评分表已提交。" in page
    sheet = sheet_of(s, s.judge_a, s.guzhuang)
    assert sheet.values == {str(s.c1.pk): "8.5", str(s.c2.pk): "10"}
    assert sheet.status == "submitted"
    assert sheet.entered_by is None


def test_submit_with_a_blank_criterion_is_refused_but_a_draft_is_saved(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)

    page = text(post_sheet(client, s, s.cihang, "8", ""))
    assert "有分数未填或填写不正确,评分表没有保存。请修改标红的内容。" in page
    # The blank criterion itself is marked, not only the message at the top.
    assert page.count("提交前请填写这一项。") == 1
    assert 'value="8"' in page
    assert not ScoreSheet.objects.exists()

    page = text(post_sheet(client, s, s.cihang, "8", "", button="draft"))
    assert "草稿已保存。" in page
    sheet = sheet_of(s, s.judge_a, s.cihang)
    assert (sheet.status, sheet.values, sheet.version) == ("draft", {str(s.c1.pk): "8"}, 1)
    assert 'value="8"' in page  # the draft is shown again


def test_submit_moves_to_the_next_village_in_visiting_order(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)

    response = post_sheet(client, s, s.cihang, "8", "9")

    assert response.redirect_chain[-1][0] == form_url(s, s.guzhuang)
    assert "慈航路社区的评分表已提交。" in text(response)


def test_submitting_twice_is_harmless(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    post_sheet(client, s, s.cihang, "8", "9")
    sheet = sheet_of(s, s.judge_a, s.cihang)
    assert (sheet.status, sheet.version) == ("submitted", 1)
    history_count = sheet.history.count()

    # The same form posted again (double tap, or a retry after a lost connection): version 0 again.
    page = text(post_sheet(client, s, s.cihang, "8", "9"))

    assert "慈航路社区的评分表已提交。" in page
    assert "保存未成功" not in page
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version) == ("submitted", 1)
    assert sheet.history.count() == history_count
    assert ScoreSheet.objects.count() == 1


def test_a_stale_form_is_refused_and_the_newer_values_are_shown(round_setup, login):
    s = round_setup
    s.open()
    judge = login(s.judge_a)
    post_sheet(judge, s, s.cihang, "8", "", button="draft")
    assert sheet_of(s, s.judge_a, s.cihang).version == 1

    # Meanwhile staff key in the judge's paper sheet.
    from django.test import Client

    staff = Client()
    staff.force_login(s.staff)
    staff.post(
        reverse("inspections:keyin-grid", args=[s.rnd.pk, s.judge_a.pk]),
        {
            f"v{s.cihang.pk}_c{s.c1.pk}": "6",
            f"v{s.cihang.pk}_c{s.c2.pk}": "7",
            f"v{s.cihang.pk}_version": "1",
        },
    )
    sheet = sheet_of(s, s.judge_a, s.cihang)
    assert (sheet.values, sheet.version) == ({str(s.c1.pk): "6", str(s.c2.pk): "7"}, 2)

    # The judge's phone still holds version 1.
    response = post_sheet(judge, s, s.cihang, "9", "9.5", version=1)

    page = text(response)
    assert "保存未成功:这份评分表已被staff在" in page
    assert "修改。下面显示的是最新的数值,您刚才的输入列在提示中,请核对后重新保存。" in page
    assert "您刚才的输入:定标亮诺 9;人居环境整治 9.5" in page
    assert f'name="c{s.c1.pk}" id="id_c{s.c1.pk}" value="6"' in page
    assert f'name="c{s.c2.pk}" id="id_c{s.c2.pk}" value="7"' in page
    assert '<input type="hidden" name="version" value="2"' in page
    sheet.refresh_from_db()
    assert (sheet.values, sheet.version) == ({str(s.c1.pk): "6", str(s.c2.pk): "7"}, 2)


def test_after_close_the_judge_cannot_change_the_sheet(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    client = login(s.judge_a)

    page = text(post_sheet(client, s, s.cihang, "1", "1", version=1))

    assert "本轮当前不在评分中,评分表没有保存。您的输入仍保留在本页。" in page
    assert 'value="1"' in page
    assert "readonly" in page
    sheet = sheet_of(s, s.judge_a, s.cihang)
    assert (sheet.values, sheet.version) == ({str(s.c1.pk): "8", str(s.c2.pk): "9"}, 1)
    page = text(client.get(reverse("inspections:judge-round", args=[s.rnd.pk])))
    assert "本轮当前不在评分中,只能查看。" in page


# --- staff corrections after close ------------------------------------------------------------


def correction(s, v1, v2, reason, version):
    return {f"c{s.c1.pk}": v1, f"c{s.c2.pk}": v2, "remark": "", "reason": reason, "version": version}


def test_staff_correct_a_closed_sheet_only_with_a_reason_and_the_history_shows_it(round_setup, login):
    s = round_setup
    s.open()
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    url = reverse("inspections:sheet-detail", args=[sheet.pk])
    client = login(s.staff)

    # While scoring is open staff cannot correct a judge's sheet on this page.
    assert client.post(url, correction(s, "7", "9", "x", 1)).status_code == 403

    s.close()
    page = text(client.post(url, correction(s, "7", "9", "", 1)))
    assert "评分已结束,更正必须填写理由。" in page
    assert "有内容填写不正确,评分表没有更正。" in page
    assert 'value="7"' in page
    sheet.refresh_from_db()
    assert sheet.values[str(s.c1.pk)] == "8"

    page = text(client.post(url, correction(s, "7", "9", "核对纸质表,定标亮诺录错", 1), follow=True))
    assert "评分表已更正,更正记录已保存。" in page
    sheet.refresh_from_db()
    # The judge filled the sheet in; the staff member's correction is in its history, not its 录入人.
    assert (sheet.values, sheet.version, sheet.entered_by) == (
        {str(s.c1.pk): "7", str(s.c2.pk): "9"},
        2,
        None,
    )
    assert "评委本人填写" in page
    history = page.split('data-testid="sheet-history"')[1]
    assert "评委甲" in history  # the judge's own submission first
    assert "状态:— → 已提交" in history
    assert "staff" in history
    assert "定标亮诺:8 → 7" in history
    assert "理由:核对纸质表,定标亮诺录错" in history
    assert "人居环境整治:9 → 9" not in history
    assert history.index("评委甲") < history.index("定标亮诺:8 → 7")


def test_the_judge_cannot_correct_their_sheet_after_close(round_setup, login):
    s = round_setup
    s.open()
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    client = login(s.judge_a)

    response = client.post(
        reverse("inspections:sheet-detail", args=[sheet.pk]), correction(s, "10", "10", "我想改", 1)
    )

    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.values[str(s.c1.pk)] == "8"


def test_a_published_round_refuses_corrections(round_setup, login):
    s = round_setup
    s.open()
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    s.publish()
    client = login(s.staff)

    response = client.post(
        reverse("inspections:sheet-detail", args=[sheet.pk]), correction(s, "10", "10", "改", 1)
    )

    assert response.status_code == 403
    assert sheet_of(s, s.judge_a, s.cihang).version == 1


# --- the keying grid and review ------------------------------------------------------------------


def grid_url(s, judge):
    return reverse("inspections:keyin-grid", args=[s.rnd.pk, judge.pk])


def grid(s, rows):
    data = {}
    for village, (v1, v2) in rows.items():
        data[f"v{village.pk}_c{s.c1.pk}"] = v1
        data[f"v{village.pk}_c{s.c2.pk}"] = v2
        data[f"v{village.pk}_version"] = ""
    return data


def test_keying_grid_saves_every_row_as_submitted_with_staff_as_entered_by(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)

    page = text(client.get(grid_url(s, s.judge_b)))
    assert "录入:评委乙 的评分表" in page

    response = client.post(grid_url(s, s.judge_b), grid(s, {s.cihang: ("8", "9"), s.guzhuang: ("７", "6.5")}))

    assert response.status_code == 302
    page = text(client.get(response.url))
    assert "已保存评委乙的 2 份评分表(均为已提交,录入人:staff)。" in page
    sheets = ScoreSheet.objects.filter(round=s.rnd, judge=s.judge_b).order_by("village__name")
    assert [(sh.village.name, sh.values, sh.status, sh.entered_by) for sh in sheets] == [
        ("慈航路社区", {str(s.c1.pk): "8", str(s.c2.pk): "9"}, "submitted", s.staff),
        ("谷庄村", {str(s.c1.pk): "7", str(s.c2.pk): "6.5"}, "submitted", s.staff),
    ]


def test_keying_grid_leaves_out_the_village_the_judge_is_secretary_of(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)

    page = text(client.get(grid_url(s, s.secretary)))

    assert f'name="v{s.guzhuang.pk}_c{s.c1.pk}"' in page
    assert f'name="v{s.cihang.pk}_c{s.c1.pk}"' not in page


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"cihang": ("8", "9"), "guzhuang": ("7", "")}, "谷庄村:还有评分项未填写:人居环境整治"),
        (
            {"cihang": ("8", "9"), "guzhuang": ("7", "21")},
            "“人居环境整治”的分值应在 0 到 10 之间,填写的是 21",
        ),
        ({"cihang": ("8", "9"), "guzhuang": ("7", "x")}, "“人居环境整治”填写的“x”不是数字"),
    ],
)
def test_keying_grid_saves_nothing_when_any_row_is_wrong(round_setup, login, rows, message):
    s = round_setup
    s.open()
    client = login(s.staff)
    villages = {"cihang": s.cihang, "guzhuang": s.guzhuang}

    response = client.post(grid_url(s, s.judge_b), grid(s, {villages[k]: v for k, v in rows.items()}))

    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert "有分数填写不正确,没有保存任何评分表。请修改标红的内容。" in page
    assert 'value="8"' in page and 'value="9"' in page  # the typed grid is kept
    assert not ScoreSheet.objects.exists()


def test_keying_grid_on_a_closed_round_needs_a_reason(round_setup, login):
    s = round_setup
    s.open()
    s.close()
    client = login(s.staff)

    page = text(client.post(grid_url(s, s.judge_b), grid(s, {s.cihang: ("8", "9")})))
    assert "评分已结束,更正必须填写理由。" in page
    assert not ScoreSheet.objects.exists()

    data = grid(s, {s.cihang: ("8", "9")}) | {"reason": "纸质表补录"}
    assert client.post(grid_url(s, s.judge_b), data).status_code == 302
    sheet = sheet_of(s, s.judge_b, s.cihang)
    assert sheet.status == "submitted"
    assert sheet.history.first().history_change_reason == "纸质表补录"


def test_review_by_the_person_who_keyed_in_is_refused_and_by_another_staff_member_accepted(
    round_setup, login
):
    s = round_setup
    s.open()
    client = login(s.staff)
    client.post(grid_url(s, s.judge_b), grid(s, {s.cihang: ("8", "9")}))
    sheet = sheet_of(s, s.judge_b, s.cihang)
    url = reverse("inspections:sheet-detail", args=[sheet.pk])
    review = reverse("inspections:sheet-review", args=[sheet.pk])

    page = text(client.get(url))
    assert "录入人:staff" in page
    assert "复核确认(与纸质表一致)" not in page  # no button for the person who entered it
    page = text(client.post(review, follow=True))
    assert "复核人不能是录入人本人,请由另一位工作人员复核。" in page
    sheet.refresh_from_db()
    assert sheet.reviewed_by is None

    other = login(s.staff2)
    assert "复核确认(与纸质表一致)" in text(other.get(url))
    page = text(other.post(review, follow=True))
    assert "已复核确认。" in page
    assert "复核人:复核员" in page
    assert "复核:— → 已复核" in page
    sheet.refresh_from_db()
    assert sheet.reviewed_by == s.staff2
    assert sheet.version == 1  # confirming does not change the scores


def test_a_sheet_filled_in_by_the_judge_needs_no_review(round_setup, login):
    s = round_setup
    s.open()
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    client = login(s.staff2)

    page = text(client.post(reverse("inspections:sheet-review", args=[sheet.pk]), follow=True))

    assert "这份评分表由评委本人填写,不需要复核。" in page
    sheet.refresh_from_db()
    assert sheet.reviewed_by is None


def test_changing_a_reviewed_sheet_clears_the_review(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.staff)
    client.post(grid_url(s, s.judge_b), grid(s, {s.cihang: ("8", "9")}))
    sheet = sheet_of(s, s.judge_b, s.cihang)
    login(s.staff2).post(reverse("inspections:sheet-review", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.reviewed_by == s.staff2

    client = login(s.staff)
    data = grid(s, {s.cihang: ("8.5", "9")})
    data[f"v{s.cihang.pk}_version"] = str(sheet.version)
    client.post(grid_url(s, s.judge_b), data)

    sheet.refresh_from_db()
    assert sheet.values[str(s.c1.pk)] == "8.5"
    assert sheet.reviewed_by is None
    assert Decimal(sheet.values[str(s.c1.pk)]) == Decimal("8.5")


def test_keying_grid_opened_before_the_judge_submitted_does_not_overwrite_the_judges_sheet(
    round_setup, login
):
    """Staff load an empty grid; the judge then submits on the phone; staff's save must be refused."""
    s = round_setup
    s.open()
    staff = login(s.staff)
    page = text(staff.get(grid_url(s, s.judge_a)))
    assert f'name="v{s.cihang.pk}_version"' in page

    s.sheet(s.judge_a, s.cihang, 8, 9)  # the judge's phone, meanwhile

    response = staff.post(grid_url(s, s.judge_a), grid(s, {s.cihang: ("1", "1"), s.guzhuang: ("7", "7")}))

    page = text(response)
    assert "没有保存:慈航路社区的这份评分表刚被他人修改过" in page
    sheet = sheet_of(s, s.judge_a, s.cihang)
    assert (sheet.values, sheet.version, sheet.entered_by) == (
        {str(s.c1.pk): "8", str(s.c2.pk): "9"},
        1,
        None,
    )
    assert sheet_of(s, s.judge_a, s.guzhuang) is None  # all rows or none
