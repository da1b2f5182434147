"""Every model has an admin page that lists, searches and filters; a user's roles sit on their page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from inspections.models import Adjustment, InspectionRound, ScoreSheet, SitePhoto, Standing
from villages.models import Membership, Pledge, PledgeProgress

MODELS = [m for m in admin.site._registry if m._meta.app_label in {"villages", "inspections", "auth"}]
VIEW_ONLY = {InspectionRound, ScoreSheet, Adjustment, Standing, SitePhoto, Pledge, PledgeProgress}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_list_search_and_add_pages_render(login, zone, model):
    client = login(zone.users["admin"])
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "郑港"}).status_code == 200
    # Scoring data is view only in the admin (it changes through the pages' services).
    expected = 403 if model in VIEW_ONLY else 200
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == expected


def test_a_new_staff_member_gets_their_role_on_the_user_page(login, zone):
    client = login(zone.users["admin"])
    user = zone.users["nobody"]
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url)
    assert "角色(办事处工作人员 / 领导;领导不选办事处即为全区领导)" in page.content.decode()
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
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-role": "staff",
            "memberships-0-office": str(zone.zg.pk),
            "secretary_tenures-TOTAL_FORMS": "0",
            "secretary_tenures-INITIAL_FORMS": "0",
        }
    )
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Membership.objects.filter(user=user, role="staff", office=zone.zg).exists()
