"""PDF from the same HTML as the page, with WeasyPrint. Fonts come from the system (fonts-noto-cjk)
and are embedded as subsets, so the file looks the same on any machine."""

import logging

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

from .images import print_image

MEDIA_SCHEME = "lsb-media:"
logger = logging.getLogger(__name__)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (pango) cannot be loaded."""


def _engine():
    try:
        import weasyprint
        import weasyprint.urls  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: pango or harfbuzz missing
        logger.warning("PDF engine unavailable: %s", error)
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def media_src(name):
    """How a document refers to a stored photo; only the PDF fetcher below resolves it."""
    return MEDIA_SCHEME + name


def _fetcher_class(weasyprint):
    class MediaOnlyFetcher(weasyprint.urls.URLFetcher):
        """Stored photos only: a document never reaches the network or the file system."""

        def fetch(self, url, headers=None):
            if not url.startswith(MEDIA_SCHEME):
                raise ValueError(f"not fetched: {url[:80]}")
            body = print_image(url.removeprefix(MEDIA_SCHEME), default_storage)
            return weasyprint.urls.URLFetcherResponse(url, body=body, headers={"Content-Type": "image/jpeg"})

    return MediaOnlyFetcher


def html_to_pdf(html):
    weasyprint = _engine()
    with open(finders.find("css/summary.css"), encoding="utf-8") as handle:
        stylesheet = weasyprint.CSS(string=handle.read())
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher_class(weasyprint)())
    return document.write_pdf(stylesheets=[stylesheet])
