"""The 通报 a leader signs is written in Chinese punctuation: the demo's offices' 通报 (the page,
the brief, the workbook, the zone summary) have no ASCII , : ; ( ) where a full-width mark belongs,
and no doubled stops where sentences are joined.

The demo is seeded once for this module (see `demo_db` in tests/conftest.py)."""

import html
import io
import re

import pytest
from django.conf import settings
from docx import Document
from openpyxl import load_workbook

from inspections.models import InspectionRound
from reports import services
from reports.asof import data_as_of, summary_as_of
from reports.documents.brief import brief_document
from reports.documents.xlsx import summary_workbook
from villages.models import Office

pytestmark = pytest.mark.django_db

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”]"
WRONG = [
    re.compile(CJK + r"[,:;()]" + CJK),  # 后宋村,谷庄村 · 亮点:后宋村
    re.compile(CJK + r"[,:;]\s*\d"),  # 84.10分,5个
    re.compile(CJK + r"\(\s*[\d{]"),  # 后宋村(92.50分)
    re.compile(r"\d\)" + CJK),
    re.compile("。；|。。|；。|。;|;。"),
]


@pytest.fixture(autouse=True)
def _seeded(demo_db):
    """Every test here reads the demo."""


def _wrong(text):
    return [m.group(0) for pattern in WRONG for m in pattern.finditer(text)]


def _page_text(markup):
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def _texts(rnd):
    day = data_as_of(rnd)
    page = services.office_page_context(rnd, day)["document"]
    yield "page", _page_text(page)
    brief = Document(io.BytesIO(brief_document(summary_as_of(rnd, day))))
    yield "brief", "\n".join(p.text for p in brief.paragraphs)
    book = load_workbook(io.BytesIO(summary_workbook(summary_as_of(rnd, day))))
    yield "workbook", "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row)


def test_every_demo_summary_uses_full_width_punctuation():
    rounds = InspectionRound.objects.select_related("office").order_by("office__sort_order", "quarter")
    assert rounds.count() >= 11
    for rnd in rounds:
        for kind, text in _texts(rnd):
            assert "，" in text or kind == "workbook", (rnd, kind)
            assert not _wrong(text), (rnd.office.name, rnd.quarter, kind, _wrong(text)[:5])


def test_the_changed_rubric_is_explained_in_full_width_punctuation():
    rnd = InspectionRound.objects.get(office__name="明港办事处", year=2022, quarter=2)
    page = dict(_texts(rnd))["page"]
    assert "得分率" in page and not _wrong(page)


def test_the_zone_summary_uses_full_width_punctuation():
    for quarter in (1, 2, 3):
        context = services.zone_context(
            Office.objects.all(),
            2022,
            quarter,
            data_as_of(InspectionRound.objects.filter(quarter=min(quarter, 2)).first()),
            settings.ZONE_NAME,
        )
        text = str(context["overview"])
        assert "，" in text or quarter == 3, text  # no office published a third quarter
        assert not _wrong(text), (quarter, text)


def test_joined_requirements_never_double_a_stop(monkeypatch):
    from reports.documents import brief

    class Summary:
        requirements = [("一是", "要抓落实。"), ("二是", "要强作风；"), ("三是", "要见实效")]
        requirement_speakers = ["朱永立"]

    text = brief._sentences.__globals__["_clause"]
    joined = "；".join(f"{p}{text(t)}" for p, t in Summary.requirements) + "。"
    assert joined == "一是要抓落实；二是要强作风；三是要见实效。"
    assert brief._sentence("后宋村集体经济稳步增长。") == "后宋村集体经济稳步增长。"
    assert brief._sentence("后宋村集体经济稳步增长；") == "后宋村集体经济稳步增长。"


def test_the_printed_pdf_uses_full_width_punctuation(tmp_path):
    import shutil
    import subprocess

    from reports.documents.pdf import PdfUnavailable

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    rnd = InspectionRound.objects.get(office__name="郑港办事处", year=2022, quarter=2)
    try:
        pdf = services.office_pdf(rnd, data_as_of(rnd))
    except PdfUnavailable:
        pytest.skip("WeasyPrint cannot run here")
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    joined = re.sub(r"\s*\n\s*", "", text)  # a sentence broken across lines reads on
    assert joined.count("，") > 20 and not _wrong(joined), _wrong(joined)[:10]


def test_the_zone_summary_page_uses_full_width_punctuation():
    from django.template.loader import render_to_string

    day = data_as_of(InspectionRound.objects.filter(quarter=2).order_by("-date").first())
    for quarter in (1, 2):
        context = services.zone_context(
            Office.objects.all(), 2022, quarter, day, settings.ZONE_NAME, for_pdf=True
        )
        markup = render_to_string("reports/zone_summary.html", context)
        text = _page_text(markup.split('<article class="doc"', 1)[1])
        assert "，" in text and not _wrong(text), (quarter, _wrong(text)[:10])
