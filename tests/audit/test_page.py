"""The audit page: the audit administrator and a superuser read and export; everyone else gets 403."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AUDITOR_GROUP, AuditEvent
from config.security import log_event
from villages.models import Office

URL = reverse("audit:list")


@pytest.fixture
def auditor(zone):
    call_command("audit_grant", "nobody")
    return zone.users["nobody"]


def test_the_audit_administrator_reads_and_others_are_refused(client, zone, auditor, login):
    assert client.get(URL).status_code == 302  # to the login page
    for name in ("staff", "leader", "zone_leader"):
        assert login(zone.users[name]).get(URL).status_code == 403
    page = login(auditor).get(URL)
    assert page.status_code == 200
    assert auditor.groups.filter(name=AUDITOR_GROUP).exists()
    assert URL in login(auditor).get(reverse("villages:public-index")).content.decode()  # the navbar link
    assert URL not in login(zone.users["staff"]).get(reverse("villages:public-index")).content.decode()
    assert login(zone.users["admin"]).get(URL).status_code == 200  # a superuser may read
    assert AuditEvent.objects.filter(event="denied").count() == 3


def test_the_audit_administrator_changes_nothing_in_the_admin(client, zone, auditor, login):
    auditor.is_staff = True
    auditor.save()
    log_event("backup", file="x")
    row = AuditEvent.objects.get(event="backup")
    client = login(auditor)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert (
        client.post(reverse("admin:audit_auditevent_delete", args=[row.pk]), {"post": "yes"}).status_code
        == 403
    )
    superuser = login(zone.users["admin"])
    assert superuser.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert (
        superuser.post(reverse("admin:audit_auditevent_change", args=[row.pk]), {"event": "x"}).status_code
        == 403
    )
    assert AuditEvent.objects.get(pk=row.pk).event == "backup"


def test_filters_and_csv(client, zone, auditor, login):
    zg = Office.objects.get(name="郑港办事处")
    xg = Office.objects.get(name="新港办事处")
    log_event("office_settings_changed", office=zg.pk, by="staff", changes={})
    log_event("office_settings_changed", office=xg.pk, by="other_staff", changes={})
    log_event("backup", file="x")
    client = login(auditor)
    by_office = client.get(URL, {"office": zg.pk}).context["page"]
    assert [row.username for row in by_office] == ["staff"]
    by_person = client.get(URL, {"person": "other"}).context["page"]
    assert [row.office_id for row in by_person] == [xg.pk]
    by_event = client.get(URL, {"event": "backup"}).context["page"]
    assert [row.event for row in by_event] == ["backup"]
    assert "备份（backup）" in client.get(URL, {"event": "backup"}).content.decode()
    today = timezone.localdate(AuditEvent.objects.first().time).isoformat()
    assert len(client.get(URL, {"since": today, "until": today}).context["page"]) >= 3
    assert len(client.get(URL, {"until": "2000-01-01"}).context["page"]) == 0

    export = client.get(URL, {"event": "office_settings_changed", "export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["seq", "time", "user_id", "username"]
    assert [r[3] for r in rows[1:]] == ["staff", "other_staff"]
    exported = AuditEvent.objects.filter(event="audit_exported").get()
    assert exported.details["rows"] == 2 and exported.username == auditor.username


def test_pages_are_paginated(client, zone, auditor, login):
    for n in range(60):
        log_event("backup", file=str(n))
    client = login(auditor)
    first = client.get(URL, {"event": "backup"})
    assert len(first.context["page"]) == 50
    assert "event=backup&amp;page=2" in first.content.decode()
    assert len(client.get(URL, {"event": "backup", "page": 2}).context["page"]) == 10
