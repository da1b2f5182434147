"""Site photos (文/图): upright, no location metadata, thumbnail; non-images and huge images refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from inspections.models import SitePhoto

pytestmark = pytest.mark.django_db

ORIENTATION, GPS_IFD, EXIF_IFD = 0x0112, 0x8825, 0x8769


def text(response):
    return response.content.decode()


def jpeg_with_exif(width=1200, height=800):
    """A JPEG shot with the phone turned (orientation 6: rotate 90° clockwise) and GPS coordinates."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, width // 2, height // 2))  # a marker in the top-left quarter
    exif = image.getexif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (34.0, 31.0, 12.5)
    gps[3] = "E"
    gps[4] = (113.0, 50.0, 7.25)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    # The fixture itself must carry what the upload is meant to remove.
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif()[ORIENTATION] == 6
        assert check.getexif().get_ifd(GPS_IFD)[1] == "N"
    return data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, s, data, name="photo.jpg", caption="慈航路社区核酸检测点"):
    return client.post(
        reverse("inspections:round-photos", args=[s.rnd.pk]),
        {"village": s.cihang.pk, "image": SimpleUploadedFile(name, data, "image/jpeg"), "caption": caption},
        follow=True,
    )


def test_an_uploaded_photo_is_upright_without_metadata_and_has_a_thumbnail(round_setup, login, media):
    s = round_setup
    client = login(s.staff)

    response = upload(client, s, jpeg_with_exif())

    page = text(response)
    assert "照片已上传。" in page
    photo = SitePhoto.objects.get()
    assert (photo.village, photo.caption, photo.uploaded_by) == (s.cihang, "慈航路社区核酸检测点", s.staff)
    assert (photo.width, photo.height) == (800, 1200)
    assert str(media) in photo.image.path
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (800, 1200)  # turned upright: width and height swapped
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
        assert stored.getexif().get_ifd(GPS_IFD) == {}
        # Orientation 6 turns the top-left corner to the top-right.
        assert stored.getpixel((790, 10))[2] > 150
        assert stored.getpixel((10, 10))[0] > 150
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= 480
        assert thumb.size == (320, 480)
        assert dict(thumb.getexif()) == {}
    # Nothing else (such as the original upload) was kept.
    stored_files = sorted(p.name for p in media.rglob("*") if p.is_file())
    assert len(stored_files) == 2
    assert photo.thumbnail.url in page
    assert "慈航路社区 · 慈航路社区核酸检测点" in page


def test_a_text_file_named_jpg_is_refused(round_setup, login, media):
    s = round_setup
    client = login(s.staff)

    page = text(upload(client, s, "这不是图片,只是文字。".encode()))

    assert "照片没有上传,请看下面的提示。" in page
    assert "文件不是可识别的图片(支持 JPEG、PNG、WebP)。" in page
    assert not SitePhoto.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_truncated_jpeg_is_refused(round_setup, login, media):
    s = round_setup
    client = login(s.staff)
    data = jpeg_with_exif()

    page = text(upload(client, s, data[: len(data) // 2]))

    assert "照片没有上传" in page
    assert not SitePhoto.objects.exists()


def test_a_truncated_jpeg_is_refused_after_the_pdf_engine_was_loaded(round_setup, login, media):
    """WeasyPrint sets Pillow to load truncated images for the whole process when imported."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as `import weasyprint` leaves it
    try:
        data = jpeg_with_exif()
        page = text(upload(login(round_setup.staff), round_setup, data[: len(data) // 2]))
        assert "照片没有上传" in page
        assert not SitePhoto.objects.exists()
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as the PDF engine wants it
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def test_an_image_over_the_pixel_limit_is_refused(round_setup, login, media, monkeypatch):
    monkeypatch.setattr("inspections.photos.JPEG_MAX_PIXELS", 1200 * 800 - 1)
    s = round_setup
    client = login(s.staff)

    page = text(upload(client, s, jpeg_with_exif(1200, 800)))

    assert "照片像素过大(1200×800,超过 1.2 亿像素),请缩小后再上传。" in page
    assert not SitePhoto.objects.exists()


def test_an_image_at_the_pixel_limit_is_accepted(round_setup, login, media, monkeypatch):
    monkeypatch.setattr("inspections.photos.JPEG_MAX_PIXELS", 1200 * 800)
    s = round_setup
    client = login(s.staff)

    assert "照片已上传。" in text(upload(client, s, jpeg_with_exif(1200, 800)))
    assert SitePhoto.objects.count() == 1


def test_a_file_over_10_mb_is_refused(round_setup, login, media):
    s = round_setup
    client = login(s.staff)
    data = jpeg_with_exif()
    data = data + b"\0" * (10 * 1024 * 1024 + 1 - len(data))

    page = text(upload(client, s, data))

    assert "照片超过 10 MB,请压缩后再上传。" in page
    assert not SitePhoto.objects.exists()


def test_a_png_keeps_its_format(round_setup, login, media):
    s = round_setup
    client = login(s.staff)
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 60), (0, 128, 0, 128)).save(buffer, format="PNG")

    assert "照片已上传。" in text(upload(client, s, buffer.getvalue(), name="site.png"))
    photo = SitePhoto.objects.get()
    assert photo.image.name.endswith(".png")
    with Image.open(photo.image.path) as stored:
        assert (stored.format, stored.size) == ("PNG", (100, 60))


def test_leaders_see_photos_but_cannot_upload(round_setup, login, media):
    s = round_setup
    upload(login(s.staff), s, jpeg_with_exif())
    client = login(s.zone.users["leader"])

    page = text(client.get(reverse("inspections:round-photos", args=[s.rnd.pk])))
    assert "慈航路社区核酸检测点" in page
    assert 'name="image"' not in page

    assert upload(client, s, jpeg_with_exif()).status_code == 403
    assert SitePhoto.objects.count() == 1
