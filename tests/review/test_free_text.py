"""Free text and names typed or imported by people: cleaned at the way in, so exports and history
can carry them; reasons must say something visible; names cannot be made into look-alikes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import Adjustment, Commentary, InspectionRound
from villages.models import Office, Village

pytestmark = pytest.mark.django_db

INVISIBLE_REASONS = ["   ", "\u3000\u3000", "\u200b", "\u200b\u3000\u200d", "\ufeff", "\u2800"]


def body(response):
    return response.content.decode()


def export(client, rnd):
    response = client.get(reverse("inspections:round-export", args=[rnd.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def scored(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.sheet(s.judge_a, s.guzhuang, 7, 6)
    s.client = login(s.staff)
    return s


def test_control_characters_in_an_adjustment_reason_are_removed_and_the_export_works(scored):
    s = scored
    response = s.client.post(
        reverse("inspections:round-adjustments", args=[s.rnd.pk]),
        {"village": s.cihang.pk, "points": "-5", "reason": "pasted\x0bline\x1b[31m\x85end\x00"},
    )
    assert response.status_code == 302
    assert Adjustment.objects.get().reason == "pasted\nline[31m\nend"
    s.close()
    s.publish()
    assert export(s.client, s.rnd)["加减分"]["C2"].value == "pasted\nline[31m\nend"


def test_exports_carry_text_stored_before_cleaning_existed(scored):
    s = scored
    Adjustment.objects.create(round=s.rnd, village=s.cihang, points=-5, reason="旧数据\x1b[31m\x0c换页\ufffe")
    s.rnd.title = "标题\x07响铃"
    s.rnd.save()
    s.close()
    s.publish()
    wb = export(s.client, s.rnd)
    assert wb["加减分"]["C2"].value == "旧数据[31m\n换页"
    facts = {row[0]: row[1] for row in wb["轮次"].iter_rows(values_only=True)}
    assert facts["标题"] == "标题响铃"


@pytest.mark.parametrize("reason", INVISIBLE_REASONS, ids=range(len(INVISIBLE_REASONS)))
def test_a_withdraw_reason_must_hold_visible_text(scored, reason):
    s = scored
    s.close()
    s.publish()
    page = body(
        s.client.post(
            reverse("inspections:round-status", args=[s.rnd.pk, "withdraw"]), {"reason": reason}, follow=True
        )
    )
    assert "撤回发布必须填写理由。" in page
    assert s.refresh().is_published
    assert not s.rnd.history.filter(history_change_reason__startswith="撤回发布").exists()


def test_a_long_withdraw_reason_is_refused_with_a_message_not_a_server_error(scored):
    s = scored
    s.close()
    s.publish()
    page = body(
        s.client.post(
            reverse("inspections:round-status", args=[s.rnd.pk, "withdraw"]),
            {"reason": "理" * 500},
            follow=True,
        )
    )
    assert "理由最多 90 个字(现有 500 个字),请精简后重试。" in page
    assert s.refresh().is_published
    s.client.post(reverse("inspections:round-status", args=[s.rnd.pk, "withdraw"]), {"reason": "理" * 90})
    assert s.refresh().is_closed
    assert s.rnd.history.first().history_change_reason == "撤回发布:" + "理" * 90


def test_a_correction_reason_of_only_invisible_characters_is_refused(scored):
    s = scored
    sheet = s.rnd.sheets.get(village=s.cihang)
    s.close()
    url = reverse("inspections:sheet-detail", args=[sheet.pk])
    data = {
        f"c{s.c1.pk}": "6",
        f"c{s.c2.pk}": "9",
        "version": sheet.version,
        "remark": "",
        "reason": "\u3000\u200b",
    }
    page = body(s.client.post(url, data))
    assert "评分已结束,更正必须填写理由。" in page
    sheet.refresh_from_db()
    assert sheet.version == 1
    # Deleting a bonus of a closed round: the reason comes straight from the POST, the service checks it.
    adjustment = Adjustment.objects.create(round=s.rnd, village=s.cihang, points=2, reason="表彰")
    page = body(
        s.client.post(
            reverse("inspections:adjustment-delete", args=[adjustment.pk]), {"reason": "\u200b "}, follow=True
        )
    )
    assert "评分已结束,修改加减分必须填写更正理由。" in page
    assert Adjustment.objects.filter(pk=adjustment.pk).exists()


def test_free_text_is_limited_to_what_every_output_carries(scored):
    s = scored
    page = body(
        s.client.post(
            reverse("inspections:round-adjustments", args=[s.rnd.pk]),
            {"village": s.cihang.pk, "points": "2", "reason": "长" * 100_000},
        )
    )
    assert "2000 字符 (目前字符数 100000)" in page
    assert not Adjustment.objects.exists()


def test_commentary_is_cleaned_and_must_say_something(scored):
    s = scored
    url = reverse("inspections:round-review", args=[s.rnd.pk])
    page = body(
        s.client.post(
            url, {"form": "commentary", "c-kind": "highlight", "c-text": "\u200b\u3000", "c-speaker": ""}
        )
    )
    assert "没有保存,请修改标红的内容。" in page
    assert not Commentary.objects.exists()
    s.client.post(
        url,
        {
            "form": "commentary",
            "c-kind": "highlight",
            "c-text": "亮点\x1b突出\r\n第二行",
            "c-speaker": "书记",
        },
    )
    assert Commentary.objects.get().text == "亮点突出\n第二行"


def test_a_criterion_name_with_a_zero_width_character_is_refused_and_titles_are_normalised(
    round_setup, login
):
    s = round_setup
    client = login(s.staff)
    criteria = list(s.rnd.criteria.all())
    data = {
        "form-TOTAL_FORMS": str(len(criteria)),
        "form-INITIAL_FORMS": str(len(criteria)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"form-{i}-id": c.pk,
                f"form-{i}-sort_order": c.sort_order,
                f"form-{i}-stage": c.stage,
                f"form-{i}-name": c.name,
                f"form-{i}-description": "",
                f"form-{i}-maximum": "10",
                f"form-{i}-weight": "1",
                f"form-{i}-decimal_places": "1",
            }
        )
    data["form-1-name"] = "定标亮诺\u200b"
    page = body(client.post(reverse("inspections:round-criteria", args=[s.rnd.pk]), data))
    assert "评分项含有看不见的字符(U+200B),请删除后重新输入。" in page
    data["form-1-name"] = "ＡＢＣ　治理"
    client.post(reverse("inspections:round-criteria", args=[s.rnd.pk]), data)
    assert s.rnd.criteria.filter(name="ABC 治理").exists()

    response = client.post(
        reverse("inspections:round-edit", args=[s.rnd.pk]),
        {
            "year": 2022,
            "quarter": 1,
            "date": "2022-03-24",
            "title": "\u202e第一季度",
            "stages": ["field_visit"],
        },
    )
    assert "标题含有看不见的字符(U+202E),请删除后重新输入。" in body(response)
    client.post(
        reverse("inspections:round-edit", args=[s.rnd.pk]),
        {
            "year": 2022,
            "quarter": 1,
            "date": "2022-03-24",
            "title": " 第一季度\uff08郑港\uff09 ",
            "stages": ["field_visit"],
        },
    )
    assert InspectionRound.objects.get(pk=s.rnd.pk).title == "第一季度(郑港)"


ROSTER = "办事处,单位,类型,党支部书记,联系电话\n"


def upload_roster(client, text):
    return body(
        client.post(
            reverse("villages:roster-import"), {"file": SimpleUploadedFile("roster.csv", text.encode())}
        )
    )


def test_the_roster_refuses_look_alike_names_and_normalises_the_rest(zone, login):
    client = login(zone.users["admin"])
    page = upload_roster(
        client,
        ROSTER + "郑港办事处,慈航路社区\u200b,社区,王建国,\n郑港办事处,\u202eRTL村,行政村,某某,\n",
    )
    assert "第 2 行:“单位”含有看不见的字符(U+200B),请删除后重新输入。" in page
    assert "第 3 行:“单位”含有看不见的字符(U+202E),请删除后重新输入。" in page
    assert Village.objects.count() == 4

    # Full-width letters, U+3000 and stray spaces fold into the names already there.
    page = upload_roster(
        client, ROSTER + "郑港办事处 ,\u3000慈航路社区 ,社区,王建国,１３８００００００００\n"
    )
    assert "名单导入成功。" in page
    assert Village.objects.count() == 4
    assert Office.objects.count() == 2
    assert zone.cihang.secretaries.current().get().phone == "13800000000"
