"""Repeated wrong passwords lock the login for a while (django-axes), with a Chinese page."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_three_wrong_passwords_lock_the_account_even_for_the_right_one(client, zone, throttled):
    url = reverse("login")
    for _ in range(2):
        response = client.post(url, {"username": "staff", "password": "wrong"})
        assert response.status_code == 200
        assert "请输入一个正确的" in response.content.decode()
    locked = client.post(url, {"username": "staff", "password": "wrong"})
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    again = client.post(url, {"username": "staff", "password": PASSWORD})
    assert again.status_code == 429
    assert AccessAttempt.objects.filter(username="staff").exists()


def test_a_successful_login_clears_earlier_failures(client, zone, throttled):
    url = reverse("login")
    client.post(url, {"username": "staff", "password": "wrong"})
    client.post(url, {"username": "staff", "password": "wrong"})
    assert client.post(url, {"username": "staff", "password": PASSWORD}).status_code == 302
    client.logout()
    client.post(url, {"username": "staff", "password": "wrong"})
    client.post(url, {"username": "staff", "password": "wrong"})
    assert client.post(url, {"username": "staff", "password": PASSWORD}).status_code == 302
