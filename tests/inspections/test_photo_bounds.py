"""Photos keep no metadata segment at all, and one upload's memory and time are bounded before
decoding: a phone's 50-megapixel JPEG is decoded reduced; a 40-megapixel PNG is refused at once."""

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms, PngImagePlugin

from inspections.models import SitePhoto

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description GPS="34.5,113.8"/></rdf:RDF></x:xmpmeta>'
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, s, data, name="photo.jpg", caption="现场"):
    return client.post(
        reverse("inspections:round-photos", args=[s.rnd.pk]),
        {"village": s.cihang.pk, "image": SimpleUploadedFile(name, data), "caption": caption},
        follow=True,
    )


def jpeg_markers(data):
    """The JPEG's segment markers up to the image data (SOS), e.g. ['SOI', 'APP0', 'DQT', …]."""
    names = {0xD8: "SOI", 0xFE: "COM", 0xDA: "SOS", 0xDB: "DQT", 0xC4: "DHT", 0xDD: "DRI"}
    names.update({0xE0 + n: f"APP{n}" for n in range(16)})
    names.update({0xC0 + n: f"SOF{n}" for n in (0, 1, 2, 3)})
    markers, pos = ["SOI"], 2
    while pos < len(data):
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        markers.append(names.get(marker, hex(marker)))
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return markers


def hostile_jpeg():
    image = Image.new("RGB", (640, 480), (200, 30, 30))
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"
    p3 = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"<script>alert(1)</script>", icc_profile=p3, xmp=XMP)
    data = out.getvalue()
    # An IPTC (APP13) segment as photo editors write it, inserted after SOI.
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x78\x00\x08<script>"
    data = data[:2] + b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc + data[2:]
    assert {"COM", "APP1", "APP2", "APP13"} <= set(jpeg_markers(data))
    return data


def test_every_metadata_segment_of_a_jpeg_is_stripped(round_setup, login, media):
    s = round_setup
    page = upload(login(s.staff), s, hostile_jpeg()).content.decode()
    assert "照片已上传。" in page
    photo = SitePhoto.objects.get()
    for path in (photo.image.path, photo.thumbnail.path):
        data = Path(path).read_bytes()
        assert [m for m in jpeg_markers(data) if m.startswith("APP") or m == "COM"] == ["APP0"]  # JFIF only
        assert b"<script>" not in data and b"PhoneMaker" not in data and b"GPS" not in data


def test_text_chunks_of_a_png_are_stripped(round_setup, login, media):
    s = round_setup
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (0, 128, 0)).save(out, "PNG", pnginfo=info)
    assert "照片已上传。" in upload(login(s.staff), s, out.getvalue(), "site.png").content.decode()
    data = Path(SitePhoto.objects.get().image.path).read_bytes()
    assert b"tEXt" not in data and b"iTXt" not in data and b"<script>" not in data


def png_declaring(width, height):
    """A small PNG whose header says width × height (the pixel data stays tiny)."""
    out = io.BytesIO()
    Image.new("1", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = bytes(data[12:16]) + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr) & 0xFFFFFFFF)
    return bytes(data)


def forty_megapixel_png():
    out = io.BytesIO()
    Image.new("1", (7296, 5440), 1).save(out, "PNG")  # 39.7 megapixels in about 100 KB
    return out.getvalue()


@pytest.mark.parametrize(
    "build, message",
    [
        (forty_megapixel_png, "PNG 图片像素过大(7296×5440,超过 1200 万像素),请缩小或另存为 JPEG 后再上传。"),
        (lambda: png_declaring(100_000, 100_000), "照片像素过大,请缩小后再上传。"),
        (lambda: png_declaring(5000, 5000), "PNG 图片像素过大(5000×5000,超过 1200 万像素)"),
    ],
    ids=["40-megapixel-png", "declared-10-gigapixel", "declared-25-megapixel"],
)
def test_a_png_too_large_to_decode_in_bounds_is_refused_at_once(round_setup, login, media, build, message):
    s = round_setup
    data = build()
    assert len(data) < 200 * 1024
    client = login(s.staff)
    page = upload(client, s, data, "huge.png").content.decode()  # how fast: bench/hostile.py
    assert message in page
    assert not SitePhoto.objects.exists()


PROBE = """
import json, sys, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from inspections.photos import process_photo

def peak_mb():  # this process's peak resident memory (ru_maxrss would include the parent's)
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

data = open(sys.argv[1], "rb").read()
before = peak_mb()
start = time.perf_counter()
photo = process_photo(SimpleUploadedFile("p.jpg", data))
seconds = time.perf_counter() - start
print(json.dumps({"mb": peak_mb() - before, "seconds": seconds, "size": [photo.width, photo.height]}))
"""


def test_a_50_megapixel_phone_jpeg_is_decoded_reduced_within_bounds(tmp_path):
    image = Image.new("L", (8160, 6120), 128)  # a phone's 50 MP sensor; grey keeps the test light
    image.paste(255, (0, 0, 4080, 3060))
    path = tmp_path / "phone.jpg"
    image.save(path, "JPEG", quality=80)
    del image
    env = {"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["size"] == [4080, 3060]  # decoded at half scale: 12.5 megapixels, not 50
    # Decoded whole, the grey pixels alone would take 50 MB (a colour photo 200 MB); reduced, the
    # whole upload peaks near 15 MB (55 MB in colour).
    assert figures["mb"] < 30, figures
