"""Published boards are kept once rendered, per what the viewer may see, and dropped on withdraw."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections import services
from inspections.models import Rectification, Standing

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("name", ["inspections:leaderboard", "inspections:improvement"])
def test_a_published_board_is_rendered_once(quarters, client, name):
    client.force_login(quarters.zone.users["leader"])
    url = reverse(name, args=[quarters.q2.pk])
    first, html = queries(client, url)
    again, _html = queries(client, url)
    assert again < first  # the standings are not read again
    assert "后宋村" in html
    # Standing rows cannot change while the round is published; if they did, the kept table shows.
    Standing.objects.filter(round=quarters.q2).update(secretary_name="改过的名字")
    assert "改过的名字" not in queries(client, url)[1]


def test_withdraw_and_republish_drop_the_kept_board(quarters, client):
    client.force_login(quarters.staff)
    url = reverse("inspections:leaderboard", args=[quarters.q2.pk])
    assert "宋立新" in client.get(url).content.decode()
    services.round_withdraw(rnd=quarters.q2, user=quarters.staff, reason="更正录入")
    Standing.objects.filter(round=quarters.q2)  # withdrawn: standings deleted, board computed live
    html = client.get(url).content.decode()
    assert 'data-testid="provisional"' in html
    services.round_publish(rnd=quarters.q2, user=quarters.staff)
    html = client.get(url).content.decode()
    assert 'data-testid="provisional"' not in html


def test_what_a_viewer_may_see_is_kept_apart(quarters, client):
    url = reverse("inspections:leaderboard", args=[quarters.q2.pk])
    client.force_login(quarters.zone.users["leader"])
    leader_html = client.get(url).content.decode()
    client.force_login(quarters.zone.users["secretary"])
    secretary_html = client.get(url).content.decode()
    assert "人居环境整治" in leader_html  # criterion columns for the office's people
    assert "人居环境整治" not in secretary_html  # a secretary sees no other village's breakdown
    assert "row-own" in secretary_html and "row-own" not in leader_html


def test_a_language_has_its_own_kept_board(quarters, client):
    client.force_login(quarters.zone.users["leader"])
    url = reverse("inspections:leaderboard", args=[quarters.q2.pk])
    assert "流动红旗" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Red banner" in english


def test_pages_are_sent_compressed(quarters, client):
    client.force_login(quarters.zone.users["leader"])
    url = reverse("inspections:leaderboard", args=[quarters.q2.pk])
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 3


def year_url(quarters):
    return reverse("inspections:year-view", args=[quarters.office.pk, 2022])


def test_the_year_view_is_rendered_once(quarters, client):
    client.force_login(quarters.zone.users["leader"])
    first, html = queries(client, year_url(quarters))
    again, _html = queries(client, year_url(quarters))
    assert again < first
    assert "后宋村" in html
    Standing.objects.filter(round=quarters.q2).update(rank=99)
    assert "第99名" not in queries(client, year_url(quarters))[1]


def test_withdrawing_a_quarter_drops_the_kept_year_view(quarters, client):
    client.force_login(quarters.staff)
    before = client.get(year_url(quarters)).content.decode()
    assert reverse("inspections:leaderboard", args=[quarters.q2.pk]) in before
    services.round_withdraw(rnd=quarters.q2, user=quarters.staff, reason="更正录入")
    after = client.get(year_url(quarters)).content.decode()
    assert reverse("inspections:leaderboard", args=[quarters.q2.pk]) not in after
    assert after.count("第1名") < before.count("第1名")  # Q2's cells are gone, not kept


def test_the_kept_year_view_marks_only_the_viewers_own_village(quarters, client):
    client.force_login(quarters.zone.users["leader"])
    assert "row-own" not in client.get(year_url(quarters)).content.decode()
    client.force_login(quarters.zone.users["secretary"])
    assert "row-own" in client.get(year_url(quarters)).content.decode()


@pytest.mark.parametrize("page", ["leaderboard", "improvement", "year view"])
def test_a_renamed_village_shows_on_kept_pages(quarters, client, page):
    url = {
        "leaderboard": reverse("inspections:leaderboard", args=[quarters.q2.pk]),
        "improvement": reverse("inspections:improvement", args=[quarters.q2.pk]),
        "year view": year_url(quarters),
    }[page]
    client.force_login(quarters.zone.users["leader"])
    assert "后宋村" in client.get(url).content.decode()
    village = quarters.q2.sites.get(village__name="后宋村").village
    village.name = "后宋社区"
    village.save()
    html = client.get(url).content.decode()
    assert "后宋社区" in html and "后宋村" not in html


ZONE_PAGES = {
    "zone overview": lambda q: reverse("inspections:zone-overview"),
    "zone summary": lambda q: reverse("reports:zone-summary", args=[2022, 2]),
}


def shown(client, url):
    """The page without its per-response CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


@pytest.mark.parametrize("page", ZONE_PAGES)
def test_the_zone_pages_are_rendered_once(quarters, client, page):
    client.force_login(quarters.zone.users["zone_leader"])
    url = ZONE_PAGES[page](quarters)
    first, html = queries(client, url)
    again, _html = queries(client, url)
    assert again < first  # the standings are not read again
    assert "郑港办事处" in html
    # Standings cannot change while a round is published; if they did, the kept page shows.
    html = shown(client, url)
    Standing.objects.filter(round=quarters.q2).update(total=1)
    assert shown(client, url) == html


@pytest.mark.parametrize("page", ZONE_PAGES)
def test_a_new_rectification_shows_on_the_kept_zone_pages(quarters, client, page):
    from .test_zone_and_dashboard import rectification

    client.force_login(quarters.zone.users["zone_leader"])
    url = ZONE_PAGES[page](quarters)
    before = shown(client, url)
    item = rectification(quarters.q2, quarters.cihang, Rectification.Status.OPEN, -3, "垃圾清运不及时")
    overdue = shown(client, url)
    assert overdue != before and "逾期 1" in overdue
    item.status = Rectification.Status.VERIFIED
    item.save()
    assert shown(client, url) == before  # verified: back to what it was
    item.delete()
    assert shown(client, url) == before


@pytest.mark.parametrize("page", ZONE_PAGES)
def test_withdrawing_and_renaming_show_on_the_kept_zone_pages(quarters, client, page):
    client.force_login(quarters.zone.users["zone_leader"])
    url = ZONE_PAGES[page](quarters)
    assert "后宋村" in client.get(url).content.decode()
    village = quarters.q2.sites.get(village__name="后宋村").village
    village.name = "后宋社区"
    village.save()
    html = client.get(url).content.decode()
    assert "后宋社区" in html and "后宋村" not in html
    services.round_withdraw(rnd=quarters.q2, user=quarters.staff, reason="更正录入")
    assert "后宋社区" not in client.get(url).content.decode()  # 未发布: no names of the quarter
