"""Login throttling behind the reverse proxy: every request reaches the app from nginx's address,
and each client must still be counted under its own (nginx appends it to X-Forwarded-For)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

PROXY = "127.0.0.1"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, password, forwarded, username="staff"):
    """A login as nginx passes it on: from the proxy's address, the client's appended last."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_two_clients_behind_the_proxy_lock_out_separately(client, zone, throttled, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        last = attempt(client, "wrong", "198.51.100.7")
    assert last.status_code == 429
    assert attempt(client, PASSWORD, "198.51.100.7").status_code == 429  # locked out
    # Another office computer, same account, same proxy: not locked out.
    assert attempt(client, PASSWORD, "198.51.100.8").status_code == 302


def test_a_client_cannot_pick_the_address_it_is_counted_under(client, zone, throttled, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # 198.51.100.9 claims to be 198.51.100.8; nginx appends the address it really saw.
    for _ in range(3):
        last = attempt(client, "wrong", "198.51.100.8, 198.51.100.9")
    assert last.status_code == 429
    assert attempt(client, PASSWORD, "198.51.100.9").status_code == 429
    assert attempt(Client(), PASSWORD, "198.51.100.8").status_code == 302


def test_without_the_setting_the_header_is_not_trusted(client, zone, throttled, settings):
    """Reached directly (the default), a forged X-Forwarded-For changes nothing: the attempts
    count under the connection's address."""
    settings.TRUSTED_PROXY_COUNT = 0
    for _ in range(3):
        attempt(client, "wrong", "198.51.100.7")
    assert attempt(client, PASSWORD, "198.51.100.8").status_code == 429
