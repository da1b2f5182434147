"""Village names on the boards and the office page lead to the village's dashboard, for those who may
open it: the office's staff and leaders every village, a secretary only their own."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def dashboard_links(response):
    """{village name: url} of the links to village dashboards in the page."""
    html = response.content.decode()
    return {
        name.strip(): url
        for url, name in re.findall(
            r'<a href="(/villages/\d+/dashboard/)" class="village-link">([^<]+)</a>', html
        )
    }


def pages(quarters):
    return {
        "leaderboard": reverse("inspections:leaderboard", args=[quarters.q2.pk]),
        "improvement": reverse("inspections:improvement", args=[quarters.q2.pk]),
        "year view": reverse("inspections:year-view", args=[quarters.office.pk, 2022]),
    }


@pytest.mark.parametrize("role", ["leader", "staff", "zone_leader"])
def test_readers_of_the_office_reach_every_village_dashboard(quarters, login, role):
    client = login(quarters.zone.users[role])
    urls = dict(pages(quarters), office=reverse("villages:office-detail", args=[quarters.office.pk]))
    for page, url in urls.items():
        links = dashboard_links(client.get(url))
        assert {"慈航路社区", "谷庄村", "后宋村", "陶庄村", "富鑫工作站"} <= set(links), page
        for name, link in links.items():
            assert client.get(link).status_code == 200, (page, name)


def test_a_secretary_reaches_only_their_own_village(quarters, login):
    client = login(quarters.zone.users["secretary"])
    for page, url in pages(quarters).items():
        response = client.get(url)
        assert response.status_code == 200, page
        assert dashboard_links(response) == {
            "慈航路社区": reverse("inspections:village-dashboard", args=[quarters.cihang.pk])
        }, page
