"""Pledges are reviewed before they go public: 草稿 → 待审核 → 已公开, or 退回 with a reason; a public
pledge changes only through office staff with a reason the public page shows."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from villages.models import Pledge, PledgeChange, PledgePhoto, PledgeProgress
from villages.selectors import fulfilment_now, pledge_fulfilment

S = Pledge.Status


def action(client, pledge, name, **data):
    return client.post(reverse("villages:pledge-action", args=[pledge.pk, name]), data, follow=True)


def public_page(client, zone):
    client.logout()
    return client.get(reverse("villages:public-village", args=[zone.cihang.pk])).content.decode()


@pytest.fixture
def draft(zone):
    return zone.private_pledge


def test_the_whole_review_round_trip(client, login, zone, draft):
    secretary = login(zone.users["secretary"])
    assert "已提交审核" in action(secretary, draft, "submit").content.decode()
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED and draft.submitted_at

    staff = login(zone.users["staff"])
    office = staff.get(reverse("villages:office-detail", args=[zone.zg.pk])).content.decode()
    assert "待审核的承诺" in office and "党员联系户走访(内部)" in office
    body = action(staff, draft, "return", reason="目标不具体,请写明走访户数").content.decode()
    assert "承诺已退回" in body
    draft.refresh_from_db()
    assert (draft.status, draft.return_reason, draft.reviewed_by) == (
        S.RETURNED,
        "目标不具体,请写明走访户数",
        zone.users["staff"],
    )

    secretary = login(zone.users["secretary"])
    page = secretary.get(reverse("villages:village-detail", args=[zone.cihang.pk])).content.decode()
    assert "退回理由" in page and "目标不具体,请写明走访户数" in page
    form = {
        "year": "2022",
        "category": "party_building",
        "title": "党员联系户走访",
        "content": "每月走访 120 户",
        "measure": "建立台账",
        "deadline": "2022-12-31",
    }
    secretary.post(reverse("villages:pledge-edit", args=[draft.pk]), form)
    action(secretary, draft, "submit")
    assert "党员联系户走访" not in public_page(client, zone)

    staff = login(zone.users["staff"])
    assert "承诺已公开" in action(staff, draft, "publish").content.decode()
    draft.refresh_from_db()
    assert draft.status == S.PUBLIC and draft.published_at and draft.return_reason == ""
    assert "每月走访 120 户" in public_page(client, zone)


def test_returning_needs_a_reason(login, zone, draft):
    Pledge.objects.filter(pk=draft.pk).update(status=S.SUBMITTED)
    body = action(login(zone.users["staff"]), draft, "return", reason="  \u3000 ").content.decode()

    assert "退回承诺必须写明理由。" in body
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


@pytest.mark.parametrize("name", ["publish", "return"])
def test_a_secretary_cannot_review_their_own_pledge(login, zone, draft, name):
    Pledge.objects.filter(pk=draft.pk).update(status=S.SUBMITTED)
    response = login(zone.users["secretary"]).post(
        reverse("villages:pledge-action", args=[draft.pk, name]), {"reason": "x"}
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_other_offices_staff_cannot_review(login, zone, draft):
    Pledge.objects.filter(pk=draft.pk).update(status=S.SUBMITTED)
    response = login(zone.users["other_staff"]).post(
        reverse("villages:pledge-action", args=[draft.pk, "publish"])
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_a_draft_cannot_be_published_without_being_submitted(login, zone, draft):
    body = action(login(zone.users["staff"]), draft, "publish").content.decode()

    assert "只有提交审核的承诺可以公开。" in body
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_pending_pledge_is_not_changed_until_withdrawn(login, zone, draft):
    secretary = login(zone.users["secretary"])
    action(secretary, draft, "submit")

    assert secretary.get(reverse("villages:pledge-edit", args=[draft.pk])).status_code == 403
    action(secretary, draft, "withdraw")
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert secretary.get(reverse("villages:pledge-edit", args=[draft.pk])).status_code == 200


def test_progress_is_for_public_pledges_only(login, zone, draft):
    response = login(zone.users["secretary"]).post(
        reverse("villages:pledge-progress", args=[draft.pk]), {"quarter": 1, "status": "done", "note": "x"}
    )

    assert response.status_code == 403
    assert not PledgeProgress.objects.filter(pledge=draft).exists()


# --- a public pledge changes only with a reason ---------------------------------------------------

CHANGED = {
    "year": "2022",
    "category": "environment",
    "title": "慈航路社区人居环境整治",
    "content": "垃圾清零",
    "measure": "每周清扫",
    "deadline": "2022-10-31",
}


def test_the_secretary_cannot_change_a_public_pledge(login, zone):
    pledge = zone.pledges["慈航路社区"]
    response = login(zone.users["secretary"]).post(reverse("villages:pledge-edit", args=[pledge.pk]), CHANGED)

    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.deadline == datetime.date(2022, 12, 31)


def test_staff_change_a_public_pledge_only_with_a_reason(login, zone):
    pledge = zone.pledges["慈航路社区"]
    staff = login(zone.users["staff"])
    url = reverse("villages:pledge-edit", args=[pledge.pk])

    refused = staff.post(url, CHANGED).content.decode()
    assert "修改已公开的承诺必须填写修改理由。" in refused
    assert 'value="2022-10-31"' in refused  # what was typed is kept
    pledge.refresh_from_db()
    assert pledge.deadline == datetime.date(2022, 12, 31)

    staff.post(url, {**CHANGED, "reason": "按办事处统一安排提前完成"})
    pledge.refresh_from_db()
    assert pledge.deadline == datetime.date(2022, 10, 31) and pledge.status == S.PUBLIC
    change = PledgeChange.objects.get(pledge=pledge)
    assert change.reason == "按办事处统一安排提前完成"
    assert change.fields == [["完成时限", "2022-12-31", "2022-10-31"]]


def test_the_public_page_shows_that_and_when_a_pledge_was_changed(client, login, zone):
    pledge = zone.pledges["慈航路社区"]
    login(zone.users["staff"]).post(
        reverse("villages:pledge-edit", args=[pledge.pk]), {**CHANGED, "reason": "提前完成"}
    )

    body = public_page(client, zone)

    assert "已修改" in body and "提前完成" in body
    assert timezone.localdate().isoformat() in body
    assert "2022-12-31 → 2022-10-31" in body


def test_saving_a_public_pledge_unchanged_records_nothing(login, zone):
    pledge = zone.pledges["慈航路社区"]
    same = {**CHANGED, "deadline": "2022-12-31", "reason": "无"}
    login(zone.users["staff"]).post(reverse("villages:pledge-edit", args=[pledge.pk]), same)

    assert not PledgeChange.objects.exists()


# --- what the public sees ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.RETURNED])
def test_only_published_pledges_are_public(client, zone, draft, state):
    Pledge.objects.filter(pk=draft.pk).update(status=state, return_reason="理由")

    body = public_page(client, zone)
    index = client.get(reverse("villages:public-index")).content.decode()

    assert "党员联系户走访(内部)" not in body
    assert "1 项承诺" in index


def test_the_public_page_shows_the_secretary_but_no_phone_or_review_details(client, zone):
    zone.cihang.secretaries.update(phone="13800000001")

    body = public_page(client, zone)

    assert "王建国" in body
    assert "13800000001" not in body
    for word in ("退回", "待审核", "草稿", "修改理由"):
        assert word not in body


# --- fulfilment ---------------------------------------------------------------------------------


def _pledge(village, deadline, status=None):
    pledge = Pledge.objects.create(
        village=village,
        year=2022,
        title=f"承诺{deadline}",
        content="c",
        measure="m",
        deadline=deadline,
        category=Pledge.Category.OTHER,
        status=S.PUBLIC,
    )
    if status:
        PledgeProgress.objects.create(pledge=pledge, quarter=2, status=status)
    return pledge


def test_fulfilment_is_completed_over_due_with_overdue_counted(zone):
    village = zone.guzhuang  # its fixture pledge is due 2022-12-31, no progress
    today = datetime.date(2022, 7, 1)
    _pledge(village, datetime.date(2022, 6, 30), "done")  # due, done
    _pledge(village, datetime.date(2022, 6, 1), "in_progress")  # due, overdue
    _pledge(village, datetime.date(2022, 7, 1))  # due today: not overdue yet
    _pledge(village, datetime.date(2022, 9, 30), "done")  # done early: counts as due and done
    _pledge(village, datetime.date(2022, 9, 30), "delayed")  # not due
    Pledge.objects.create(  # not public: not counted
        village=village,
        year=2022,
        title="草稿",
        content="c",
        measure="m",
        deadline=datetime.date(2022, 1, 1),
        category=Pledge.Category.OTHER,
    )

    row = fulfilment_now([village.pk], today)[village.pk]

    assert (row.total, row.due, row.done, row.overdue) == (6, 4, 2, 1)
    assert row.due_rate == 50


def test_the_printed_summarys_figures_keep_their_meaning(zone):
    village = zone.guzhuang
    _pledge(village, datetime.date(2022, 6, 30), "done")
    _pledge(village, datetime.date(2022, 3, 1), "delayed")

    row = pledge_fulfilment([village.pk], 2022, 2, datetime.date(2022, 6, 30))[village.pk]

    assert (row.total, row.done, row.behind, row.rate) == (3, 1, 1, 33)


def test_the_pages_show_the_fulfilment_rate(login, zone):
    _pledge(zone.cihang, datetime.date(2022, 3, 31), "done")
    staff = login(zone.users["staff"])

    village = staff.get(reverse("villages:village-detail", args=[zone.cihang.pk])).content.decode()
    office = staff.get(reverse("villages:office-detail", args=[zone.zg.pk])).content.decode()
    dashboard = login(zone.users["secretary"]).get(
        reverse("inspections:village-dashboard", args=[zone.cihang.pk])
    )

    # 慈航路社区: two public pledges, both due (2022 is past): one done.
    assert "50%" in village and "已完成 1 / 到期 2" in village and "逾期 1 项" in village
    assert "承诺兑现率(全办事处)" in office and "已完成 1 / 到期 3" in office
    assert "已完成 1 / 到期 2" in dashboard.content.decode()


# --- progress photos -----------------------------------------------------------------------------


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    out.seek(0)
    out.name = "work.jpg"
    return out


def test_progress_photos_go_through_the_photo_path_and_show_publicly(client, login, zone, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pledge = zone.pledges["慈航路社区"]
    secretary = login(zone.users["secretary"])

    response = secretary.post(
        reverse("villages:pledge-progress", args=[pledge.pk]),
        {"quarter": 2, "status": "done", "note": "完成", "photos": [jpeg(), jpeg()], "caption": "清扫后"},
    )

    assert response.status_code == 302
    photos = list(PledgePhoto.objects.filter(progress__pledge=pledge))
    assert len(photos) == 2
    for photo in photos:
        assert photo.uploaded_by == zone.users["secretary"] and photo.width == 64
        for name in (photo.image.name, photo.thumbnail.name):  # random names that say nothing
            assert re.fullmatch(r"photos/([0-9a-f]{2})/\1[0-9a-f]{30}\.jpg", name), name
    body = public_page(client, zone)
    assert photos[0].thumbnail.url in body


def test_a_file_that_is_not_a_photo_is_refused_and_the_note_kept(login, zone, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pledge = zone.pledges["慈航路社区"]
    fake = io.BytesIO(b"not an image")
    fake.name = "x.jpg"

    body = (
        login(zone.users["secretary"])
        .post(
            reverse("villages:pledge-progress", args=[pledge.pk]),
            {"quarter": 2, "status": "done", "note": "全部完成了", "photos": [fake]},
        )
        .content.decode()
    )

    assert "文件不是可识别的图片" in body
    assert "全部完成了" in body
    assert not PledgeProgress.objects.filter(pledge=pledge, quarter=2).exists()


def test_too_many_photos_at_once_are_refused_before_any_is_read(login, zone, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pledge = zone.pledges["慈航路社区"]

    body = (
        login(zone.users["secretary"])
        .post(
            reverse("villages:pledge-progress", args=[pledge.pk]),
            {"quarter": 2, "status": "done", "note": "x", "photos": [jpeg() for _ in range(4)]},
        )
        .content.decode()
    )

    assert "一次最多上传 3 张照片。" in body
    assert not PledgePhoto.objects.exists()
