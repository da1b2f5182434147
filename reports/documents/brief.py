"""The news brief (简报) draft as .docx, in the style of the office's report after a round:
本报讯, the date, who attended, the format, the sites and what was seen, the ranking and the
leaders' requirements. Built only from the round's facts, for staff to edit in Word or WPS."""

import datetime
import io
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from villages.text import clean_text

from .images import print_image

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
MAX_PHOTOS = 2
TRAILING_STOPS = re.compile(r"[\s。；;，,.]+$")
SENTENCE_ENDS = ("。", "！", "？", "…", "”")


def _font(run, name, size, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text, *, indent=True, size=14, align=None, bold=False, font=BODY_FONT):
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing = 1.5
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(clean_text(text)), font, size, bold)  # stored text may predate cleaning
    return paragraph


def _joined(names):
    return "、".join(names)


def _clause(text):
    """A user's sentence without its closing stop, ready to be joined with "；"."""
    return TRAILING_STOPS.sub("", text.strip())


def _sentence(text):
    """A user's text as one sentence: ends with a stop, never a doubled one."""
    text = text.strip()
    if text.endswith(SENTENCE_ENDS):
        return text
    return _clause(text) + "。"


def _sentences(summary):
    """The brief's paragraphs, each only from what the round holds."""
    rnd, board = summary.round, summary.board
    day = _("{m}月{d}日").format(m=rnd.date.month, d=rnd.date.day)
    opening = _("本报讯 {day}，{zone}{office}组织开展{title}。").format(
        day=day, zone=settings.ZONE_NAME, office=rnd.office.name, title=rnd.title
    )
    if rnd.participants.strip():
        opening += _("{people}等参加。").format(
            people=rnd.participants.strip().rstrip("。.").removesuffix("等")
        )
    paragraphs = [opening]

    areas = list(dict.fromkeys(c.name for c in board.criteria))
    form = ""
    if rnd.stages:
        form = _("活动采取“{stages}”的形式进行").format(stages=summary.stage_text)
    if areas:
        focus = _("重点围绕{areas}等{n}个方面工作进行现场观摩").format(areas=_joined(areas), n=len(areas))
        form = f"{form}，{focus}" if form else focus
    if summary.sites:
        sites = _("先后实地查看了{names}等{n}个点位").format(
            names=_joined(s.village.name for s in summary.sites), n=len(summary.sites)
        )
        form = f"{form}，{sites}" if form else sites
    if summary.learning_sites:
        learning = _("并到{names}观摩学习").format(
            names=_joined(f"{s.village.office.name}{s.village.name}" for s in summary.learning_sites)
        )
        form = f"{form}，{learning}" if form else learning
    if form:
        paragraphs.append(form + "。")

    for remarks in summary.village_remarks:
        if remarks.highlights:
            paragraphs.append(
                _("在{village}，{text}").format(
                    village=remarks.village.name, text="".join(_sentence(t) for t in remarks.highlights)
                )
            )
    paragraphs.extend(_sentence(t) for t in summary.round_highlights)

    if summary.scored:
        top = [r for r in summary.scored if r.rank <= 3]
        ranking = _("经评委现场打分，{names}位列前三名").format(
            names=_joined(_("{name}（{total}分）").format(name=r.village.name, total=r.total) for r in top)
        )
        flags = [r.village.name for r in summary.scored if r.red_flag]
        if flags:
            ranking += _("，{names}获得流动红旗").format(names=_joined(flags))
        improvement = summary.improvement
        ranked = improvement.ranked
        # The round compared with is named: it is the previous *published* one, which need not be
        # the quarter before; rounds scored on other criteria are compared by 得分率.
        if improvement.previous is not None and improvement.comparison.comparable and ranked:
            if ranked[0].delta > 0:
                best = [r for r in ranked if r.improvement_rank == 1]
                sentence = (
                    _("；按得分率与{period}相比，{names}进步最大")
                    if improvement.comparison.by_rate
                    else _("；与{period}相比，{names}进步最大")
                )
                ranking += sentence.format(
                    period=improvement.previous.period_label, names=_joined(r.village.name for r in best)
                )
        paragraphs.append(ranking + "。")

    if summary.requirements:
        speakers = list(dict.fromkeys(s for s in summary.requirement_speakers if s))
        lead = (
            _("{speaker}对此次活动进行了点评，并对今后工作提出具体要求：").format(speaker=_joined(speakers))
            if speakers
            else _("会议要求：")
        )
        paragraphs.append(
            lead + "；".join(f"{prefix}{_clause(text)}" for prefix, text in summary.requirements) + "。"
        )
    return paragraphs


def brief_document(summary, issue=None):
    """The brief of `summary`; its core properties name the office as author and are dated the
    issue date of `issue` (a reports.models.IssuedSummary), or before issue the day the figures
    are stated as of (the round's publication)."""
    rnd = summary.round
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(3.7 - 1.0)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    title = _("{office}开展{period}“亮赛比”观摩评比活动").format(
        office=rnd.office.name, period=rnd.period_label
    )
    _paragraph(
        document, title, indent=False, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, font=TITLE_FONT
    )
    for text in _sentences(summary):
        _paragraph(document, text)
    for photo in summary.photos[:MAX_PHOTOS]:
        try:
            data = print_image(photo.image.name, default_storage)
        except (OSError, ValueError):
            continue  # a missing photo file must not stop the brief
        document.add_picture(io.BytesIO(data), width=Cm(14))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = photo.caption or photo.village.name
        _paragraph(document, caption, indent=False, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, _("通讯员：          文/图"), indent=False, size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    properties = document.core_properties
    day = issue.issued_on if issue is not None else summary.today
    moment = datetime.datetime.combine(day, datetime.time(9))
    properties.title = title
    properties.author = properties.last_modified_by = rnd.office.name
    properties.created = properties.modified = moment
    properties.language = "zh-CN"
    properties.subject = issue.number if issue is not None else rnd.period_label
    properties.keywords = "亮赛比"
    properties.comments = ""
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
