"""公开承诺公示: the A4 notice of a village's public pledges, with a QR code to its public page."""

import re

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from villages.models import Pledge, PledgeProgress

pytestmark = pytest.mark.django_db


def notice(client, village):
    return client.get(reverse("villages:public-notice", args=[village.pk]))


def test_the_notice_shows_the_secretary_and_public_pledges_with_latest_progress(client, zone):
    PledgeProgress.objects.create(pledge=zone.pledges["慈航路社区"], quarter=2, status="done")
    zone.cihang.secretaries.update(phone="13800000001")

    body = notice(client, zone.cihang).content.decode()

    assert "公开承诺公示" in body
    assert "王建国" in body and "13800000001" not in body
    assert "慈航路社区人居环境整治" in body and "已完成" in body and "第二季度" in body
    assert "党员联系户走访(内部)" not in body  # a draft


def rasterize(svg, pixels=8):
    """The page's SVG QR code as a picture: segno draws each row of dark modules as a horizontal
    stroke ("M4 4.5h7m2 0h4…": absolute start, then relative moves and runs)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = int(re.search(r"scale\((\d+)\)", svg).group(1))
    modules = size // scale
    image = Image.new("L", (modules * pixels, modules * pixels), 255)
    x = y = 0.0
    for command, a, b in re.findall(
        r"([MmHh])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?", re.search(r' d="([^"]+)"', svg).group(1)
    ):
        if command in "Mm":
            x, y = (float(a), float(b)) if command == "M" else (x + float(a), y + float(b))
        else:
            run = float(a)
            row = int(y - 0.5)
            for column in range(int(x), int(x + run)):
                image.paste(0, (column * pixels, row * pixels, (column + 1) * pixels, (row + 1) * pixels))
            x += run
    return image


def test_the_qr_code_on_the_page_decodes_to_the_public_page(client, zone):
    body = notice(client, zone.cihang).content.decode()
    url = "http://testserver" + reverse("villages:public-village", args=[zone.cihang.pk])

    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert "<script" not in svg and "style" not in svg
    decoded = zxingcpp.read_barcodes(rasterize(svg))
    assert [code.text for code in decoded] == [url]
    assert url in body  # printed under the code too


def test_the_rasterizer_reads_a_code_it_did_not_make(zone):
    """Guards the test above: another URL's code decodes to that URL, not to the village's."""
    from villages.qr import qr_svg

    decoded = zxingcpp.read_barcodes(rasterize(str(qr_svg("https://example.org/x/"))))
    assert [code.text for code in decoded] == ["https://example.org/x/"]


def test_the_notice_is_public_and_costs_a_fixed_number_of_queries(
    client, zone, django_assert_max_num_queries
):
    for n in range(20):
        Pledge.objects.create(
            village=zone.cihang,
            year=2022,
            title=f"承诺{n}",
            content="c",
            measure="m",
            deadline="2022-12-31",
            category="other",
            status="public",
        )
    with django_assert_max_num_queries(6):
        response = notice(client, zone.cihang)
    assert response.status_code == 200
    assert response.content.decode().count("承诺1") >= 11
