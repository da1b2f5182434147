import csv
import io
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import access_for, office_for, village_for
from .forms import PledgeForm, PledgeProgressForm, PoolGuestForm, RosterUploadForm
from .models import Pledge, PoolGuest, Village
from .roster import RosterError, roster_import_file, roster_template_rows


@login_required
def home(request):
    return redirect(access_for(request).home_url())


def _previous_page(request, *, besides=None):
    """The page the user came from, if it is one of ours and not the refused page itself."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    if urlsplit(referer).path in (request.path, besides):
        return None
    return referer


def permission_denied(request, exception=None):
    """403: what was refused, and the way back: the nearest page the user may open when the
    refusal knows it, the page they came from, and their home page."""
    back = getattr(exception, "back", None)
    message = exception.args[0] if exception is not None and exception.args else ""
    request.denied_reason = str(message)  # for the security log's "denied" line
    return render(
        request,
        "403.html",
        {
            "message": message,
            "back": back,
            "back_label": getattr(exception, "back_label", None),
            "previous": _previous_page(request, besides=back),
        },
        status=403,
    )


def csrf_failure(request, reason=""):
    """A form refused because its security token is missing or stale (an old tab, a lost cookie)."""
    request.denied_reason = f"CSRF: {reason}"
    return render(
        request,
        "403.html",
        {
            "message": _("表单已过期或无法验证来源,没有保存。请返回上一页,刷新后重新提交。"),
            "previous": _previous_page(request),
        },
        status=403,
    )


@login_required
def no_role(request):
    return render(request, "villages/no_role.html")


@login_required
def office_list(request):
    access = access_for(request)
    if not (access.reads_all_offices or access.readable_office_ids):
        raise PermissionDenied(_("您没有查看办事处列表的权限。"))
    return render(request, "villages/office_list.html", {"offices": selectors.office_list(access)})


@login_required
def office_detail(request, pk):
    office = office_for(request, pk)
    return render(
        request,
        "villages/office_detail.html",
        {
            "office": office,
            "villages": selectors.office_villages(office),
            "can_manage": access_for(request).can_manage_office(office.pk),
        },
    )


@login_required
def judge_pool(request, pk):
    """评委库: who the office may invite as judges; its staff name guests here."""
    office = office_for(request, pk)
    can_manage = access_for(request).can_manage_office(office.pk)
    pool = selectors.judge_pool(office)
    form = PoolGuestForm(request.POST or None, pool=pool) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("只有办事处工作人员可以修改评委库。"))
        if form.is_valid():
            guest = services.pool_guest_add(
                office=office,
                user=form.cleaned_data["account"],
                note=form.cleaned_data["note"],
                added_by=request.user,
            )
            messages.success(
                request,
                _("已把{name}加入评委库。").format(name=guest.user.get_full_name() or guest.user.username),
            )
            return redirect("villages:judge-pool", pk=office.pk)
    return render(
        request,
        "villages/judge_pool.html",
        {"office": office, "pool": pool, "form": form, "can_manage": can_manage},
    )


@login_required
@require_POST
def pool_guest_remove(request, pk):
    guest = get_object_or_404(PoolGuest.objects.select_related("user"), pk=pk)
    office_for(request, guest.office_id, manage=True)
    services.pool_guest_remove(guest=guest)
    messages.success(
        request, _("已把{name}移出评委库。").format(name=guest.user.get_full_name() or guest.user.username)
    )
    return redirect("villages:judge-pool", pk=guest.office_id)


@login_required
def my_villages(request):
    ids = access_for(request).secretary_village_ids
    villages = Village.objects.with_current_secretary().filter(pk__in=ids)
    return render(request, "villages/my_villages.html", {"villages": villages})


@login_required
def village_detail(request, pk):
    village = village_for(request, pk)
    access = access_for(request)
    return render(
        request,
        "villages/village_detail.html",
        {
            "village": village,
            "pledges": selectors.village_pledges(village),
            "secretaries": selectors.village_secretaries(village),
            "can_edit": access.can_edit_pledges(village),
            "can_view_office": access.can_view_office(village.office_id),
        },
    )


def _pledge_for(request, pk):
    pledge = get_object_or_404(Pledge.objects.select_related("village__office"), pk=pk)
    village_for(request, pledge.village_id, edit=True)
    return pledge


@login_required
def pledge_create(request, village_pk):
    village = village_for(request, village_pk, edit=True)
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.pledge_save(form=form, village=village)
        messages.success(request, _("承诺事项已保存。"))
        return redirect("villages:village-detail", pk=village.pk)
    return render(request, "villages/pledge_form.html", {"form": form, "village": village})


@login_required
def pledge_edit(request, pk):
    pledge = _pledge_for(request, pk)
    form = PledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid():
        services.pledge_save(form=form, village=pledge.village)
        messages.success(request, _("承诺事项已更新。"))
        return redirect("villages:village-detail", pk=pledge.village_id)
    return render(
        request, "villages/pledge_form.html", {"form": form, "village": pledge.village, "pledge": pledge}
    )


@login_required
@require_POST
def pledge_delete(request, pk):
    pledge = _pledge_for(request, pk)
    village_id = pledge.village_id
    pledge.delete()
    messages.success(request, _("承诺事项“{title}”已删除。").format(title=pledge.title))
    return redirect("villages:village-detail", pk=village_id)


@login_required
def pledge_progress(request, pk):
    pledge = _pledge_for(request, pk)
    form = PledgeProgressForm(request.POST or None, initial={"quarter": request.GET.get("quarter")})
    if request.method == "POST" and form.is_valid():
        services.pledge_progress_record(pledge=pledge, user=request.user, **form.cleaned_data)
        messages.success(request, _("季度进展已保存。"))
        return redirect("villages:village-detail", pk=pledge.village_id)
    return render(
        request,
        "villages/pledge_progress_form.html",
        {"form": form, "pledge": pledge, "village": pledge.village, "entries": pledge.progress.all()},
    )


@login_required
def roster_import(request):
    access = access_for(request)
    if not access.is_staff_member:
        raise PermissionDenied(_("只有办事处工作人员和管理员可以导入名单。"))
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    problems, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = roster_import_file(
                upload.name,
                upload.read(),
                allowed_office_ids=None if access.is_admin else access.staff_office_ids,
                may_create_offices=access.is_admin,
            )
        except RosterError as error:
            problems = error.problems
            messages.error(request, _("导入失败,没有写入任何数据。请修改以下问题后重新上传。"))
        else:
            if result.changed:
                messages.success(request, _("名单导入成功。"))
            else:
                messages.info(request, _("名单与系统中一致,没有变化。"))
    return render(
        request,
        "villages/roster_import.html",
        {"form": form, "problems": problems, "result": result, "offices": access.managed_offices()},
    )


@login_required
def roster_template(request, fmt):
    if not access_for(request).is_staff_member:
        raise PermissionDenied(_("只有办事处工作人员和管理员可以下载名单模板。"))
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = roster_template_rows()
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        filename = "roster-template.csv"
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "名单"
        for row in rows:
            sheet.append(row)
        for column, width in zip("ABCDE", (22, 18, 12, 14, 16), strict=True):
            sheet.column_dimensions[column].width = width
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = "roster-template.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def public_index(request):
    return render(request, "villages/public_index.html", {"villages": selectors.public_villages()})


def public_village(request, pk):
    village = get_object_or_404(Village.objects.select_related("office"), pk=pk)
    return render(
        request,
        "villages/public_village.html",
        {"village": village, "pledges": selectors.village_pledges(village, public_only=True)},
    )
