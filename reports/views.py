"""The printed summaries: the office's 通报 of a round and the zone's of a quarter, as a page
(printable) and as PDF, Excel and the news brief."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from config.security import client_ip
from inspections.models import InspectionRound, Quarter, period_label
from villages.access import access_for

from . import issuing, services
from .asof import data_as_of
from .documents.pdf import PdfUnavailable
from .forms import CorrectionForm, IssueForm, SummaryHeadingForm
from .models import IssuedSummary, SummaryHeading

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _summary_round(request, pk):
    """A round whose 通报 the user may read: published, or (for its office's staff) being scored."""
    rnd = get_object_or_404(InspectionRound.objects.select_related("office"), pk=pk)
    if rnd.is_draft:
        raise Http404
    if not access_for(request).can_read_summary(rnd.office_id, published=rnd.is_published):
        raise PermissionDenied(
            _("本轮成绩尚未发布。") if not rnd.is_published else _("通报只对本办事处的工作人员和领导开放。")
        )
    return rnd


def _zone_offices(request, year, quarter):
    access = access_for(request)
    if not access.reads_all_offices:
        raise PermissionDenied(_("全区通报只对区级领导和管理员开放。"))
    if quarter not in Quarter.values or not 2000 <= year <= 2100:
        raise Http404
    return list(access.offices().order_by("sort_order", "name"))


def _download(data, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _pdf_unavailable(request, back_url):
    return render(request, "reports/pdf_unavailable.html", {"back_url": back_url}, status=503)


def _downloads(rnd):
    return [
        (_("下载 PDF"), reverse("reports:office-summary-pdf", args=[rnd.pk]), "download-pdf"),
        (_("下载 Excel"), reverse("reports:office-summary-xlsx", args=[rnd.pk]), "download-xlsx"),
        (_("下载简报（Word）"), reverse("reports:office-brief", args=[rnd.pk]), "download-docx"),
    ]


def _issue_initial(rnd, user, access, heading, register):
    """The 签发 form's first values: the 文号 typed in the heading if still unused, else the
    register's next one; the heading's 签发人, or the leader themself; today."""
    issuer = heading.issuer if heading and heading.issuer else ""
    if not issuer and rnd.office_id in access.leader_office_ids:
        issuer = user.get_full_name() or user.get_username()
    number = heading.document_number if heading else ""
    if not number or issuing.number_taken(rnd.office, number):
        number = register
    return {"number": number, "issuer": issuer, "issued_on": timezone.localdate()}


def _issue_post(request, rnd, current, form):
    """签发 or 更正 from the page's form; None when done, else the form holding the error."""
    if not form.is_valid():
        return form
    data = form.cleaned_data
    number = data["number"]
    if number == form.register_number:
        number = ""  # the register's, left as it was: the register numbers it in the issue's year
    try:
        issue = issuing.issue_summary(
            rnd=rnd,
            user=request.user,
            issuer=data["issuer"],
            number=number,
            issued_on=data["issued_on"],
            corrects=current if "reason" in data else None,
            reason=data.get("reason", ""),
            request=request,
        )
    except issuing.IssueError as error:
        form.add_error(None, str(error))
        return form
    except PdfUnavailable:
        form.add_error(None, _("无法生成 PDF，通报未签发；请联系系统管理员。"))
        return form
    messages.success(request, _("通报已签发：{number}。").format(number=issue.number))
    return None


@login_required
def office_summary_page(request, pk):
    rnd = _summary_round(request, pk)
    access = access_for(request)
    can_manage = access.can_manage_office(rnd.office_id)
    can_issue = access.can_issue_summary(rnd.office_id) and rnd.is_published
    current = issuing.current_issue(rnd)
    action = request.POST.get("action", "heading") if request.method == "POST" else None
    form = issue_form = correction_form = None
    heading = SummaryHeading.objects.filter(round=rnd).first() if can_manage or can_issue else None
    if can_manage and current is None:
        form = SummaryHeadingForm(request.POST if action == "heading" else None, instance=heading)
    if can_issue:
        register = issuing.next_number(rnd.office, timezone.localdate().year)[1]
        initial = _issue_initial(rnd, request.user, access, heading if current is None else None, register)
        if current is None:
            issue_form = IssueForm(request.POST if action == "issue" else None, initial=initial)
        else:
            correction_form = CorrectionForm(request.POST if action == "correct" else None, initial=initial)
        (issue_form or correction_form).register_number = register
    if action == "heading" and form is not None:
        if form.is_valid():
            services.heading_save(rnd=rnd, form=form, user=request.user)
            messages.success(request, _("文号和签发信息已保存。"))
            return redirect("reports:office-summary", pk=rnd.pk)
    elif action == "issue" and issue_form is not None:
        issue_form = _issue_post(request, rnd, None, issue_form)
        if issue_form is None:
            return redirect("reports:office-summary", pk=rnd.pk)
    elif action == "correct" and correction_form is not None:
        correction_form = _issue_post(request, rnd, current, correction_form)
        if correction_form is None:
            return redirect("reports:office-summary", pk=rnd.pk)
    elif action == "heading" and can_manage:
        raise PermissionDenied(_("通报已签发，文号和签发人不能再修改；如有错误，请签发更正通报。"))
    elif action == "heading":
        raise PermissionDenied(_("只有办事处工作人员可以填写文号和签发人。"))
    elif action is not None:
        raise PermissionDenied(_("只有本办事处的工作人员和领导可以签发通报。"))
    # Once issued, its office may look at the document as it would be issued now (a 更正 draft).
    can_preview = current is not None and (can_manage or access.can_issue_summary(rnd.office_id))
    draft = can_preview and request.GET.get("draft") == "1"
    context = services.office_page_context(rnd, data_as_of(rnd), draft=draft)
    context.update(
        {
            "draft": draft,
            "can_preview": can_preview,
            "summary_url": reverse("reports:office-summary", args=[rnd.pk]),
            "heading_form": form,
            "issue_form": issue_form,
            "correction_form": correction_form,
            "issue": current,
            "issues": issuing.issues_of(rnd) if current is not None else [],
            "downloads": _downloads(rnd),
            "back_url": reverse("inspections:leaderboard", args=[rnd.pk]),
            "back_label": _("擂台榜"),
        }
    )
    return render(request, "reports/office_summary.html", context)


ISSUED_KINDS = {"pdf": (PDF, "pdf"), "xlsx": (XLSX, "xlsx"), "docx": (DOCX, "docx")}


@login_required
def issued_file(request, pk, kind):
    """One file of an issued 通报, in force or corrected (the old one stays retrievable)."""
    if kind not in ISSUED_KINDS:
        raise Http404
    issue = get_object_or_404(IssuedSummary.objects.without_files(), pk=pk)
    _summary_round(request, issue.round_id)
    content_type, extension = ISSUED_KINDS[kind]
    name = f"{issue.number}{issue.title}.{extension}"
    return _download(issuing.issue_file(issue, kind), content_type, name)


def _filename(rnd, extension):
    return f"{services.office_title(rnd)}.{extension}"


@login_required
def office_summary_pdf(request, pk):
    rnd = _summary_round(request, pk)
    try:
        data = services.office_pdf(rnd, data_as_of(rnd))
    except PdfUnavailable:
        return _pdf_unavailable(request, reverse("reports:office-summary", args=[rnd.pk]))
    return _download(data, PDF, _filename(rnd, "pdf"))


@login_required
def office_summary_xlsx(request, pk):
    rnd = _summary_round(request, pk)
    return _download(services.office_xlsx(rnd, data_as_of(rnd)), XLSX, _filename(rnd, "xlsx"))


@login_required
def office_brief(request, pk):
    rnd = _summary_round(request, pk)
    name = _("{office}{period}简报（草稿）.docx").format(office=rnd.office.name, period=rnd.period_label)
    return _download(services.office_docx(rnd, data_as_of(rnd)), DOCX, name)


@login_required
def zone_summary_page(request, year, quarter):
    offices = _zone_offices(request, year, quarter)
    if not InspectionRound.objects.filter(
        office__in=offices, year=year, quarter=quarter, status=InspectionRound.Status.PUBLISHED
    ).exists():
        # Nothing to report: the zone overview says so for that quarter.
        return redirect(reverse("inspections:zone-overview") + f"?period={year}-{quarter}")
    context = services.zone_context(offices, year, quarter, timezone.localdate(), settings.ZONE_NAME)
    context.update(
        {
            "downloads": [
                (_("下载 PDF"), reverse("reports:zone-summary-pdf", args=[year, quarter]), "download-pdf")
            ],
            "back_url": reverse("inspections:zone-overview") + f"?period={year}-{quarter}",
            "back_label": _("全区概览"),
        }
    )
    return render(request, "reports/zone_summary.html", context)


@login_required
def zone_summary_pdf(request, year, quarter):
    offices = _zone_offices(request, year, quarter)
    try:
        data = services.zone_pdf(offices, year, quarter, timezone.localdate(), settings.ZONE_NAME)
    except PdfUnavailable:
        return _pdf_unavailable(request, reverse("reports:zone-summary", args=[year, quarter]))
    name = f"{services.zone_title(settings.ZONE_NAME, period_label(year, quarter))}.pdf"
    return _download(data, PDF, name)


def _verify_limited(request):
    """More checks from this address this minute than VERIFY_RATE_PER_MINUTE."""
    key = f"verify:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, 90)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        count = 1
    return count > settings.VERIFY_RATE_PER_MINUTE


@csrf_exempt  # public and changes nothing; the size is checked before the body is read
@require_http_methods(["GET", "POST"])
def verify(request, code):
    """核验: an issued 通报's office, 文号, date, title and SHA-256, and whether an uploaded PDF is
    byte for byte the issued one. No login, nothing else shown."""
    issue = issuing.verify_lookup(code)
    if issue is None:
        raise Http404
    limit_mb = settings.VERIFY_MAX_UPLOAD // (1024 * 1024)
    result, error, status = None, "", 200
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if _verify_limited(request):
            error, status = _("核验过于频繁，请一分钟后再试。"), 429
        elif length > settings.VERIFY_MAX_UPLOAD:
            error, status = _("文件太大：只能核验不超过 {mb} MB 的 PDF 文件。").format(mb=limit_mb), 413
        else:
            upload = request.FILES.get("document")
            if upload is None:
                error, status = _("请选择要核验的 PDF 文件。"), 400
            elif upload.size > settings.VERIFY_MAX_UPLOAD:
                error, status = _("文件太大：只能核验不超过 {mb} MB 的 PDF 文件。").format(mb=limit_mb), 413
            else:
                result = issuing.upload_matches(issue, upload)
    context = {"issue": issue, "result": result, "error": error, "limit_mb": limit_mb}
    return render(request, "reports/verify.html", context, status=status)
