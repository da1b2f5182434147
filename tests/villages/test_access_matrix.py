"""Who may open which page: every persona (anonymous too) against every villages page."""

import pytest
from django.urls import reverse

from villages.models import Pledge, Secretary

LOGIN = "login"  # 302 to the login page

PERSONAS = (
    "anonymous",
    "admin",
    "zone_leader",
    "leader",
    "staff",
    "other_staff",
    "secretary",
    "other_secretary",
    "nobody",
)

# How to reach each page: (HTTP method, url built from the zone fixture).
PAGES = {
    "office_list": ("get", lambda z: reverse("villages:office-list")),
    "office_zg": ("get", lambda z: reverse("villages:office-detail", args=[z.zg.pk])),
    "office_xg": ("get", lambda z: reverse("villages:office-detail", args=[z.xg.pk])),
    "village_cihang": ("get", lambda z: reverse("villages:village-detail", args=[z.cihang.pk])),
    "village_tianwang": ("get", lambda z: reverse("villages:village-detail", args=[z.tianwang.pk])),
    "pledge_create_cihang": ("get", lambda z: reverse("villages:pledge-create", args=[z.cihang.pk])),
    # A draft: the secretary and staff may change it (a public one only staff, with a reason).
    "pledge_edit_cihang": ("get", lambda z: reverse("villages:pledge-edit", args=[z.private_pledge.pk])),
    "pledge_progress_cihang": (
        "get",
        lambda z: reverse("villages:pledge-progress", args=[z.pledges["慈航路社区"].pk]),
    ),
    "pledge_delete_cihang": ("post", lambda z: reverse("villages:pledge-delete", args=[z.private_pledge.pk])),
    "roster_import": ("get", lambda z: reverse("villages:roster-import")),
    "roster_template": ("get", lambda z: reverse("villages:roster-template", args=["xlsx"])),
    "public_index": ("get", lambda z: reverse("villages:public-index")),
    "public_village_cihang": ("get", lambda z: reverse("villages:public-village", args=[z.cihang.pk])),
}

# fmt: off
MATRIX = {
    #                          anon   admin zone  leader staff o_stf  secr  o_sec nobody
    "office_list":            (LOGIN, 200,  200,  200,   200,  200,   403,  403,  403),
    "office_zg":              (LOGIN, 200,  200,  200,   200,  403,   403,  403,  403),
    "office_xg":              (LOGIN, 200,  200,  403,   403,  200,   403,  403,  403),
    "village_cihang":         (LOGIN, 200,  200,  200,   200,  403,   200,  403,  403),
    "village_tianwang":       (LOGIN, 200,  200,  403,   403,  200,   403,  200,  403),
    "pledge_create_cihang":   (LOGIN, 200,  403,  403,   200,  403,   200,  403,  403),
    "pledge_edit_cihang":     (LOGIN, 200,  403,  403,   200,  403,   200,  403,  403),
    "pledge_progress_cihang": (LOGIN, 200,  403,  403,   200,  403,   200,  403,  403),
    "pledge_delete_cihang":   (LOGIN, 302,  403,  403,   302,  403,   302,  403,  403),
    "roster_import":          (LOGIN, 200,  403,  403,   200,  200,   403,  403,  403),
    "roster_template":        (LOGIN, 200,  403,  403,   200,  200,   403,  403,  403),
    "public_index":           (200,   200,  200,  200,   200,  200,   200,  200,  200),
    "public_village_cihang":  (200,   200,  200,  200,   200,  200,   200,  200,  200),
}
# fmt: on

CASES = [
    pytest.param(page_name, persona, expected, id=f"{page_name}-{persona}")
    for page_name, row in MATRIX.items()
    for persona, expected in zip(PERSONAS, row, strict=True)
]


def _client_for(client, zone, persona):
    if persona != "anonymous":
        client.force_login(zone.users[persona])
    return client


def test_the_matrix_covers_every_page():
    assert set(MATRIX) == set(PAGES)


@pytest.mark.parametrize("page_name, persona, expected", CASES)
def test_access_matrix(client, zone, page_name, persona, expected):
    method, url_for = PAGES[page_name]
    url = url_for(zone)
    response = getattr(_client_for(client, zone, persona), method)(url)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    else:
        assert response.status_code == expected
    if expected == 403:
        assert "无权访问(403)" in response.content.decode()


@pytest.mark.parametrize("persona", ["admin", "staff", "secretary"])
def test_allowed_delete_removes_the_pledge_and_returns_to_the_village(client, zone, persona):
    pledge = zone.private_pledge
    response = _client_for(client, zone, persona).post(reverse("villages:pledge-delete", args=[pledge.pk]))

    assert response["Location"] == reverse("villages:village-detail", args=[zone.cihang.pk])
    assert not Pledge.objects.filter(pk=pledge.pk).exists()


@pytest.mark.parametrize("persona", ["zone_leader", "leader", "other_staff", "other_secretary", "nobody"])
def test_refused_delete_keeps_the_pledge(client, zone, persona):
    pledge = zone.private_pledge
    _client_for(client, zone, persona).post(reverse("villages:pledge-delete", args=[pledge.pk]))

    assert Pledge.objects.filter(pk=pledge.pk).exists()


@pytest.mark.parametrize("persona", ["leader", "zone_leader"])
def test_leaders_cannot_change_pledges_by_post(client, zone, persona):
    pledge = zone.pledges["慈航路社区"]
    c = _client_for(client, zone, persona)
    edit = c.post(
        reverse("villages:pledge-edit", args=[pledge.pk]),
        {
            "year": 2022,
            "category": "environment",
            "title": "领导改的标题",
            "content": "x",
            "measure": "y",
            "deadline": "2022-12-31",
        },
    )
    progress = c.post(
        reverse("villages:pledge-progress", args=[pledge.pk]), {"quarter": 2, "status": "done", "note": ""}
    )

    assert edit.status_code == 403
    assert progress.status_code == 403
    pledge.refresh_from_db()
    assert pledge.title == "慈航路社区人居环境整治"
    assert not pledge.progress.filter(quarter=2).exists()


MISSING = 999999

# fmt: off
MISSING_PAGES = [
    ("get",  reverse("villages:office-detail", args=[MISSING])),
    ("get",  reverse("villages:village-detail", args=[MISSING])),
    ("get",  reverse("villages:pledge-create", args=[MISSING])),
    ("get",  reverse("villages:pledge-edit", args=[MISSING])),
    ("get",  reverse("villages:pledge-progress", args=[MISSING])),
    ("post", reverse("villages:pledge-delete", args=[MISSING])),
    ("get",  reverse("villages:public-village", args=[MISSING])),
]
# fmt: on


@pytest.mark.parametrize("method, url", MISSING_PAGES, ids=[url for _m, url in MISSING_PAGES])
@pytest.mark.parametrize("persona", ["admin", "staff", "secretary"])
def test_missing_objects_are_404_with_a_chinese_page(client, zone, persona, method, url):
    response = getattr(_client_for(client, zone, persona), method)(url)

    assert response.status_code == 404
    assert "页面不存在(404)" in response.content.decode()


@pytest.mark.parametrize("method, url", MISSING_PAGES[:-1], ids=[url for _m, url in MISSING_PAGES[:-1]])
def test_anonymous_is_sent_to_login_even_for_missing_objects(client, zone, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_template_format_is_404(login, zone):
    response = login(zone.users["staff"]).get(reverse("villages:roster-template", args=["pdf"]))

    assert response.status_code == 404


def test_pledge_delete_refuses_get(login, zone):
    pledge = zone.pledges["慈航路社区"]
    response = login(zone.users["secretary"]).get(reverse("villages:pledge-delete", args=[pledge.pk]))

    assert response.status_code == 405
    assert Pledge.objects.filter(pk=pledge.pk).exists()


# --- landing page by role ------------------------------------------------------


@pytest.mark.parametrize(
    "persona, target",
    [
        ("admin", lambda z: reverse("inspections:zone-overview")),
        ("zone_leader", lambda z: reverse("inspections:zone-overview")),
        ("leader", lambda z: reverse("villages:office-detail", args=[z.zg.pk])),
        ("staff", lambda z: reverse("villages:office-detail", args=[z.zg.pk])),
        ("other_staff", lambda z: reverse("villages:office-detail", args=[z.xg.pk])),
        ("secretary", lambda z: reverse("inspections:village-dashboard", args=[z.cihang.pk])),
        ("other_secretary", lambda z: reverse("inspections:village-dashboard", args=[z.tianwang.pk])),
        ("nobody", lambda z: reverse("no-role")),
    ],
)
def test_home_redirects_each_role_to_its_home(login, zone, persona, target):
    response = login(zone.users[persona]).get("/")

    assert response.status_code == 302
    assert response["Location"] == target(zone)


def test_home_sends_anonymous_to_login(client, zone):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_secretary_of_two_villages_lands_on_my_villages(login, zone):
    Secretary.objects.filter(village=zone.guzhuang).update(user=zone.users["secretary"])

    c = login(zone.users["secretary"])
    response = c.get("/")
    page = c.get(response["Location"]).content.decode()

    assert response["Location"] == reverse("villages:my-villages")
    assert "慈航路社区" in page and "谷庄村" in page
    assert "田王村" not in page


def test_former_secretary_loses_the_private_page(login, zone):
    Secretary.objects.filter(user=zone.users["secretary"]).update(end_date="2022-03-01")

    c = login(zone.users["secretary"])
    assert c.get(reverse("villages:village-detail", args=[zone.cihang.pk])).status_code == 403
    assert c.get("/")["Location"] == reverse("no-role")


def test_no_role_page_explains_in_chinese(login, zone):
    response = login(zone.users["nobody"]).get(reverse("no-role"))

    assert "您的账号尚未分配角色" in response.content.decode()


# --- what the refusal and the pages say -------------------------------------------


def test_403_page_shows_the_chinese_reason(login, zone):
    response = login(zone.users["staff"]).get(reverse("villages:office-detail", args=[zone.xg.pk]))
    body = response.content.decode()

    assert response.status_code == 403
    assert "无权访问(403)" in body
    assert "您无权访问该办事处的数据。" in body
    assert "返回首页" in body


def test_403_for_another_village_names_the_village_rule(login, zone):
    response = login(zone.users["secretary"]).get(reverse("villages:village-detail", args=[zone.tianwang.pk]))

    assert "您无权访问该村(社区)的数据。" in response.content.decode()


def test_403_for_roster_import_says_who_may_import(login, zone):
    response = login(zone.users["leader"]).get(reverse("villages:roster-import"))

    assert "只有办事处工作人员和管理员可以导入名单。" in response.content.decode()


def test_office_list_shows_staff_only_their_own_office(login, zone):
    body = login(zone.users["staff"]).get(reverse("villages:office-list")).content.decode()

    assert "郑港办事处" in body
    assert "新港办事处" not in body


def test_office_list_shows_zone_leader_every_office(login, zone):
    body = login(zone.users["zone_leader"]).get(reverse("villages:office-list")).content.decode()

    assert "郑港办事处" in body and "新港办事处" in body


@pytest.mark.parametrize("persona", ["leader", "zone_leader"])
def test_leaders_see_no_edit_buttons_on_the_village_page(login, zone, persona):
    body = login(zone.users[persona]).get(reverse("villages:village-detail", args=[zone.cihang.pk]))
    body = body.content.decode()

    assert "慈航路社区人居环境整治" in body
    assert "新增承诺" not in body
    assert "填报季度进展" not in body
    assert reverse("villages:pledge-edit", args=[zone.pledges["慈航路社区"].pk]) not in body
    assert reverse("villages:pledge-edit", args=[zone.private_pledge.pk]) not in body


@pytest.mark.parametrize("persona", ["staff", "secretary", "admin"])
def test_editors_see_edit_buttons_on_the_village_page(login, zone, persona):
    body = login(zone.users[persona]).get(reverse("villages:village-detail", args=[zone.cihang.pk]))
    body = body.content.decode()

    assert "新增承诺" in body
    assert "填报季度进展" in body
    assert reverse("villages:pledge-edit", args=[zone.private_pledge.pk]) in body
    # A public pledge is changed by office staff only (with a reason).
    public_edit = reverse("villages:pledge-edit", args=[zone.pledges["慈航路社区"].pk])
    assert (public_edit in body) == (persona != "secretary")


def test_leader_sees_no_import_button_on_the_office_page(login, zone):
    body = (
        login(zone.users["leader"]).get(reverse("villages:office-detail", args=[zone.zg.pk])).content.decode()
    )

    assert "导入名单" not in body


def test_staff_sees_the_import_button_on_the_office_page(login, zone):
    body = (
        login(zone.users["staff"]).get(reverse("villages:office-detail", args=[zone.zg.pk])).content.decode()
    )

    assert "导入名单" in body


# --- the public page --------------------------------------------------------------------


def test_private_pledge_never_appears_on_the_public_page(client, zone):
    body = client.get(reverse("villages:public-village", args=[zone.cihang.pk])).content.decode()

    assert "慈航路社区人居环境整治" in body
    assert "党员联系户走访(内部)" not in body
    assert "草稿" not in body


def test_private_pledge_is_not_counted_on_the_public_index(client, zone):
    body = client.get(reverse("villages:public-index")).content.decode()

    assert "1 项承诺" in body
    assert "2 项承诺" not in body


def test_public_page_hides_progress_notes(client, zone):
    body = client.get(reverse("villages:public-village", args=[zone.cihang.pk])).content.decode()

    assert "推进中" in body
    assert "已清扫三次" not in body


def test_private_pledge_shows_on_the_secretarys_own_page(login, zone):
    body = login(zone.users["secretary"]).get(reverse("villages:village-detail", args=[zone.cihang.pk]))
    body = body.content.decode()

    assert "党员联系户走访(内部)" in body
    assert "草稿" in body
    assert "已清扫三次" in body


def test_village_without_public_pledges_is_not_listed_publicly(client, zone):
    Pledge.objects.filter(village=zone.guzhuang).update(status=Pledge.Status.SUBMITTED)

    body = client.get(reverse("villages:public-index")).content.decode()

    assert "谷庄村" not in body
    assert "慈航路社区" in body
