"""开通单: an A4 sheet of cut-out slips, one per new account, with name, username, the activation
code and a QR code of the activation page (the username filled in; never the code)."""

from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from reports.documents import pdf
from villages.qr import qr_svg

SLIPS_PER_PAGE = 8  # two columns of four: each slip 95 × 68 mm


def activation_url(base, username=""):
    """The activation page's address under `base` (scheme and host, no trailing slash)."""
    url = base.rstrip("/") + reverse("accounts:activate")
    return url + ("?" + urlencode({"u": username}) if username else "")


def slips_html(slips, *, office, base_url):
    rows = [
        {
            "slip": slip,
            "url": activation_url(base_url, slip.username),
            "qr": qr_svg(activation_url(base_url, slip.username)),
        }
        for slip in slips
    ]
    # Pages of four lines of two slips.
    pages = [
        [rows[j : j + 2] for j in range(i, min(i + SLIPS_PER_PAGE, len(rows)), 2)]
        for i in range(0, len(rows), SLIPS_PER_PAGE)
    ]
    return render_to_string(
        "accounts/slips_pdf.html",
        {"pages": pages, "office": office, "activation_url": activation_url(base_url)},
    )


def slips_pdf(slips, *, office, base_url):
    """The slips as PDF bytes, laid out by static/css/slips.css (not the summaries' stylesheet);
    like every document, the engine fetches nothing. PdfUnavailable without the PDF engine."""
    weasyprint = pdf._engine()
    with open(finders.find("css/slips.css"), encoding="utf-8") as handle:
        stylesheet = weasyprint.CSS(string=handle.read())
    html = slips_html(slips, office=office, base_url=base_url)
    document = weasyprint.HTML(string=html, url_fetcher=pdf._fetcher_class(weasyprint)())
    return document.write_pdf(stylesheets=[stylesheet])
