"""The printed summaries: the office's 通报 of a round and the zone's of a quarter, as a page
(printable) and as PDF, Excel and the news brief."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from inspections.models import InspectionRound, Quarter, period_label
from villages.access import access_for

from . import services
from .documents.pdf import PdfUnavailable
from .forms import SummaryHeadingForm
from .models import SummaryHeading

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
        (_("下载简报(Word)"), reverse("reports:office-brief", args=[rnd.pk]), "download-docx"),
    ]


@login_required
def office_summary_page(request, pk):
    rnd = _summary_round(request, pk)
    can_manage = access_for(request).can_manage_office(rnd.office_id)
    form = None
    if can_manage:
        heading = SummaryHeading.objects.filter(round=rnd).first()
        form = SummaryHeadingForm(request.POST or None, instance=heading)
        if request.method == "POST":
            if form.is_valid():
                services.heading_save(rnd=rnd, form=form, user=request.user)
                messages.success(request, _("文号和签发信息已保存。"))
                return redirect("reports:office-summary", pk=rnd.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("只有办事处工作人员可以填写文号和签发人。"))
    context = services.office_page_context(rnd, timezone.localdate())
    context.update(
        {
            "heading_form": form,
            "downloads": _downloads(rnd),
            "back_url": reverse("inspections:leaderboard", args=[rnd.pk]),
            "back_label": _("擂台榜"),
        }
    )
    return render(request, "reports/office_summary.html", context)


def _filename(rnd, extension):
    return f"{services.office_title(rnd)}.{extension}"


@login_required
def office_summary_pdf(request, pk):
    rnd = _summary_round(request, pk)
    try:
        data = services.office_pdf(rnd, timezone.localdate())
    except PdfUnavailable:
        return _pdf_unavailable(request, reverse("reports:office-summary", args=[rnd.pk]))
    return _download(data, PDF, _filename(rnd, "pdf"))


@login_required
def office_summary_xlsx(request, pk):
    rnd = _summary_round(request, pk)
    return _download(services.office_xlsx(rnd, timezone.localdate()), XLSX, _filename(rnd, "xlsx"))


@login_required
def office_brief(request, pk):
    rnd = _summary_round(request, pk)
    name = _("{office}{period}简报(草稿).docx").format(office=rnd.office.name, period=rnd.period_label)
    return _download(services.office_docx(rnd, timezone.localdate()), DOCX, name)


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
