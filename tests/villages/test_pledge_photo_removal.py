"""A progress photo of a public pledge is on public record: only office staff remove it, with a
reason, and the removal (who, when, why, which photo) stays in the pledge's history, on the
village page and on the public page. A photo of a pledge that is not public goes without one."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.inspections.test_photos import jpeg_with_exif
from tests.production.conftest import security_log as security_log  # the fixture
from villages.models import Pledge, PledgeChange, PledgePhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(zone, login, settings, tmp_path):
    """A photo uploaded with 慈航路社区's second-quarter progress, through the progress page."""
    settings.MEDIA_ROOT = tmp_path
    pledge = zone.pledges["慈航路社区"]
    response = login(zone.users["secretary"]).post(
        reverse("villages:pledge-progress", args=[pledge.pk]),
        {
            "quarter": "2",
            "status": "in_progress",
            "note": "已清运垃圾",
            "caption": "清运现场",
            "photos": SimpleUploadedFile("scene.jpg", jpeg_with_exif(320, 240), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    return PledgePhoto.objects.get()


def delete(client, photo, **data):
    return client.post(reverse("villages:pledge-photo-delete", args=[photo.pk]), data, follow=True)


def page(response):
    return response.content.decode()


@pytest.mark.parametrize("reason", [None, "", "   ", "\u3000\u200b", "\x07\x1b"])
def test_a_public_pledges_photo_is_not_removed_without_a_reason(zone, login, photo, reason):
    client = login(zone.users["staff"])
    response = delete(client, photo, **({} if reason is None else {"reason": reason}))
    assert "删除已公开承诺的进展照片必须写明理由。" in page(response)
    assert PledgePhoto.objects.filter(pk=photo.pk).exists()
    assert default_storage.exists(photo.image.name) and default_storage.exists(photo.thumbnail.name)
    assert not PledgeChange.objects.exists()


def test_a_reason_longer_than_the_history_holds_is_refused_with_a_message(zone, login, photo):
    response = delete(login(zone.users["staff"]), photo, reason="理" * 91)
    assert "不超过 90 字符" in page(response)
    assert PledgePhoto.objects.filter(pk=photo.pk).exists()


def test_the_removal_is_kept_with_who_when_and_why_and_shown_with_the_pledge(
    zone, login, photo, security_log, django_capture_on_commit_callbacks
):
    staff = zone.users["staff"]
    client = login(staff)
    progress_page = page(client.get(reverse("villages:pledge-progress", args=[photo.progress.pledge_id])))
    assert 'name="reason"' in progress_page and "删除理由(必填)" not in progress_page
    assert "删除理由（必填）" in progress_page

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, photo, reason="照片\x1b拍错了村\r\n换一张")
    assert "照片已删除。" in page(response)
    assert not PledgePhoto.objects.exists()
    assert not default_storage.exists(photo.image.name) and not default_storage.exists(photo.thumbnail.name)
    change = PledgeChange.objects.get()
    assert change.pledge == zone.pledges["慈航路社区"]
    assert change.changed_by == staff and change.changed_at is not None
    assert change.reason == "照片拍错了村\n换一张"
    assert change.fields == [["进展照片", "第二季度的照片“清运现场”", "已删除"]]
    [event] = security_log.of("pledge_photo_deleted")
    assert event["reason"] == "照片拍错了村\n换一张" and event["by"] == "staff" and event["quarter"] == 2

    for url in (
        reverse("villages:village-detail", args=[zone.cihang.pk]),
        reverse("villages:public-village", args=[zone.cihang.pk]),
    ):
        shown = page(client.get(url))
        assert "照片拍错了村" in shown
        assert "进展照片" in shown and "第二季度的照片“清运现场”" in shown and "已删除" in shown


def test_a_photo_of_a_pledge_that_is_not_public_goes_without_a_reason(zone, login, photo):
    Pledge.objects.filter(pk=photo.progress.pledge_id).update(status=Pledge.Status.DRAFT)
    response = login(zone.users["secretary"]).post(reverse("villages:pledge-photo-delete", args=[photo.pk]))
    assert response.status_code == 302
    assert not PledgePhoto.objects.exists()
    assert not PledgeChange.objects.exists()


def test_another_villages_secretary_cannot_remove_the_photo(zone, login, photo):
    response = login(zone.users["other_secretary"]).post(
        reverse("villages:pledge-photo-delete", args=[photo.pk]), {"reason": "不喜欢"}
    )
    assert response.status_code in (403, 404)
    assert PledgePhoto.objects.filter(pk=photo.pk).exists()


def test_the_secretary_cannot_remove_a_public_pledges_photo(zone, login, photo):
    client = login(zone.users["secretary"])
    progress_page = page(client.get(reverse("villages:pledge-progress", args=[photo.progress.pledge_id])))
    assert 'data-testid="photo-delete"' not in progress_page
    assert "只能由办事处工作人员删除" in progress_page
    response = delete(client, photo, reason="照片拍错了")
    assert "已公开承诺的进展照片只能由办事处工作人员删除，并须写明理由。" in page(response)
    assert PledgePhoto.objects.filter(pk=photo.pk).exists()
    assert default_storage.exists(photo.image.name)
    assert not PledgeChange.objects.exists()
