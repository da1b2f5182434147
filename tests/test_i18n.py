"""The UI is Chinese by default and English through the gettext catalogue in locale/en."""

import datetime
import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from inspections import services
from inspections.models import InspectionRound, RoundSite, Stage

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# Chinese words that stay in English messages: sheet, column and status names inside the spreadsheets.
FILE_WORDS = [
    "评分表",
    "轮次",
    "版本",
    "单位",
    "评委",
    "已提交",
    "草稿",
    "办事处",
    "类型",
    "党支部书记",
    "联系电话",
]


def visible_text(response):
    """The page as a reader sees it: tags, scripts and styles removed, whitespace squeezed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_pages_are_chinese_by_default(client):
    text = visible_text(client.get(reverse("login")))
    assert "登录亮赛比" in text
    assert "Log in to Liang-Sai-Bi" not in text


@pytest.mark.django_db
def test_login_page_in_english(client):
    switch_to_english(client)
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    text = visible_text(response)
    assert "Log in to Liang-Sai-Bi" in text
    assert "See the villages' public pledges" in text
    assert "Public pledges" in text  # navbar
    for chinese in ("登录亮赛比", "查看各村公开承诺", "公开承诺", "退出"):
        assert chinese not in text


def test_office_page_in_english_for_staff(zone, login):
    client = login(zone.users["staff"])
    switch_to_english(client)
    response = client.get(reverse("villages:office-detail", args=[zone.zg.pk]))
    assert response.status_code == 200
    text = visible_text(response)
    for english in (
        "Leaderboard",
        "Inspection rounds",
        "Import roster",
        "Party secretary",
        "Pledges",
        "Log out",
    ):
        assert english in text
    # Labels are translated; the data (names of offices and villages) stays Chinese.
    for chinese in ("承诺事项", "党支部书记", "联系电话", "擂台榜", "观摩轮次", "导入名单", "退出"):
        assert chinese not in text
    assert "郑港办事处" in text and "慈航路社区" in text
    assert "Community" in text  # Village.Kind label of 慈航路社区


def test_leaderboard_in_english_for_staff(zone, login):
    """A published round of 郑港 (built like tests/inspections/conftest.py's round_setup)."""
    staff = zone.users["staff"]
    rnd = InspectionRound.objects.create(
        office=zone.zg,
        year=2022,
        quarter=1,
        date=datetime.date(2022, 3, 24),
        title="2022年第一季度亮赛比",
        stages=[Stage.FIELD_VISIT, Stage.REPORT],
        drop_extremes=True,
        created_by=staff,
    )
    criterion = rnd.criteria.create(
        name="定标亮诺", stage=Stage.FIELD_VISIT, maximum=Decimal("10"), weight=Decimal("1"), sort_order=1
    )
    for order, village in enumerate([zone.cihang, zone.guzhuang], start=1):
        RoundSite(round=rnd, village=village, order=order).save()
    judge = get_user_model().objects.create_user(username="judge_en", password="pass-for-tests-123")
    rnd.judges.set([judge])
    services.round_open(rnd=rnd, user=staff)
    for village, value in ((zone.cihang, "9"), (zone.guzhuang, "7.5")):
        services.sheet_save(
            rnd=rnd,
            village=village,
            judge=judge,
            values={criterion.pk: Decimal(value)},
            submit=True,
            actor=judge,
        )
    services.round_close(rnd=rnd, user=staff)
    services.round_publish(rnd=rnd, user=staff)

    client = login(staff)
    switch_to_english(client)
    response = client.get(reverse("inspections:leaderboard", args=[rnd.pk]))
    assert response.status_code == 200
    text = visible_text(response)
    for english in ("Leaderboard", "Rank", "Village", "Total", "Red banner", "Log out"):
        assert english in text
    # Labels are translated; the data (office, villages, round title) stays Chinese.
    for chinese in ("擂台榜", "排名", "名次", "总分", "流动红旗", "红榜", "退出"):
        assert chinese not in text
    assert "慈航路社区" in text and "谷庄村" in text


def test_village_page_in_english_for_secretary(zone, login):
    client = login(zone.users["secretary"])
    switch_to_english(client)
    response = client.get(reverse("villages:village-detail", args=[zone.cihang.pk]))
    assert response.status_code == 200
    text = visible_text(response)
    for english in (
        "Pledges and quarterly progress",
        "Current",
        "Measures and targets",
        "Deadline",
        "Public page",
    ):
        assert english in text
    for chinese in ("承诺事项", "措施与目标", "完成时限", "现任", "公示页面"):
        assert chinese not in text
    assert "王建国" in text  # the secretary's name is data


def test_forbidden_page_in_english(zone, login):
    client = login(zone.users["staff"])  # staff of 郑港, asking for 新港
    switch_to_english(client)
    response = client.get(reverse("villages:office-detail", args=[zone.xg.pk]))
    assert response.status_code == 403
    text = visible_text(response)
    assert "Access denied (403)" in text
    assert "You do not have access to this office's data." in text
    assert "Back to home" in text
    for chinese in ("无权访问", "您无权访问该办事处的数据", "返回首页"):
        assert chinese not in text


def test_switching_back_to_chinese(zone, login):
    client = login(zone.users["staff"])
    switch_to_english(client)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    text = visible_text(client.get(reverse("villages:office-detail", args=[zone.zg.pk])))
    assert "承诺事项" in text
    assert "Party secretary" not in text


def parse_po(path):
    """Entries of a .po file as dicts: flags, msgid, msgid_plural, msgstr / msgstr[n] (joined, unescaped)."""
    entries, entry, field = [], None, None

    def unquote(s):
        return s.strip()[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += unquote(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = unquote(value)
    return entries


def test_english_catalogue_is_complete():
    assert PO_FILE.exists() and MO_FILE.exists()
    entries = parse_po(PO_FILE)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"]
    assert len(messages) > 100
    placeholder = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)s")
    for entry in messages:
        msgid = entry["msgid"]
        assert not entry["obsolete"], msgid
        assert "fuzzy" not in entry["flags"], msgid
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        assert translations, msgid
        if "msgid_plural" in entry:
            assert {"msgstr[0]", "msgstr[1]"} <= entry.keys(), msgid
        for text in translations:
            assert text.strip(), f"untranslated: {msgid}"
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(msgid)), msgid
            leftover = re.sub("|".join(FILE_WORDS), "", text)
            assert not re.search(r"[\u4e00-\u9fff]", leftover), f"Chinese left in: {text}"
    assert "#, fuzzy" not in PO_FILE.read_text(encoding="utf-8")
