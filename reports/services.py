"""Writes of the reports app, and the documents built from a round or a quarter.

Views and the export_summary command both call these, so a file is the same whichever way it
was asked for, and a published round's file is built once and kept (see fingerprint.py). Once a
round's 通报 is issued (reports.issuing), its stored bytes are what every caller gets.

`today` is the day the document states its time-bound figures as of: views and the command pass
reports.asof.data_as_of(rnd) — the round's publication, or today for a preview."""

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from inspections.models import period_label

from . import fingerprint, issuing
from .asof import summary_as_of
from .documents.brief import brief_document
from .documents.pdf import html_to_pdf, media_src
from .documents.xlsx import summary_workbook
from .models import SummaryHeading
from .zone import zone_summary

CACHE_SECONDS = 30 * 24 * 3600


def heading_save(*, rnd, form, user):
    heading = SummaryHeading.objects.filter(round=rnd).first() or SummaryHeading(round=rnd)
    for name in ("document_number", "reviewer", "issuer"):
        setattr(heading, name, form.cleaned_data[name])
    heading.updated_by = user
    heading.save()
    return heading


def office_title(rnd):
    return _("{office}{period}“亮赛比”观摩评比情况通报").format(
        office=rnd.office.name, period=rnd.period_label
    )


def zone_title(zone_name, period):
    return _("{zone}{period}“亮赛比”观摩评比情况通报").format(zone=zone_name, period=period)


def _kept(key, build):
    """The cached bytes under `key`, or build and keep them. `key` None: build, keep nothing."""
    if key is None:
        return build()
    cache = caches["documents"]
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, CACHE_SECONDS)
    return data


def _office_key(kind, rnd, today):
    if not rnd.is_published:
        return None  # a preview changes with every sheet: never kept
    return f"summary:{kind}:{rnd.pk}:{fingerprint.office_key(rnd, today, translation.get_language())}"


def _office_document(rnd, today, *, for_pdf):
    """The document itself (what is printed), as HTML; photos point to the PDF fetcher or the page."""
    summary = summary_as_of(rnd, today)
    for photo in summary.photos:
        photo.src = media_src(photo.image.name) if for_pdf else photo.image.url
    return render_to_string(
        "reports/office_document.html",
        {
            "summary": summary,
            "doc_title": office_title(rnd),
            "today": today,
            "as_of": today,
            "for_pdf": for_pdf,
        },
    )


def office_page_context(rnd, today, *, for_pdf=False, draft=False):
    """What reports/office_summary.html needs; the document part is kept like the files, and
    once issued it is the issued page. `draft`: the document as it would be issued now (the
    preview of a 更正通报), marked 暂定."""
    issue = None if draft else issuing.current_issue(rnd)
    if issue is not None:
        return {
            "document": mark_safe(issuing.issue_html(issue)),  # rendered by our template when issued
            "doc_title": issue.title,
            "provisional": False,
            "for_pdf": for_pdf,
            "issue": issue,
        }
    kind = "pdf-html" if for_pdf else "html"
    document = _kept(_office_key(kind, rnd, today), lambda: _office_document(rnd, today, for_pdf=for_pdf))
    return {
        "document": mark_safe(document),  # rendered by our template, escaped there
        "doc_title": office_title(rnd),
        "provisional": draft or not rnd.is_published,
        "for_pdf": for_pdf,
    }


def _issued(rnd, kind):
    issue = issuing.current_issue(rnd)
    return issuing.issue_file(issue, kind) if issue is not None else None


def office_pdf(rnd, today):
    issued = _issued(rnd, "pdf")
    if issued is not None:
        return issued

    def build():
        return html_to_pdf(
            render_to_string("reports/office_summary.html", office_page_context(rnd, today, for_pdf=True))
        )

    return _kept(_office_key("pdf", rnd, today), build)


def office_xlsx(rnd, today):
    issued = _issued(rnd, "xlsx")
    if issued is not None:
        return issued
    return _kept(_office_key("xlsx", rnd, today), lambda: summary_workbook(summary_as_of(rnd, today)))


def office_docx(rnd, today):
    issued = _issued(rnd, "docx")
    if issued is not None:
        return issued
    return _kept(_office_key("docx", rnd, today), lambda: brief_document(summary_as_of(rnd, today)))


def zone_context(offices, year, quarter, today, zone_name, *, for_pdf=False):
    """What reports/zone_summary.html needs. The document part is kept (the template's cache tag,
    under the same key as the PDF's), so the quarter is only added up when it is missing."""
    offices = list(offices)
    zone = SimpleLazyObject(lambda: zone_summary(offices, year, quarter, today))
    return {
        "zone": zone,
        "doc_title": zone_title(zone_name, period_label(year, quarter)),
        "overview": SimpleLazyObject(lambda: zone_overview_text(zone, zone_name)),
        "provisional": False,
        "today": today,
        "for_pdf": for_pdf,
        "page_cache_seconds": CACHE_SECONDS,
        "page_cache_key": fingerprint.zone_key(offices, year, quarter, today, translation.get_language()),
    }


def zone_overview_text(zone, zone_name):
    published = zone.published
    if not published:
        return _("{period}全区各办事处都还没有发布成绩。").format(period=zone.period_label)
    text = [
        _(
            "{period}，{zone}共有 {n} 个办事处（社区服务中心）发布了“亮赛比”观摩评比成绩，{villages} 个单位参评。"
        ).format(
            period=zone.period_label,
            zone=zone_name,
            n=len(published),
            villages=sum(s.scored for s in published),
        )
    ]
    means = [s for s in published if s.mean is not None]
    if means:
        top = max(means, key=lambda s: s.mean)
        text.append(
            _("平均总分最高的是{office}（{mean} 分）。").format(office=top.office.name, mean=top.mean)
        )
    if zone.unpublished:
        text.append(
            _("{names}本季度未发布成绩。").format(names="、".join(s.office.name for s in zone.unpublished))
        )
    text.append(
        _("全区未完成整改 {open} 项，其中逾期 {overdue} 项。").format(
            open=zone.open_rectifications, overdue=zone.overdue_rectifications
        )
    )
    return "".join(text)


def zone_pdf(offices, year, quarter, today, zone_name):
    context = zone_context(offices, year, quarter, today, zone_name, for_pdf=True)
    return _kept(
        f"summary:zone-pdf:{context['page_cache_key']}",
        lambda: html_to_pdf(render_to_string("reports/zone_summary.html", context)),
    )
