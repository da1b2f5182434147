"""On the demo data: the office's people page, the command on a real roster, and the demo logins
still working afterwards (they have passwords and need no activation)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from villages.demo import DEMO_PASSWORD
from villages.models import Office, Secretary

pytestmark = pytest.mark.django_db


def test_people_page_and_command_on_the_demo(demo_db, client):
    office = Office.objects.get(name="郑港办事处")
    assert client.login(username="zg_staff", password=DEMO_PASSWORD)
    page = client.get(reverse("villages:office-detail", args=[office.pk])).content.decode()
    assert reverse("accounts:people", args=[office.pk]) in page
    people = client.get(reverse("accounts:people", args=[office.pk]))
    assert people.status_code == 200
    assert "cihang_secretary" in people.content.decode()

    without = Secretary.objects.current().filter(village__office=office, user__isnull=True).count()
    assert without > 0
    out = io.StringIO()
    call_command("create_accounts", office.name, "--from-roster", stdout=out)
    assert f"已为 {without} 位书记开通账号" in out.getvalue()
    assert not Secretary.objects.current().filter(village__office=office, user__isnull=True).exists()

    client.logout()
    for username in ("zg_staff", "cihang_secretary", "zg_leader", "judge1", "admin"):
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get("/", follow=True).status_code == 200
        client.logout()
