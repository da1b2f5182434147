"""Every uploaded photo is served only to those who may see the record it belongs to, under a name
that says nothing: site visits (the office, the village's secretary), pledge progress (anyone while
the pledge is public), and nobody else, by URL or otherwise."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from inspections.models import SitePhoto
from tests.inspections.test_photos import jpeg_with_exif, upload
from villages.models import Pledge, PledgePhoto, PledgeProgress

pytestmark = pytest.mark.django_db
OPAQUE = re.compile(r"photos/([0-9a-f]{2})/\1[0-9a-f]{30}\.jpg")


@pytest.fixture
def site_photo(round_setup, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload(login(round_setup.staff), round_setup, jpeg_with_exif(320, 240))
    return SitePhoto.objects.get()


def as_user(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def status(user, url):
    return as_user(user).get(url).status_code


def test_site_photos_are_stored_under_names_that_say_nothing(site_photo):
    for field in (site_photo.image, site_photo.thumbnail):
        assert OPAQUE.fullmatch(field.name), field.name
    assert site_photo.image.name.split("/")[-1][:8] != site_photo.thumbnail.name.split("/")[-1][:8]


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("staff", 200),
        ("leader", 200),
        ("zone_leader", 200),
        ("admin", 200),
        ("secretary", 200),  # 慈航路社区's own site photo
        ("other_secretary", 403),  # 田王村, another office
        ("other_staff", 403),
        ("nobody", 403),
    ],
)
def test_a_site_photo_is_for_the_office_and_the_villages_secretary(site_photo, zone, persona, expected):
    assert site_photo.village == zone.cihang
    assert status(zone.users[persona], site_photo.image.url) == expected
    assert status(zone.users[persona], site_photo.thumbnail.url) == expected


def test_the_secretary_of_another_village_of_the_office_is_refused(site_photo, zone):
    from villages.models import Secretary

    Secretary.objects.filter(village=zone.guzhuang).update(user=zone.users["nobody"])
    assert status(zone.users["nobody"], site_photo.image.url) == 403


def test_anonymous_requests_for_a_private_photo_go_to_the_login_page(site_photo):
    response = Client().get(site_photo.image.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _pledge_photo(pledge, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    progress = PledgeProgress.objects.create(pledge=pledge, quarter=3, status="done")
    return PledgePhoto.objects.create(
        progress=progress,
        image=ContentFile(jpeg_with_exif(64, 48), name="0123456789abcdef0123456789abcdef.jpg"),
        thumbnail=ContentFile(jpeg_with_exif(32, 24), name="fedcba9876543210fedcba9876543210.jpg"),
    )


def test_a_public_pledges_photo_is_for_everyone(zone, tmp_path, settings):
    photo = _pledge_photo(zone.pledges["慈航路社区"], tmp_path, settings)

    response = Client().get(photo.thumbnail.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert status(zone.users["other_secretary"], photo.image.url) == 200


@pytest.mark.parametrize("state", [Pledge.Status.DRAFT, Pledge.Status.SUBMITTED, Pledge.Status.RETURNED])
def test_a_photo_of_a_pledge_that_is_not_public_is_not_public(zone, tmp_path, settings, state):
    pledge = zone.private_pledge
    photo = _pledge_photo(pledge, tmp_path, settings)
    Pledge.objects.filter(pk=pledge.pk).update(status=state)

    assert Client().get(photo.image.url).status_code == 302  # to the login page
    assert status(zone.users["other_secretary"], photo.image.url) == 403
    assert status(zone.users["other_staff"], photo.image.url) == 403
    assert status(zone.users["secretary"], photo.image.url) == 200
    assert status(zone.users["staff"], photo.image.url) == 200


def test_a_name_that_is_no_photo_is_not_found(zone, site_photo, settings):
    (settings.MEDIA_ROOT / "photos" / "stray.jpg").write_bytes(b"x")
    assert status(zone.users["admin"], "/media/photos/stray.jpg") == 404
    assert status(None, "/media/photos/stray.jpg") == 404
