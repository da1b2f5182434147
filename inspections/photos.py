"""Site photos (文/图): checked, upright, stripped of every metadata segment, bounded in cost, thumbnailed.

What one upload may cost is bounded before anything is decoded, from the size the file's header
declares:
- JPEG (what phone cameras write) up to JPEG_MAX_PIXELS (a 108-megapixel phone photo) is decoded
  reduced by the JPEG decoder itself (1/2, 1/4 or 1/8 scale, `Image.draft`) to at most
  DECODE_MAX_PIXELS, so a 50-megapixel photo costs what a 12.5-megapixel one does;
- PNG and WebP cannot be decoded reduced, so they are refused above OTHER_MAX_PIXELS (12 megapixels,
  about 48 MB decoded): screenshots and edited pictures are far smaller; a camera photo is a JPEG.
The stored photo's longer side is at most MAX_EDGE. It is re-encoded from pixels alone: no EXIF
(GPS), XMP, IPTC, comment or text chunks; a colour profile is applied (converted to sRGB) and then
dropped.

Every photo (site visits, pledge progress, rectification evidence) comes through here and is stored
under a random name (`stored_photo_name`) that says nothing of its round, village or kind; who may
see it is decided by the view that serves it (inspections.photo_access).
"""

import io
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
JPEG_MAX_PIXELS = 120_000_000
OTHER_MAX_PIXELS = 12_000_000
DECODE_MAX_PIXELS = 16_000_000
MAX_EDGE = 4096
THUMB_SIZE = (480, 480)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class PhotoError(ValueError):
    pass


def stored_photo_name(instance, filename):
    """Where a processed photo is stored: its random name, spread over 256 folders."""
    return f"photos/{filename[:2]}/{filename}"


class ProcessedPhoto:
    def __init__(self, image, thumbnail, width, height):
        self.image, self.thumbnail, self.width, self.height = image, thumbnail, width, height


def _too_many_pixels(width, height, fmt):
    if fmt == "JPEG":
        return _("照片像素过大({w}×{h},超过 1.2 亿像素),请缩小后再上传。").format(w=width, h=height)
    return _("{fmt} 图片像素过大({w}×{h},超过 1200 万像素),请缩小或另存为 JPEG 后再上传。").format(
        fmt=fmt, w=width, h=height
    )


def process_photo(upload):
    """Return a ProcessedPhoto, or raise PhotoError with a Chinese message."""
    # The PDF engine (WeasyPrint) switches Pillow to accepting truncated files for the whole
    # process once it is imported; an upload cut short must still be refused as damaged.
    accepting, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        return _process(upload)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepting


def _process(upload):
    if upload.size > MAX_BYTES:
        raise PhotoError(_("照片超过 10 MB,请压缩后再上传。"))
    data = upload.read()
    not_an_image = _("文件不是可识别的图片(支持 JPEG、PNG、WebP)。")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the limits below are ours
        try:
            image = Image.open(io.BytesIO(data))  # reads the header only
        except Image.DecompressionBombError:
            raise PhotoError(_("照片像素过大,请缩小后再上传。"))
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise PhotoError(not_an_image)
    fmt = image.format
    if fmt not in FORMATS:
        raise PhotoError(_("不支持的图片格式 {fmt},请上传 JPEG、PNG 或 WebP。").format(fmt=fmt))
    width, height = image.size
    if width * height > (JPEG_MAX_PIXELS if fmt == "JPEG" else OTHER_MAX_PIXELS):
        raise PhotoError(_too_many_pixels(width, height, fmt))
    try:
        if fmt != "JPEG":
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()  # chunk checksums, without decoding
        else:
            _decode_reduced(image)
        image.load()
        # Upright, in place (a copy would double the memory); the EXIF goes with the re-encoding.
        ImageOps.exif_transpose(image, in_place=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoError(_("图片文件已损坏,无法读取。"))
    if max(image.size) > MAX_EDGE:
        image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    image = _in_srgb(image)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = _encode(image, fmt)
    # Resized straight from the photo, never a full-size copy of it.
    thumb = ImageOps.contain(image, THUMB_SIZE) if max(image.size) > max(THUMB_SIZE) else image.copy()
    if thumb.mode not in ("RGB", "L"):
        thumb = thumb.convert("RGB")
    # Two unrelated random names: nothing links a thumbnail's name to its photo's.
    return ProcessedPhoto(
        image=ContentFile(clean, name=f"{uuid.uuid4().hex}.{FORMATS[fmt]}"),
        thumbnail=ContentFile(_encode(thumb, "JPEG"), name=f"{uuid.uuid4().hex}.jpg"),
        width=image.width,
        height=image.height,
    )


def _decode_reduced(image):
    """Ask the JPEG decoder for the smallest of 1, 1/2, 1/4, 1/8 scale within DECODE_MAX_PIXELS."""
    width, height = image.size
    for scale in (1, 2, 4, 8):
        if (width // scale) * (height // scale) <= DECODE_MAX_PIXELS:
            break
    if scale > 1:
        image.draft(image.mode if image.mode in ("L", "RGB") else "RGB", (width // scale, height // scale))


def _in_srgb(image):
    """Apply an embedded colour profile (a phone's Display P3) so colours stay right once it is dropped."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: keep the pixels as they are
    return image


def _encode(image, fmt):
    out = io.BytesIO()
    # No "optimize": for JPEG it buffers every coefficient of the photo (tens of MB) to save a few %.
    options = {"quality": 88} if fmt in ("JPEG", "WEBP") else {}
    # Pillow writes back what `info` holds (comment, ICC profile, XMP, dpi): save pixels only.
    image.info = {}
    image.save(out, format=fmt, **options)
    return out.getvalue()


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to `max_count` photos in one field, each checked and cleaned by process_photo; the cleaned
    value is a list of ProcessedPhoto. The count is checked before any photo is decoded."""

    def __init__(self, *, max_count=3, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)
        self.max_count = max_count
        if not self.help_text:
            self.help_text = format_lazy(
                gettext_lazy("JPEG、PNG 或 WebP,每张不超过 10 MB,一次最多 {n} 张。"), n=max_count
            )

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_count:
            raise forms.ValidationError(_("一次最多上传 {n} 张照片。").format(n=self.max_count))
        processed, errors = [], []
        for upload in files:
            try:
                processed.append(process_photo(upload))
            except PhotoError as error:
                errors.append(_("{name}:{error}").format(name=upload.name, error=error))
        if errors:
            raise forms.ValidationError(errors)
        return processed


class StoredPhoto(models.Model):
    """What every stored photo keeps (site visits, pledge progress, rectification evidence): the
    cleaned image and thumbnail under names that reveal nothing, a caption, size and uploader."""

    image = models.ImageField(gettext_lazy("照片"), upload_to=stored_photo_name)
    thumbnail = models.ImageField(gettext_lazy("缩略图"), upload_to=stored_photo_name)
    caption = models.CharField(gettext_lazy("说明"), max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(gettext_lazy("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.caption or self.image.name
