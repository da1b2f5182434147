"""The round's tab bar shows each person only the tabs they may open, and every refusal (403)
offers the way back."""

import re

import pytest
from django.urls import reverse

from tests.boards.helpers import text_of

ROLES = ["admin", "zone_leader", "leader", "staff"]


def tab_links(response):
    html = response.content.decode()
    bar = re.search(r'data-testid="round-tabs">(.*?)</ul>', html, re.S)
    return re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', bar.group(1)) if bar else []


def advance(s, status):
    if status == "draft":
        return
    s.open()
    if status == "open":
        return
    for judge in (s.judge_a, s.judge_b, s.judge_c):
        s.sheet(judge, s.cihang, 8, 9)
    s.close()
    if status == "published":
        s.publish()


@pytest.mark.parametrize("status", ["draft", "open", "closed", "published"])
def test_every_tab_shown_opens(round_setup, login, status):
    s = round_setup
    advance(s, status)
    for role in ROLES:
        client = login(s.zone.users[role])
        response = client.get(reverse("inspections:round-detail", args=[s.round.pk]))
        assert response.status_code == 200
        links = tab_links(response)
        assert links, role
        for url, label in links:
            assert client.get(url).status_code == 200, (role, status, label)


@pytest.mark.parametrize("status", ["draft", "open", "closed"])
def test_a_leader_sees_no_results_tabs_before_publishing(round_setup, login, status):
    s = round_setup
    advance(s, status)
    client = login(s.zone.users["leader"])
    labels = [
        label for _url, label in tab_links(client.get(reverse("inspections:round-detail", args=[s.round.pk])))
    ]
    assert labels == ["概况", "点评与整改", "加减分", "照片"]


def test_staff_see_every_tab_of_an_open_round(round_setup, login):
    s = round_setup
    advance(s, "open")
    response = login(s.staff).get(reverse("inspections:round-detail", args=[s.round.pk]))
    assert [label for _url, label in tab_links(response)] == [
        "概况",
        "成绩",
        "擂台榜",
        "点评与整改",
        "加减分",
        "照片",
        "录入纸质表",
        "导入",
        "评委一致性",
        "现场亮分",
        "导出工作簿",
    ]


def test_a_judge_looking_at_their_own_sheet_is_led_back_to_their_rounds(round_setup, login):
    s = round_setup
    advance(s, "open")
    sheet = s.sheet(s.judge_a, s.cihang, 8, 9)
    response = login(s.judge_a).get(reverse("inspections:sheet-detail", args=[sheet.pk]))
    assert response.status_code == 200
    assert tab_links(response) == []
    html = response.content.decode()
    assert reverse("inspections:judging") in html
    assert reverse("villages:office-detail", args=[s.office.pk]) not in html


def way_back(response):
    html = response.content.decode()
    block = re.search(r'data-testid="way-back">(.*?)</div>', html, re.S).group(1)
    return [
        (url, " ".join(label.split())) for url, label in re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', block)
    ]


def test_a_refused_results_page_leads_back_to_the_round(round_setup, login):
    s = round_setup
    advance(s, "open")
    client = login(s.zone.users["leader"])
    detail = reverse("inspections:round-detail", args=[s.round.pk])
    for name in ("round-results", "round-export", "leaderboard"):
        response = client.get(reverse(f"inspections:{name}", args=[s.round.pk]))
        assert response.status_code == 403
        assert "本轮成绩尚未发布。" in text_of(response)
        assert way_back(response) == [(detail, "返回本轮概况"), ("/", "返回首页")]


def test_a_refusal_offers_the_page_the_user_came_from(zone, login):
    client = login(zone.users["staff"])
    came_from = "http://testserver" + reverse("villages:office-detail", args=[zone.zg.pk])
    response = client.get(reverse("villages:office-detail", args=[zone.xg.pk]), HTTP_REFERER=came_from)
    assert response.status_code == 403
    assert way_back(response) == [(came_from, "返回上一页"), ("/", "返回首页")]
    # Another site is not a way back.
    response = client.get(
        reverse("villages:office-detail", args=[zone.xg.pk]), HTTP_REFERER="https://example.com/x"
    )
    assert way_back(response) == [("/", "返回首页")]


def test_a_stale_form_gets_a_chinese_page_with_the_way_back(zone, client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(zone.users["staff"])
    came_from = "http://testserver" + reverse("villages:office-detail", args=[zone.zg.pk])
    response = csrf_client.post(reverse("villages:roster-import"), {}, HTTP_REFERER=came_from)
    assert response.status_code == 403
    assert "表单已过期" in text_of(response)
    assert (came_from, "返回上一页") in way_back(response)


def test_a_draft_shows_no_score_pages(round_setup, login):
    s = round_setup
    response = login(s.staff).get(reverse("inspections:round-detail", args=[s.round.pk]))
    assert [label for _url, label in tab_links(response)] == ["概况", "点评与整改", "加减分", "照片"]
