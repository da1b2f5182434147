"""大字模式: the navigation bar's switch, kept per user on the server or in a cookie for visitors."""

import pytest
from django.urls import reverse

from villages.models import UserPreference
from villages.preferences import COOKIE

URL = reverse("villages:large-text")


def large(response):
    return 'class="large-text"' in response.content.decode()


@pytest.mark.django_db
def test_a_visitor_turns_it_on_and_off_in_a_cookie(client):
    response = client.post(URL, {"on": "1", "next": "/public/"})
    assert response.status_code == 302 and response.url == "/public/"
    assert client.cookies[COOKIE].value == "1"
    assert large(client.get("/public/"))
    client.post(URL, {"on": "0", "next": "/public/"})
    assert not large(client.get("/public/"))
    assert not UserPreference.objects.exists()


def test_a_user_keeps_it_on_the_server(client, zone, login):
    staff = zone.users["staff"]
    page = reverse("villages:office-detail", args=[zone.zg.pk])
    assert not large(login(staff).get(page))
    client.post(URL, {"on": "1", "next": page})
    assert UserPreference.objects.get(user=staff).large_text is True
    assert large(client.get(page))
    client.logout()
    client.cookies.clear()
    assert large(login(staff).get(page)), "the next login brings it back"
    client.post(URL, {"on": "0", "next": page})
    assert UserPreference.objects.get(user=staff).large_text is False
    assert not large(client.get(page))
    # Another user is not affected.
    client.logout()
    assert not large(login(zone.users["leader"]).get(page))


def test_the_switch_returns_only_to_our_own_pages(client, db):
    assert client.post(URL, {"on": "1", "next": "https://example.org/"}).url == reverse("home")
    assert client.get(URL).status_code == 405


def test_the_navigation_bar_shows_its_state(client, db):
    body = client.get("/public/").content.decode()
    assert 'aria-pressed="false"' in body and "大字模式" in body
    client.post(URL, {"on": "1", "next": "/public/"})
    assert 'aria-pressed="true"' in client.get("/public/").content.decode()
