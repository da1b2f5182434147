"""Uploaded photos are private: the app decides who may see one, then sends it (or, behind nginx,
hands it over with X-Accel-Redirect so nginx sends it from an internal location)."""

import pytest
from django.test import Client

from inspections.models import SitePhoto
from tests.inspections.test_photos import jpeg_with_exif, upload


@pytest.fixture
def photo(round_setup, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload(login(round_setup.staff), round_setup, jpeg_with_exif())
    return SitePhoto.objects.get()


def test_the_office_sees_its_photo_and_thumbnail(photo, zone, django_assert_max_num_queries):
    client = Client()
    client.force_login(zone.users["leader"])
    for field in (photo.image, photo.thumbnail):
        # session, user, the photo's office, the office, the viewer's roles
        with django_assert_max_num_queries(7):
            response = client.get(field.url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content) == field.open("rb").read()
        assert response["Cache-Control"] == "private, max-age=86400"


def test_others_may_not_see_it(photo, zone):
    other = Client()
    other.force_login(zone.users["other_staff"])  # 新港's staff
    assert other.get(photo.image.url).status_code == 403
    anonymous = Client().get(photo.image.url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_only_files_of_photos_are_served(photo, zone, settings):
    client = Client()
    client.force_login(zone.users["admin"])
    (settings.MEDIA_ROOT / "stray.txt").write_text("not a photo")
    assert client.get("/media/stray.txt").status_code == 404
    assert client.get("/media/../config/settings.py").status_code == 404
    assert client.get(photo.image.url + "x").status_code == 404


def test_behind_nginx_the_file_is_handed_over(photo, zone, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    client = Client()
    client.force_login(zone.users["staff"])
    response = client.get(photo.thumbnail.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + photo.thumbnail.name
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == b""
