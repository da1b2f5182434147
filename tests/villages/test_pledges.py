"""Pledges (公开承诺): create, edit, quarterly progress and delete through the pages."""

import datetime

import pytest
from django.urls import reverse

from villages.forms import PledgeForm, PledgeProgressForm
from villages.models import Pledge, PledgeProgress

VALID = {
    "year": "2022",
    "category": "economy",
    "title": "村集体经济提质扩面",
    "content": "盘活闲置资源",
    "measure": "年内新增集体经营性收入项目 1 个",
    "deadline": "2022-12-31",
}
EMPTY = {name: "" for name in ("year", "category", "title", "content", "measure", "deadline")}


@pytest.fixture
def secretary(zone, login):
    return login(zone.users["secretary"])


def create_url(zone):
    return reverse("villages:pledge-create", args=[zone.cihang.pk])


def progress_url(pledge):
    return reverse("villages:pledge-progress", args=[pledge.pk])


# --- create ---------------------------------------------------------------------------------


def test_it_saves_a_valid_pledge_and_returns_to_the_village(secretary, zone):
    response = secretary.post(create_url(zone), VALID)

    assert response.status_code == 302
    assert response["Location"] == reverse("villages:village-detail", args=[zone.cihang.pk])
    pledge = Pledge.objects.get(title="村集体经济提质扩面")
    assert pledge.village == zone.cihang
    assert pledge.year == 2022
    assert pledge.deadline == datetime.date(2022, 12, 31)
    assert pledge.category == Pledge.Category.ECONOMY
    assert pledge.status == Pledge.Status.DRAFT  # public only once office staff have reviewed it


def test_it_shows_the_saved_message_and_the_new_pledge(secretary, zone):
    response = secretary.post(create_url(zone), VALID, follow=True)
    body = response.content.decode()

    assert "承诺事项已保存为草稿。" in body
    assert "村集体经济提质扩面" in body
    assert "村集体经济" in body  # the category label


def test_staff_can_create_a_pledge_for_a_village_of_their_office(login, zone):
    response = login(zone.users["staff"]).post(create_url(zone), VALID)

    assert response.status_code == 302
    assert Pledge.objects.filter(village=zone.cihang, title="村集体经济提质扩面").exists()


def test_the_create_page_is_in_chinese(secretary, zone):
    body = secretary.get(create_url(zone)).content.decode()

    assert "新增承诺事项" in body
    for label in ("年度", "类别", "承诺事项", "具体内容", "措施与目标", "完成时限"):
        assert label in body
    assert "修改理由" not in body  # only a public pledge needs one
    assert "请修改下面标红的内容后再保存。" not in body


def test_missing_fields_rerender_the_form_with_chinese_errors_and_save_nothing(secretary, zone):
    before = Pledge.objects.count()

    response = secretary.post(create_url(zone), EMPTY)
    body = response.content.decode()

    assert response.status_code == 200
    assert "请修改下面标红的内容后再保存。" in body
    assert body.count("这个字段是必填项。") == 6
    assert Pledge.objects.count() == before


def test_what_was_typed_is_kept_when_the_form_has_errors(secretary, zone):
    data = {**VALID, "deadline": ""}

    body = secretary.post(create_url(zone), data).content.decode()

    assert 'value="村集体经济提质扩面"' in body
    assert "盘活闲置资源" in body
    assert body.count("这个字段是必填项。") == 1


def test_deadline_before_the_year_is_refused(secretary, zone):
    before = Pledge.objects.count()

    body = secretary.post(create_url(zone), {**VALID, "deadline": "2021-12-31"}).content.decode()

    assert "完成时限不能早于承诺年度。" in body
    assert "请修改下面标红的内容后再保存。" in body
    assert Pledge.objects.count() == before


@pytest.mark.parametrize("year", ["1999", "2101"])
def test_year_out_of_range_is_refused(secretary, zone, year):
    body = secretary.post(create_url(zone), {**VALID, "year": year, "deadline": "2101-12-31"})

    assert "年度应在 2000 到 2100 之间。" in body.content.decode()
    assert not Pledge.objects.filter(title="村集体经济提质扩面").exists()


def test_a_new_pledge_stays_off_the_public_page(secretary, client, zone):
    secretary.post(create_url(zone), VALID)
    client.logout()

    public = client.get(reverse("villages:public-village", args=[zone.cihang.pk])).content.decode()

    assert Pledge.objects.get(title="村集体经济提质扩面").status == Pledge.Status.DRAFT
    assert "村集体经济提质扩面" not in public


def test_form_errors_are_chinese_without_the_page():
    form = PledgeForm(data=EMPTY)

    assert not form.is_valid()
    assert form.errors["title"] == ["这个字段是必填项。"]


def test_a_pledge_cannot_be_posted_into_another_village(secretary, zone):
    response = secretary.post(reverse("villages:pledge-create", args=[zone.tianwang.pk]), VALID)

    assert response.status_code == 403
    assert not Pledge.objects.filter(title="村集体经济提质扩面").exists()


# --- edit -----------------------------------------------------------------------------------


def test_it_updates_a_draft(secretary, zone):
    pledge = zone.private_pledge
    data = {**VALID, "title": "人居环境集中整治(修订)"}

    response = secretary.post(reverse("villages:pledge-edit", args=[pledge.pk]), data, follow=True)

    pledge.refresh_from_db()
    assert pledge.title == "人居环境集中整治(修订)"
    assert pledge.village == zone.cihang
    assert "承诺事项已更新。" in response.content.decode()
    assert pledge.history.count() == 2


def test_the_edit_page_offers_delete(secretary, zone):
    pledge = zone.private_pledge

    body = secretary.get(reverse("villages:pledge-edit", args=[pledge.pk])).content.decode()

    assert "修改承诺事项" in body
    assert 'value="党员联系户走访(内部)"' in body
    assert "删除此承诺" in body
    assert reverse("villages:pledge-delete", args=[pledge.pk]) in body


def test_editing_with_an_empty_title_keeps_the_old_one(secretary, zone):
    pledge = zone.private_pledge

    body = secretary.post(reverse("villages:pledge-edit", args=[pledge.pk]), {**VALID, "title": ""})

    assert "这个字段是必填项。" in body.content.decode()
    pledge.refresh_from_db()
    assert pledge.title == "党员联系户走访(内部)"


# --- quarterly progress ---------------------------------------------------------------------


def test_it_records_quarterly_progress_with_who_entered_it(secretary, zone):
    secretary_user = zone.users["secretary"]
    pledge = zone.pledges["慈航路社区"]

    response = secretary.post(progress_url(pledge), {"quarter": 2, "status": "done", "note": "全部完成"})

    assert response.status_code == 302
    entry = PledgeProgress.objects.get(pledge=pledge, quarter=2)
    assert (entry.status, entry.note, entry.updated_by) == ("done", "全部完成", secretary_user)


def test_recording_the_same_quarter_again_replaces_it(login, zone):
    pledge = zone.pledges["谷庄村"]
    staff = login(zone.users["staff"])

    staff.post(progress_url(pledge), {"quarter": 1, "status": "in_progress", "note": "开始清扫"})
    response = staff.post(
        progress_url(pledge), {"quarter": 1, "status": "done", "note": "清扫完毕"}, follow=True
    )

    entries = PledgeProgress.objects.filter(pledge=pledge)
    assert entries.count() == 1
    assert (entries[0].quarter, entries[0].status, entries[0].note) == (1, "done", "清扫完毕")
    body = response.content.decode()
    assert "季度进展已保存。" in body
    assert "已完成" in body


def test_the_village_page_shows_each_quarter(secretary, zone):
    pledge = zone.pledges["慈航路社区"]
    secretary.post(progress_url(pledge), {"quarter": 3, "status": "delayed", "note": "受天气影响"})

    body = secretary.get(reverse("villages:village-detail", args=[zone.cihang.pk])).content.decode()

    for label in ("第一季度", "第二季度", "第三季度", "第四季度"):
        assert label in body
    assert "推进中" in body  # Q1 from the fixture
    assert "滞后" in body and "受天气影响" in body
    assert "未填报" in body  # Q2 and Q4


def test_delayed_without_a_note_is_refused(secretary, zone):
    pledge = zone.pledges["慈航路社区"]

    response = secretary.post(progress_url(pledge), {"quarter": 2, "status": "delayed", "note": "   "})
    body = response.content.decode()

    assert response.status_code == 200
    assert "标记为“滞后”时请说明原因。" in body
    assert "请修改下面标红的内容后再保存。" in body
    assert not PledgeProgress.objects.filter(pledge=pledge, quarter=2).exists()


def test_delayed_with_a_note_is_accepted():
    form = PledgeProgressForm(data={"quarter": 2, "status": "delayed", "note": "受疫情影响"})

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "data, field",
    [
        ({"quarter": "", "status": "done", "note": ""}, "quarter"),
        ({"quarter": "5", "status": "done", "note": ""}, "quarter"),
        ({"quarter": "1", "status": "", "note": ""}, "status"),
        ({"quarter": "1", "status": "finished", "note": ""}, "status"),
    ],
)
def test_progress_needs_a_known_quarter_and_status(secretary, zone, data, field):
    pledge = zone.pledges["慈航路社区"]
    before = list(PledgeProgress.objects.values_list("pk", "status"))

    body = secretary.post(progress_url(pledge), data).content.decode()

    assert "请修改下面标红的内容后再保存。" in body
    assert ("这个字段是必填项。" in body) or ("选择一个有效的选项" in body)
    assert list(PledgeProgress.objects.values_list("pk", "status")) == before


def test_progress_page_preselects_the_quarter_and_lists_earlier_entries(secretary, zone):
    pledge = zone.pledges["慈航路社区"]

    body = secretary.get(progress_url(pledge) + "?quarter=3").content.decode()

    assert '<option value="3" selected>第三季度</option>' in body
    assert "已填报" in body
    assert "已清扫三次" in body
    assert "同一季度再次填报会覆盖该季度之前的记录。" in body


# --- delete ---------------------------------------------------------------------------------


def test_delete_requires_post(secretary, zone):
    pledge = zone.pledges["慈航路社区"]

    response = secretary.get(reverse("villages:pledge-delete", args=[pledge.pk]))

    assert response.status_code == 405
    assert Pledge.objects.filter(pk=pledge.pk).exists()


def test_delete_removes_a_draft(secretary, zone):
    pledge = zone.private_pledge

    response = secretary.post(reverse("villages:pledge-delete", args=[pledge.pk]), follow=True)

    assert "承诺事项“党员联系户走访(内部)”已删除。" in response.content.decode()
    assert not Pledge.objects.filter(pk=pledge.pk).exists()


@pytest.mark.parametrize("persona", ["secretary", "staff"])
def test_a_public_pledge_is_not_deleted(login, zone, persona):
    pledge = zone.pledges["慈航路社区"]

    response = login(zone.users[persona]).post(
        reverse("villages:pledge-delete", args=[pledge.pk]), follow=True
    )

    assert "已公开的承诺不能删除" in response.content.decode()
    assert Pledge.objects.filter(pk=pledge.pk).exists()
    assert PledgeProgress.objects.filter(pledge_id=pledge.pk).exists()
