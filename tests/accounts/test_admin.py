"""The admin goes through the same services: roles and the 有效 box are recorded, disabling ends
sessions; codes and the record are read only."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import ActivationCode, RoleChange
from villages.models import Membership


def user_page_data(page, user, **extra):
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in {"password", "groups", "user_permissions"}
    }
    data.update(
        {
            "username": user.username,
            "date_joined_0": "2022-01-01",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "secretary_tenures-TOTAL_FORMS": "0",
            "secretary_tenures-INITIAL_FORMS": "0",
        }
    )
    data.pop("last_login", None)
    data.update(extra)
    return data


def test_a_role_given_in_the_admin_is_recorded_with_its_reason(login, zone):
    client = login(zone.users["admin"])
    user = zone.users["nobody"]
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = user_page_data(
        client.get(url),
        user,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-role": "leader",
            "memberships-0-office": str(zone.xg.pk),
            "change_reason": "新任主任",
        },
    )
    assert client.post(url, data).status_code == 302
    assert Membership.objects.filter(user=user, role="leader", office=zone.xg).exists()
    change = RoleChange.objects.get(person=user)
    assert (change.action, change.role, change.office, change.reason, change.changed_by) == (
        "grant",
        "leader",
        zone.xg,
        "新任主任",
        zone.users["admin"],
    )


def test_disabling_in_the_admin_ends_the_sessions(login, zone):
    secretary = zone.users["secretary"]
    own = Client()
    own.force_login(secretary)
    client = login(zone.users["admin"])
    url = reverse("admin:auth_user_change", args=[secretary.pk])
    data = user_page_data(client.get(url), secretary)
    data.pop("is_active", None)
    assert client.post(url, data).status_code == 302
    secretary.refresh_from_db()
    assert not secretary.is_active
    assert not any(s.get_decoded().get("_auth_user_id") == str(secretary.pk) for s in Session.objects.all())
    assert own.get(reverse("villages:my-villages")).status_code == 302
    change = RoleChange.objects.get(person=secretary)
    assert change.action == "disable" and change.reason


def test_the_admin_list_action_disables(login, zone):
    client = login(zone.users["admin"])
    target = zone.users["other_staff"]
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "disable_accounts", "_selected_action": [target.pk, zone.users["admin"].pk]},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    zone.users["admin"].refresh_from_db()
    assert not target.is_active and zone.users["admin"].is_active
    assert RoleChange.objects.filter(person=target, action="disable").exists()


@pytest.mark.parametrize("model", [RoleChange, ActivationCode])
def test_codes_and_the_record_are_read_only(login, zone, model):
    client = login(zone.users["admin"])
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403


def test_linking_a_tenure_in_the_admin_is_recorded(login, zone):
    from villages.models import Secretary

    client = login(zone.users["admin"])
    tenure = Secretary.objects.get(village=zone.guzhuang)
    url = reverse("admin:villages_secretary_change", args=[tenure.pk])
    data = {
        "village": zone.guzhuang.pk,
        "name": tenure.name,
        "phone": "",
        "user": zone.users["nobody"].pk,
        "start_date": "2021-01-01",
        "end_date": "",
    }
    assert client.post(url, data).status_code == 302
    tenure.refresh_from_db()
    assert tenure.user == zone.users["nobody"]
    change = RoleChange.objects.get(person=zone.users["nobody"])
    assert (change.action, change.role, change.scope) == ("grant", "secretary", "谷庄村")
    # The village page's inline shows the account but does not change it.
    page = client.get(reverse("admin:villages_village_change", args=[zone.guzhuang.pk]))
    assert page.status_code == 200
