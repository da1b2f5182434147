"""Personal information: a secretary's phone number in full only for the office's staff and the
secretary themselves, masked for everyone else, never on public pages; the privacy notice."""

import pytest
from django.urls import reverse

from villages.models import Secretary
from villages.privacy import mask_phone

FULL = "13812341234"
MASKED = "138****1234"


@pytest.fixture
def phones(zone):
    Secretary.objects.filter(village=zone.cihang).update(phone=FULL)
    return zone


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_mask_phone():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("138 1234 1234") == "138****1234"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "****45"
    assert "1234" not in mask_phone("01234")


@pytest.mark.parametrize("persona", ["staff", "admin"])
def test_office_staff_see_the_full_number(login, phones, persona):
    client = login(phones.users[persona])
    for url in (
        reverse("villages:office-detail", args=[phones.zg.pk]),
        reverse("villages:village-detail", args=[phones.cihang.pk]),
    ):
        body = page(client, url)
        assert FULL in body and MASKED not in body


@pytest.mark.parametrize("persona", ["leader", "zone_leader"])
def test_leaders_see_it_masked(login, phones, persona):
    client = login(phones.users[persona])
    for url in (
        reverse("villages:office-detail", args=[phones.zg.pk]),
        reverse("villages:village-detail", args=[phones.cihang.pk]),
    ):
        body = page(client, url)
        assert MASKED in body and FULL not in body


def test_another_offices_staff_see_it_masked_or_not_at_all(login, client, phones):
    client = login(phones.users["other_staff"])
    for url in (
        reverse("villages:office-detail", args=[phones.zg.pk]),
        reverse("villages:village-detail", args=[phones.cihang.pk]),
    ):
        response = client.get(url)
        assert FULL not in response.content.decode()


def test_another_offices_staff_see_it_masked_where_they_may_read(login, phones):
    """Staff of 新港 who also lead 郑港 read the office page, but do not manage it: masked."""
    from villages.models import Membership

    user = phones.users["other_staff"]
    Membership.objects.create(user=user, role=Membership.Role.LEADER, office=phones.zg)
    body = page(login(user), reverse("villages:office-detail", args=[phones.zg.pk]))
    assert MASKED in body and FULL not in body


def test_the_secretary_sees_their_own_in_full(login, phones):
    body = page(login(phones.users["secretary"]), reverse("villages:village-detail", args=[phones.cihang.pk]))
    assert FULL in body


def test_the_secretary_of_another_village_sees_it_masked(login, phones):
    """田王村's secretary reads their own village page: a number of theirs in full, never 王建国's."""
    Secretary.objects.filter(village=phones.tianwang).update(phone="13900009999")
    client = login(phones.users["other_secretary"])
    body = page(client, reverse("villages:village-detail", args=[phones.tianwang.pk]))
    assert "13900009999" in body and FULL not in body
    # and a secretary of two villages sees the other tenure's number masked
    Secretary.objects.create(
        village=phones.tianwang,
        name="前任",
        phone="13700001111",
        start_date="2019-01-01",
        end_date="2020-12-31",
    )
    body = page(client, reverse("villages:village-detail", args=[phones.tianwang.pk]))
    assert "137****1111" in body and "13700001111" not in body
    assert client.get(reverse("villages:village-detail", args=[phones.cihang.pk])).status_code in (403, 404)


def test_public_pages_never_contain_the_digits(client, phones):
    for url in (
        reverse("villages:public-index"),
        reverse("villages:public-village", args=[phones.cihang.pk]),
        reverse("villages:public-notice", args=[phones.cihang.pk]),
    ):
        body = page(client, url)
        assert FULL not in body and MASKED not in body and "1234" not in body


def test_exports_carry_no_phone_numbers(login, phones):
    """The exports (roster template, workbooks, summaries) hold names only: no number to mask.
    The roster template's sample number is not a person's."""
    response = login(phones.users["staff"]).get(reverse("villages:roster-template", args=["csv"]))
    assert response.status_code == 200
    assert FULL not in response.content.decode("utf-8-sig")


def test_the_privacy_page_renders_for_anonymous_users_in_both_languages(client):
    body = page(client, reverse("privacy"))
    assert "个人信息保护说明" in body
    assert "联系电话" in body and "180" in body and "办事处" in body

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = page(client, reverse("privacy"))
    assert "Personal information notice" in body
    assert "phone numbers" in body and "180" in body and "contact your office" in body
    assert "个人信息" not in body


def test_the_footer_and_login_page_link_the_notice(client):
    body = page(client, reverse("login"))
    assert reverse("privacy") in body
