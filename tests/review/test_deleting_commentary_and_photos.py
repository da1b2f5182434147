"""Staff can take back a remark or a photo; nobody else can."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from inspections.models import Commentary, SitePhoto


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG")
    return SimpleUploadedFile("site.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_staff_delete_a_photo_and_its_files(round_setup, login, media):
    s = round_setup
    staff = login(s.zone.users["staff"])
    staff.post(
        reverse("inspections:round-photos", args=[s.round.pk]), {"village": s.cihang.pk, "image": _jpeg()}
    )
    photo = SitePhoto.objects.get()
    files = [media / photo.image.name, media / photo.thumbnail.name]
    assert all(f.exists() for f in files)

    leader = login(s.zone.users["leader"])
    assert leader.post(reverse("inspections:photo-delete", args=[photo.pk])).status_code == 403
    staff = login(s.zone.users["staff"])
    page = staff.post(reverse("inspections:photo-delete", args=[photo.pk]), follow=True).content.decode()
    assert "照片已删除。" in page
    assert not SitePhoto.objects.exists()
    assert not any(f.exists() for f in files)


def test_staff_delete_a_remark_others_get_403(round_setup, login):
    s = round_setup
    item = Commentary.objects.create(round=s.round, kind="highlight", text="台账规范")
    url = reverse("inspections:commentary-delete", args=[item.pk])
    for persona in ("leader", "other_staff", "secretary"):
        assert login(s.zone.users[persona]).post(url).status_code == 403
    assert login(s.zone.users["staff"]).get(url).status_code == 405
    page = login(s.zone.users["staff"]).post(url, follow=True).content.decode()
    assert "已删除该条点评。" in page
    assert not Commentary.objects.exists()


def test_deleting_a_leaders_remark_on_a_published_round_leaves_a_trace(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9)
    s.close()
    s.publish()
    staff = login(s.zone.users["staff"])
    staff.post(
        reverse("inspections:round-review", args=[s.round.pk]),
        {"form": "commentary", "c-kind": "requirement", "c-text": "台账要规范", "c-speaker": "党工委书记"},
    )
    item = Commentary.objects.get()

    staff.post(reverse("inspections:commentary-delete", args=[item.pk]))

    assert not Commentary.objects.exists()
    added, deleted = Commentary.history.filter(id=item.pk).order_by("history_date")
    assert (added.history_type, added.history_user, added.text) == ("+", s.zone.users["staff"], "台账要规范")
    assert (deleted.history_type, deleted.history_user) == ("-", s.zone.users["staff"])
    assert (deleted.text, deleted.speaker, deleted.round_id) == ("台账要规范", "党工委书记", s.round.pk)
