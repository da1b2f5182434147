"""Site photos (文/图): verify with Pillow, refuse huge files, fix orientation, strip metadata, thumbnail."""

import io
import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
THUMB_SIZE = (480, 480)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class PhotoError(ValueError):
    pass


class ProcessedPhoto:
    def __init__(self, image, thumbnail, width, height):
        self.image, self.thumbnail, self.width, self.height = image, thumbnail, width, height


def process_photo(upload):
    """Return a ProcessedPhoto, or raise PhotoError with a Chinese message."""
    if upload.size > MAX_BYTES:
        raise PhotoError(_("照片超过 10 MB,请压缩后再上传。"))
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()  # detects truncated or non-image files without decoding everything
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise PhotoError(_("照片像素过大(超过 4000 万像素),请缩小后再上传。"))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoError(_("文件不是可识别的图片(支持 JPEG、PNG、WebP)。"))
    if image.format not in FORMATS:
        raise PhotoError(_("不支持的图片格式 {fmt},请上传 JPEG、PNG 或 WebP。").format(fmt=image.format))
    if image.width * image.height > MAX_PIXELS:
        raise PhotoError(
            _("照片像素过大({w}×{h},超过 4000 万像素),请缩小后再上传。").format(w=image.width, h=image.height)
        )
    fmt = image.format
    try:
        image = ImageOps.exif_transpose(image)  # turn it upright, then drop EXIF (and with it GPS)
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise PhotoError(_("图片文件已损坏,无法读取。"))
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = _encode(image, fmt)
    thumb = image.copy()
    thumb.thumbnail(THUMB_SIZE)
    if thumb.mode not in ("RGB", "L"):
        thumb = thumb.convert("RGB")
    name = uuid.uuid4().hex
    return ProcessedPhoto(
        image=ContentFile(clean, name=f"{name}.{FORMATS[fmt]}"),
        thumbnail=ContentFile(_encode(thumb, "JPEG"), name=f"{name}-thumb.jpg"),
        width=image.width,
        height=image.height,
    )


def _encode(image, fmt):
    out = io.BytesIO()
    options = {"quality": 88, "optimize": True} if fmt in ("JPEG", "WEBP") else {}
    # No exif= / pnginfo= arguments: the saved file carries no metadata.
    image.save(out, format=fmt, **options)
    return out.getvalue()
