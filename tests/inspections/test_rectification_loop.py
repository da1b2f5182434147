"""整改 closed on evidence: a remark becomes an item in one step; the secretary submits the fix with an
after photo (or a written reason); staff close it on before and after photos (or accept the reason)
or send it back; the next round's visit shows it first and staff mark 现场复核 there."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from inspections.models import (
    Commentary,
    InspectionRound,
    Rectification,
    RectificationCheck,
    RectificationPhoto,
    RoundSite,
)

pytestmark = pytest.mark.django_db
S = Rectification.Status


def jpeg(colour=(30, 120, 30)):
    out = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(out, "JPEG")
    out.seek(0)
    out.name = "evidence.jpg"
    return out


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def remark(round_setup):
    return Commentary.objects.create(
        round=round_setup.rnd, village=round_setup.cihang, kind=Commentary.Kind.PROBLEM, text="健身器材损坏"
    )


def to_item(client, remark, **data):
    data = {"responsible": "王建国", "deadline": "2022-04-30", **data}
    return client.post(reverse("inspections:remark-to-item", args=[remark.pk]), data, follow=True)


def update(client, item, action, **data):
    return client.post(
        reverse("inspections:rectification-update", args=[item.pk]), {"action": action, **data}, follow=True
    )


def text(response):
    return response.content.decode()


def words(response):
    return re.sub(r"<[^>]+>", "", text(response))


@pytest.fixture
def item(round_setup, remark, login):
    to_item(login(round_setup.staff), remark)
    return Rectification.objects.get()


# --- from a remark, in one step ---------------------------------------------------------------


def test_a_problem_remark_becomes_an_item_in_one_step(round_setup, remark, login):
    response = to_item(login(round_setup.staff), remark, requirement="本月内修复")

    assert "已登记为整改事项" in text(response)
    item = Rectification.objects.get()
    assert (item.round, item.village, item.source, item.problem, item.responsible, item.deadline) == (
        round_setup.rnd,
        round_setup.cihang,
        remark,
        "健身器材损坏",
        "王建国",
        datetime.date(2022, 4, 30),
    )
    assert item.status == S.OPEN and item.requirement == "本月内修复" and item.created_by == round_setup.staff
    # The review page now links the remark to its item instead of offering it again.
    page = text(login(round_setup.staff).get(reverse("inspections:round-review", args=[round_setup.rnd.pk])))
    assert reverse("inspections:rectification-detail", args=[item.pk]) in page
    assert reverse("inspections:remark-to-item", args=[remark.pk]) not in page


def test_the_same_remark_is_not_made_an_item_twice(round_setup, remark, login):
    client = login(round_setup.staff)
    to_item(client, remark)
    assert "这条问题已经登记为整改事项。" in text(to_item(client, remark))
    assert Rectification.objects.count() == 1


def test_only_a_villages_problem_becomes_an_item(round_setup, login):
    highlight = Commentary.objects.create(
        round=round_setup.rnd, village=round_setup.cihang, kind="highlight", text="好"
    )
    assert "只有针对某个村(社区)的“问题”点评" in text(to_item(login(round_setup.staff), highlight))
    assert not Rectification.objects.exists()


@pytest.mark.parametrize("persona", ["secretary", "leader", "other_staff"])
def test_only_the_offices_staff_make_items_from_remarks(round_setup, remark, login, persona):
    response = login(round_setup.zone.users[persona]).post(
        reverse("inspections:remark-to-item", args=[remark.pk]),
        {"responsible": "x", "deadline": "2022-04-30"},
    )
    assert response.status_code == 403
    assert not Rectification.objects.exists()


def test_a_deadline_before_the_round_is_refused(round_setup, remark, login):
    response = to_item(login(round_setup.staff), remark, deadline="2022-03-01")
    assert "整改时限不能早于发现问题的日期(2022-03-24)。" in text(response)
    assert not Rectification.objects.exists()


def test_items_are_raised_between_rounds_with_before_photos(round_setup, login):
    client = login(round_setup.staff)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("inspections:office-rectifications", args=[round_setup.office.pk]),
        {
            "r-village": round_setup.cihang.pk,
            "r-problem": "路面破损",
            "r-requirement": "修补",
            "r-responsible": "王建国",
            "r-deadline": deadline.isoformat(),
            "r-photos": [jpeg()],
        },
        follow=True,
    )

    item = Rectification.objects.get()
    assert item.round is None and item.raised_on == timezone.localdate() and item.deadline == deadline
    assert list(item.photos.values_list("kind", flat=True)) == ["before"]
    assert "两轮之间" in text(response)


def test_secretaries_do_not_raise_items(round_setup, login):
    response = login(round_setup.secretary).post(
        reverse("inspections:office-rectifications", args=[round_setup.office.pk]), {"r-problem": "x"}
    )
    assert response.status_code == 403


# --- submitted with evidence, closed on evidence, or sent back ----------------------------------


def test_submitting_needs_a_note_and_an_after_photo_or_a_reason(item, login, round_setup):
    secretary = login(round_setup.secretary)

    assert "请写明整改情况。" in text(update(secretary, item, "submit", note=" "))
    refused = text(update(secretary, item, "submit", note="已更换器材"))
    assert "请上传整改后的照片;确实无法拍照的,请写明无照片说明。" in refused
    item.refresh_from_db()
    assert item.status == S.OPEN

    update(secretary, item, "submit", note="已更换器材", photos=[jpeg()])
    item.refresh_from_db()
    assert item.status == S.DONE and item.submitted_at
    assert item.progress_note.endswith("secretary:已更换器材")
    assert list(item.photos.values_list("kind", "uploaded_by")) == [("after", round_setup.secretary.pk)]


def test_a_secretary_cannot_close_or_send_back(item, login, round_setup):
    secretary = login(round_setup.secretary)
    update(secretary, item, "submit", note="已更换", evidence_reason="器材已更换,旧器材已回收无法拍照")
    for action in ("close", "return"):
        assert "只有办事处工作人员可以销号或退回整改事项。" in text(
            update(secretary, item, action, note="自己销号")
        )
    assert "整改前照片由办事处工作人员上传。" in text(update(secretary, item, "before", photos=[jpeg()]))
    item.refresh_from_db()
    assert item.status == S.DONE


def test_closing_needs_before_and_after_photos(item, login, round_setup):
    update(login(round_setup.secretary), item, "submit", note="已更换", photos=[jpeg()])
    staff = login(round_setup.staff)

    refused = text(update(staff, item, "close"))
    assert "缺少整改前照片,不能销号" in refused
    item.refresh_from_db()
    assert item.status == S.DONE

    update(staff, item, "before", photos=[jpeg((120, 30, 30))])
    response = text(update(staff, item, "close", note="现场核验"))
    assert "整改事项已销号。" in response
    item.refresh_from_db()
    assert item.status == S.VERIFIED and item.verified_by == round_setup.staff


def test_closing_on_a_written_reason_needs_staff_to_accept_it(item, login, round_setup):
    update(
        login(round_setup.secretary), item, "submit", note="台账已补齐", evidence_reason="台账类问题,无法拍照"
    )
    staff = login(round_setup.staff)

    assert "没有整改前后照片,销号须确认认可书面说明。" in text(update(staff, item, "close"))
    item.refresh_from_db()
    assert item.status == S.DONE
    update(staff, item, "close", accept_reason="on")
    item.refresh_from_db()
    assert item.status == S.VERIFIED


def test_an_open_item_cannot_be_closed_on_paper(item, login, round_setup):
    response = text(update(login(round_setup.staff), item, "close", accept_reason="on"))
    assert "整改事项须由责任单位提交整改情况后才能销号。" in response
    item.refresh_from_db()
    assert item.status == S.OPEN


def test_sending_back_needs_a_reason_and_the_secretary_reads_it(item, login, round_setup):
    update(login(round_setup.secretary), item, "submit", note="已更换", photos=[jpeg()])
    staff = login(round_setup.staff)

    assert "请写明退回的理由。" in text(update(staff, item, "return", note=""))
    update(staff, item, "return", note="照片看不出变化")
    item.refresh_from_db()
    assert (item.status, item.returned_reason, item.return_count) == (S.OPEN, "照片看不出变化", 1)

    page = text(login(round_setup.secretary).get(reverse("inspections:rectification-detail", args=[item.pk])))
    assert "已退回 1 次" in page and "照片看不出变化" in page
    # The after photo already there counts for the next submission.
    update(login(round_setup.secretary), item, "submit", note="已补拍")
    item.refresh_from_db()
    assert item.status == S.DONE


@pytest.mark.parametrize("persona, expected", [("secretary", 200), ("staff", 200), ("leader", 200),
                                               ("other_secretary", 403), ("other_staff", 403), ("nobody", 403)])  # fmt: skip
def test_who_reads_an_item(item, login, round_setup, persona, expected):
    response = login(round_setup.zone.users[persona]).get(
        reverse("inspections:rectification-detail", args=[item.pk])
    )
    assert response.status_code == expected


def test_evidence_photos_are_private_to_the_office_and_the_village(item, login, round_setup, client):
    update(login(round_setup.staff), item, "before", photos=[jpeg()])
    photo = RectificationPhoto.objects.get()

    assert login(round_setup.secretary).get(photo.image.url).status_code == 200
    assert login(round_setup.zone.users["leader"]).get(photo.thumbnail.url).status_code == 200
    assert login(round_setup.zone.users["other_secretary"]).get(photo.image.url).status_code == 403
    client.logout()
    assert client.get(photo.image.url).status_code == 302


# --- checked again at the next round's visit -----------------------------------------------------


@pytest.fixture
def next_round(round_setup, item):
    rnd = InspectionRound.objects.create(
        office=round_setup.office, year=2022, quarter=2, date=datetime.date(2022, 6, 28), title="第二季度"
    )
    rnd.criteria.create(name="人居环境", maximum=10)
    for order, village in enumerate([round_setup.cihang, round_setup.guzhuang], start=1):
        RoundSite(round=rnd, village=village, order=order).save()
    rnd.judges.set([round_setup.judge_a])
    rnd.status = InspectionRound.Status.OPEN
    rnd.save()
    return rnd


def test_the_next_rounds_judge_form_and_site_list_show_the_item_first(next_round, item, login, round_setup):
    form = text(
        login(round_setup.judge_a).get(
            reverse("inspections:score-sheet", args=[next_round.pk, round_setup.cihang.pk])
        )
    )
    assert "上次整改事项 1 项" in form and "健身器材损坏" in form
    assert form.index("健身器材损坏") < form.index("score-form")
    assert "复核通过" not in form  # a judge reads; staff mark
    assert reverse("inspections:rectification-detail", args=[item.pk]) not in form  # a guest's page it is not
    other = text(
        login(round_setup.judge_a).get(
            reverse("inspections:score-sheet", args=[next_round.pk, round_setup.guzhuang.pk])
        )
    )
    assert "健身器材损坏" not in other

    detail = text(login(round_setup.staff).get(reverse("inspections:round-detail", args=[next_round.pk])))
    assert 'data-testid="site-recheck"' in detail and "复核通过" in detail and "已逾期" in detail
    sheet = text(login(round_setup.staff).get(reverse("inspections:route-sheet", args=[next_round.pk])))
    assert "健身器材损坏" in sheet and "□ 通过" in sheet and "已逾期" in sheet
    # The round where it was raised does not list it again.
    own = text(login(round_setup.staff).get(reverse("inspections:round-detail", args=[round_setup.rnd.pk])))
    assert 'data-testid="site-recheck"' not in own


def test_staff_mark_the_on_site_check(next_round, item, login, round_setup):
    url = reverse("inspections:rectification-check", args=[item.pk, next_round.pk])
    update(login(round_setup.secretary), item, "submit", note="已更换", photos=[jpeg()])
    staff = login(round_setup.staff)

    assert "现场复核未通过,请写明原因。" in text(staff.post(url, {"result": "failed"}, follow=True))
    staff.post(url, {"result": "failed", "note": "器材仍损坏"})
    item.refresh_from_db()
    assert item.status == S.OPEN and "现场复核未通过" in item.returned_reason  # sent back
    staff.post(url, {"result": "passed"})  # marked again after a second look: the latest stands
    check = RectificationCheck.objects.get()
    assert (check.round, check.result, check.checked_by) == (next_round, "passed", round_setup.staff)
    form = text(
        login(round_setup.judge_a).get(
            reverse("inspections:score-sheet", args=[next_round.pk, round_setup.cihang.pk])
        )
    )
    assert "现场复核 通过" in form  # the judges see the mark too


def test_only_the_offices_staff_mark_checks(next_round, item, login, round_setup):
    url = reverse("inspections:rectification-check", args=[item.pk, next_round.pk])
    for persona in ("secretary", "leader", "other_staff"):
        assert login(round_setup.zone.users[persona]).post(url, {"result": "passed"}).status_code == 403
    assert not RectificationCheck.objects.exists()


def test_recently_closed_items_show_and_older_closed_ones_do_not(next_round, item, login, round_setup):
    Rectification.objects.filter(pk=item.pk).update(
        status=S.VERIFIED, verified_at=timezone.make_aware(datetime.datetime(2022, 4, 1))
    )
    form_url = reverse("inspections:score-sheet", args=[next_round.pk, round_setup.cihang.pk])
    assert "健身器材损坏" in text(login(round_setup.judge_a).get(form_url))
    Rectification.objects.filter(pk=item.pk).update(
        verified_at=timezone.make_aware(datetime.datetime(2022, 3, 1))
    )
    assert "健身器材损坏" not in text(login(round_setup.judge_a).get(form_url))


def test_overdue_items_are_counted_per_office(item, login, round_setup):
    page = words(
        login(round_setup.staff).get(reverse("villages:office-detail", args=[round_setup.office.pk]))
    )
    assert "整改事项:未完成 1 项,其中逾期 1 项" in page


def test_the_printed_summary_lists_an_open_item_raised_between_rounds(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    s.publish()
    Rectification.objects.create(
        village=s.cihang,
        raised_on=datetime.date(2022, 3, 1),
        problem="村口垃圾点未清理",
        responsible="王建国",
        deadline=datetime.date(2022, 3, 10),
    )

    page = words(login(s.staff).get(reverse("reports:office-summary", args=[s.rnd.pk])))

    assert "村口垃圾点未清理" in page
    assert "2022-03-01 登记（两轮之间）提出" in page and "已逾期" in page
    xlsx = login(s.staff).get(reverse("reports:office-summary-xlsx", args=[s.rnd.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.getvalue()))["整改清单"].values)
    assert any("村口垃圾点未清理" in row and "2022-03-01 登记（两轮之间）" in row for row in rows), rows
