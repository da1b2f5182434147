"""QR codes for printed notices, drawn as inline SVG by segno (no network, no image files)."""

import io

import segno
from django.utils.safestring import mark_safe


def qr_code(url):
    """The URL as a QR code (error correction M: a notice board's smudges still read)."""
    return segno.make(url, error="m", micro=False)


def qr_svg(url, *, scale=4):
    """The URL's QR code as SVG with a quiet zone of 4 modules, safe to inline in a page."""
    out = io.BytesIO()
    qr_code(url).save(
        out,
        kind="svg",
        scale=scale,
        border=4,
        xmldecl=False,
        nl=False,
        omitsize=True,  # a viewBox only: the page sets its printed size
        svgclass="qr-code",
        lineclass=None,
    )
    return mark_safe(out.getvalue().decode())
