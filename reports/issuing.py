"""签发: a published round's 通报 issued by its office, and fixed from then on.

Issuing takes the next 文号 from the office's register (sequential per office and year, by the
office's pattern; staff may give another, unique one), builds the page, the PDF, the Excel file
and the brief once, with every time-bound figure as of a stated day, and keeps their bytes and
SHA-256 (reports.models.IssuedSummary). From then on the views, `export_summary` and the admin
hand over those bytes. A mistake is corrected by a new 更正通报 naming the one it corrects; the
old one stays retrievable, marked 已更正. Every issue goes to the round's history and the
security log. The public 核验 page (/verify/<code>/) answers from here too.
"""

import hashlib
import io
import re
import secrets
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from config.security import log_event_on_commit
from inspections.models import InspectionRound
from villages.access import Access
from villages.models import Office
from villages.qr import qr_svg
from villages.text import clean_text

from .asof import data_as_of, summary_as_of
from .documents.brief import brief_document
from .documents.pdf import html_to_pdf, media_src
from .documents.xlsx import print_setup, summary_workbook
from .models import IssuedSummary, SummaryHeading

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off paper
CODE_LENGTH = 8
CHUNK = 64 * 1024


class IssueError(Exception):
    """Why a 通报 cannot be issued (in Chinese, for the page or the command)."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def current_issue(rnd):
    """The round's issued 通报 in force (no later one corrects it), without its files, or None.
    Asked once per round object (a request asks for it from the view and from services)."""
    if not hasattr(rnd, "_current_issue"):
        rnd._current_issue = (
            IssuedSummary.objects.without_files()
            .filter(round=rnd)
            .current()
            .select_related("corrects", "office")
            .first()
        )
    return rnd._current_issue


def issues_of(rnd):
    """Every 通报 issued for the round, newest first, without files."""
    return list(
        IssuedSummary.objects.without_files().filter(round=rnd).select_related("corrects", "correction")
    )


def issue_file(issue, kind):
    """The stored bytes of one issued file: kind is "pdf", "xlsx" or "docx"."""
    data = IssuedSummary.objects.filter(pk=issue.pk).values_list(kind, flat=True).get()
    return bytes(data)


def issue_html(issue):
    return IssuedSummary.objects.filter(pk=issue.pk).values_list("html", flat=True).get()


# --- the register ----------------------------------------------------------------------


def next_number(office, year):
    """(serial, 文号) the register gives the office's next 通报 of `year`, skipping numbers taken."""
    rows = list(IssuedSummary.objects.filter(office=office).values_list("number", "year", "serial"))
    taken = {number for number, _year, _serial in rows}
    n = max((serial for _number, y, serial in rows if y == year and serial), default=0) + 1
    while office.document_number(year, n) in taken:
        n += 1
    return n, office.document_number(year, n)


def number_taken(office, number):
    return IssuedSummary.objects.filter(office=office, number=number).exists()


def _serial_of(office, year, number):
    """The serial `number` has in the register's pattern for `year`, or None (a number of its own)."""
    pattern = re.escape(office.document_number(year, "\0")).replace(re.escape("\0"), r"(\d+)")
    match = re.fullmatch(pattern, number)
    if not match:
        return None
    serial = int(match.group(1))
    if IssuedSummary.objects.filter(office=office, year=year, serial=serial).exists():
        return None
    return serial


def _new_code():
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not IssuedSummary.objects.filter(code=code).exists():
            return code


def verify_url(code, request=None):
    path = reverse("reports:verify", args=[code])
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


# --- issuing ---------------------------------------------------------------------------


def _issuer_name(rnd, user, issuer):
    issuer = clean_text(issuer or "").strip()
    if issuer:
        return issuer
    heading = SummaryHeading.objects.filter(round=rnd).values_list("issuer", flat=True).first()
    if heading:
        return heading
    if user is not None and rnd.office_id in Access.for_user(user).leader_office_ids:
        return user.get_full_name() or user.get_username()  # a leader signs it themself
    raise IssueError(_("请填写签发人。"))


def _documents(rnd, issue, request):
    """The page's document, the PDF, the Excel file and the brief of `rnd` as issued by `issue`."""

    def document(for_pdf):
        summary = summary_as_of(rnd, issue.data_as_of)
        summary.heading = SimpleNamespace(
            document_number=issue.number, reviewer=issue.reviewer, issuer=issue.issuer
        )
        for photo in summary.photos:
            photo.src = media_src(photo.image.name) if for_pdf else photo.image.url
        context = {
            "summary": summary,
            "doc_title": issue.title,
            "today": issue.data_as_of,
            "as_of": issue.data_as_of,
            "for_pdf": for_pdf,
            "issue": issue,
            "verify_url": verify_url(issue.code, request),
            "verify_qr": qr_svg(verify_url(issue.code, request), scale=3),
        }
        return summary, render_to_string("reports/office_document.html", context)

    _summary, html = document(for_pdf=False)
    summary, pdf_html = document(for_pdf=True)
    pdf = html_to_pdf(
        render_to_string(
            "reports/office_summary.html",
            {"document": pdf_html, "doc_title": issue.title, "provisional": False, "for_pdf": True},
        )
    )
    return (
        html.strip(),  # a backup's XML loses a text's outer whitespace: keep none to lose
        pdf,
        _with_issue_sheet(summary_workbook(summary, issue), issue),
        brief_document(summary, issue),
    )


def _with_issue_sheet(xlsx, issue):
    """The workbook with a first sheet naming the issued 通报 it belongs to."""
    workbook = load_workbook(io.BytesIO(xlsx))
    sheet = workbook.create_sheet(_("通报信息"), 0)
    rows = [
        (_("标题"), issue.title),
        (_("文号"), issue.number),
        (_("签发人"), issue.issuer),
        (_("签发日期"), issue.issued_on.isoformat()),
        (_("数据截至"), issue.data_as_of.isoformat()),
        (_("核验码"), issue.code),
    ]
    if issue.corrects is not None:
        rows.append((_("更正的通报"), issue.corrects.number))
    for label, value in rows:
        sheet.append([str(label), value])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60
    print_setup(sheet, 2, 0)
    workbook.active = 0
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _title(rnd, corrects):
    from .services import office_title  # services uses this module's answers for issued rounds

    title = office_title(rnd)
    return _("{title}（更正）").format(title=title) if corrects else title


@transaction.atomic
def issue_summary(
    *, rnd, user=None, issuer="", number="", issued_on=None, corrects=None, reason="", request=None
):
    """签发 `rnd`'s 通报 (or, with `corrects`, a 更正通报 of the one in force). Returns the issued row.

    `user` None: a command run by the system's operator; otherwise they must be the office's staff
    or leader. Raises IssueError (a message for people) or PermissionDenied."""
    with translation.override(settings.LANGUAGE_CODE):  # a 公文 is in the office's language
        rnd = InspectionRound.objects.select_for_update().select_related("office").get(pk=rnd.pk)
        # (a fresh object: nothing remembered about its issued 通报)
        office = Office.objects.select_for_update().get(pk=rnd.office_id)  # one number at a time
        if user is not None and not Access.for_user(user).can_issue_summary(office.pk):
            raise PermissionDenied(_("只有本办事处的工作人员和领导可以签发通报。"))
        if not rnd.is_published:
            raise IssueError(_("只有已发布的轮次可以签发通报。"))
        current = current_issue(rnd)
        if corrects is None and current is not None:
            raise IssueError(
                _("本轮通报已签发（{number}）；如有错误，请签发更正通报。").format(number=current.number)
            )
        if corrects is not None:
            if current is None or current.pk != corrects.pk:
                raise IssueError(_("只能更正本轮现行的通报。"))
            reason = clean_text(reason or "").strip()
            if not reason:
                raise IssueError(_("更正通报必须填写更正理由。"))
        issuer = _issuer_name(rnd, user, issuer)
        issued_on = issued_on or timezone.localdate()
        if issued_on > timezone.localdate():
            raise IssueError(_("签发日期不能晚于今天。"))
        year = issued_on.year
        number = clean_text(number or "").strip()
        if number:
            if len(number) > IssuedSummary._meta.get_field("number").max_length:
                raise IssueError(_("文号太长（最多 50 个字）。"))
            if number_taken(office, number):
                raise IssueError(
                    _("文号“{number}”已被本办事处的其他通报使用，请换一个。").format(number=number)
                )
            serial = _serial_of(office, year, number)
        else:
            serial, number = next_number(office, year)
        heading = SummaryHeading.objects.filter(round=rnd).first()
        issue = IssuedSummary(
            round=rnd,
            office=office,
            year=year,
            serial=serial,
            number=number,
            title=_title(rnd, corrects),
            issuer=issuer[:50],
            reviewer=(heading.reviewer if heading else "")[:50],
            issued_on=issued_on,
            data_as_of=data_as_of(rnd),
            code=_new_code(),
            corrects=corrects,
            reason=reason[:200],
            issued_by=user,
        )
        issue.html, pdf, xlsx, docx = _documents(rnd, issue, request)
        issue.pdf, issue.xlsx, issue.docx = pdf, xlsx, docx
        issue.pdf_sha256, issue.xlsx_sha256, issue.docx_sha256 = sha256(pdf), sha256(xlsx), sha256(docx)
        try:
            with transaction.atomic():
                issue.save()
        except IntegrityError as error:
            raise IssueError(
                _("文号“{number}”已被本办事处的其他通报使用，请换一个。").format(number=number)
            ) from error
        # The round's history says so (who, when, which number) without changing the round.
        if corrects is not None:
            rnd._change_reason = _("签发更正通报 {number}（更正 {old}）：{reason}").format(
                number=number, old=corrects.number, reason=reason
            )[:100]
        else:
            rnd._change_reason = _("签发通报 {number}").format(number=number)[:100]
        rnd._history_user = user
        rnd.save(update_fields=["updated_at"])
        log_event_on_commit(
            "summary_corrected" if corrects is not None else "summary_issued",
            round=rnd.pk,
            office=office.pk,
            number=number,
            issued=issue.pk,
            corrects=corrects.number if corrects is not None else None,
            pdf_sha256=issue.pdf_sha256,
            issuer=issuer,
            by=user.get_username() if user is not None else None,
        )
    return issue


# --- 核验 ------------------------------------------------------------------------------


def verify_lookup(code):
    code = (code or "").strip().upper()
    if not code or len(code) > CODE_LENGTH * 2:
        return None
    return IssuedSummary.objects.without_files().select_related("office").filter(code=code).first()


def upload_matches(issue, upload):
    """Whether the uploaded file is byte for byte the issued PDF (hashed in chunks)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    return secrets.compare_digest(digest.hexdigest(), issue.pdf_sha256)
