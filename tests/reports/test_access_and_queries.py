"""Who may open the summaries, and what a summary page costs in queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.boards.test_queries import populate

pytestmark = pytest.mark.django_db

OFFICE_PAGES = ["reports:office-summary", "reports:office-summary-xlsx", "reports:office-brief"]
# 郑港's summary: its staff and leader, zone leaders and administrators; never a secretary.
ALLOWED = {"admin": 200, "zone_leader": 200, "leader": 200, "staff": 200}
REFUSED = ["other_staff", "secretary", "other_secretary", "nobody"]


@pytest.mark.parametrize("name", OFFICE_PAGES)
@pytest.mark.parametrize("persona", [*ALLOWED, *REFUSED])
def test_office_summary_access(summary_data, client, persona, name):
    client.force_login(summary_data.zone.users[persona])
    response = client.get(reverse(name, args=[summary_data.q2.pk]))
    assert response.status_code == ALLOWED.get(persona, 403)


def test_the_pdf_is_refused_like_the_page(summary_data, client):
    client.force_login(summary_data.zone.users["secretary"])
    assert client.get(reverse("reports:office-summary-pdf", args=[summary_data.q2.pk])).status_code == 403


@pytest.mark.parametrize("name", OFFICE_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(summary_data, client, name):
    response = client.get(reverse(name, args=[summary_data.q2.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_secretary_sees_no_print_button_on_the_leaderboard(summary_data, client):
    client.force_login(summary_data.zone.users["secretary"])
    html = client.get(reverse("inspections:leaderboard", args=[summary_data.q2.pk])).content.decode()
    assert reverse("reports:office-summary", args=[summary_data.q2.pk]) not in html


@pytest.mark.parametrize("persona", ["leader", "other_staff"])
def test_only_the_offices_staff_preview_an_unpublished_round(summary_data, client, persona):
    from inspections import services

    services.round_withdraw(rnd=summary_data.q2, user=summary_data.staff, reason="更正录入错误")
    client.force_login(summary_data.zone.users[persona])
    assert client.get(reverse("reports:office-summary", args=[summary_data.q2.pk])).status_code == 403


@pytest.mark.parametrize(
    "persona,status",
    [("admin", 200), ("zone_leader", 200), ("leader", 403), ("staff", 403), ("secretary", 403)],
)
def test_zone_summary_access(summary_data, client, persona, status):
    client.force_login(summary_data.zone.users[persona])
    assert client.get(reverse("reports:zone-summary", args=[2022, 2])).status_code == status


def test_zone_summary_of_an_impossible_quarter_is_not_found(summary_data, client):
    client.force_login(summary_data.zone.users["zone_leader"])
    assert client.get(reverse("reports:zone-summary", args=[2022, 5])).status_code == 404


def summary_queries(client, rnd):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reports:office-summary", args=[rnd.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_summary_page_costs_the_same_at_any_size(zone, client, django_assert_max_num_queries):
    small = populate(
        zone.zg, villages=3, judges=2, criteria=2, rounds=2, prefix="s", staff=zone.users["staff"]
    )
    large = populate(
        zone.xg, villages=30, judges=5, criteria=8, rounds=3, prefix="l", staff=zone.users["other_staff"]
    )
    client.force_login(zone.users["admin"])
    assert summary_queries(client, small["latest"]) == summary_queries(client, large["latest"])
    with django_assert_max_num_queries(18):
        client.get(reverse("reports:office-summary", args=[large["latest"].pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("reports:zone-summary", args=[2022, 3]))
    with django_assert_max_num_queries(10):
        client.get(reverse("inspections:zone-overview"))
