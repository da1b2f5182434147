import csv
import io
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import preferences, selectors, services
from .access import Denied, access_for, office_for, village_for
from .forms import (
    OfficeSettingsForm,
    PhotoDeleteForm,
    PledgeForm,
    PledgeProgressForm,
    PoolGuestForm,
    ReturnForm,
    RosterUploadForm,
)
from .models import Pledge, PledgePhoto, PoolGuest, Village
from .qr import qr_svg
from .roster import RosterError, roster_import_file, roster_template_rows


def favicon(request):
    """The icon at the address browsers try by themselves; its URL is looked up when asked, so the
    static files' manifest need not exist when the URLs load."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


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


@require_POST
def large_text_toggle(request):
    """The navigation bar's 大字模式 switch: on or off, then back to the page it was pressed on."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    return preferences.set_large_text(request, redirect(target), request.POST.get("on") == "1")


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


def privacy(request):
    """个人信息保护说明: what the system collects, why, who sees it, how long it is kept. No login."""
    return render(request, "privacy.html", {"audit_days": settings.AUDIT_RETENTION_DAYS})


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
    can_manage = access_for(request).can_manage_office(office.pk)
    today = timezone.localdate()
    villages = selectors.office_villages(office, today=today)
    from inspections.selectors import overdue_counts  # the office's rectification items

    unfinished, overdue = overdue_counts([office], today).get(office.pk, (0, 0))
    return render(
        request,
        "villages/office_detail.html",
        {
            "office": office,
            "villages": villages,
            "fulfilment": selectors.office_fulfilment([v.fulfilment for v in villages]),
            "pending": selectors.pending_pledges(office) if can_manage else [],
            "unfinished_items": unfinished,
            "overdue_items": overdue,
            "can_manage": can_manage,
            "return_form": ReturnForm(),
        },
    )


@login_required
def office_settings(request, pk):
    """An office's own settings, kept by its staff: honours and the bounds of bonuses and deductions."""
    office = office_for(request, pk, manage=True)
    form = OfficeSettingsForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        changed = services.office_settings_update(form=form, user=request.user)
        if changed:
            messages.success(request, _("已保存{office}的设置。").format(office=office.name))
        else:
            messages.info(request, _("设置没有变化。"))
        return redirect("villages:office-settings", pk=office.pk)
    return render(request, "villages/office_settings.html", {"office": office, "form": form})


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
            "fulfilment": selectors.fulfilment_now([village.pk], timezone.localdate()).get(village.pk),
            "can_edit": access.can_edit_pledges(village),
            "can_review": access.can_manage_office(village.office_id),
            "can_view_office": access.can_view_office(village.office_id),
            "return_form": ReturnForm(),
        },
    )


def _pledge_for(request, pk):
    pledge = get_object_or_404(Pledge.objects.select_related("village__office"), pk=pk)
    village_for(request, pledge.village_id, edit=True)
    return pledge


def _as_staff(request, village):
    return access_for(request).can_manage_office(village.office_id)


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
def pledge_create(request, village_pk):
    village = village_for(request, village_pk, edit=True)
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.pledge_save(form=form, village=village, user=request.user)
        messages.success(request, _("承诺事项已保存为草稿。确认无误后请“提交审核”,审核通过后才会公开。"))
        return redirect("villages:village-detail", pk=village.pk)
    return render(request, "villages/pledge_form.html", {"form": form, "village": village})


@login_required
def pledge_edit(request, pk):
    pledge = _pledge_for(request, pk)
    as_staff = _as_staff(request, pledge.village)
    if pledge.status == Pledge.Status.SUBMITTED or (pledge.is_public and not as_staff):
        raise Denied(
            _("这条承诺正在等待审核,不能修改;如需修改请先撤回。")
            if pledge.status == Pledge.Status.SUBMITTED
            else _("已公开的承诺只能由办事处工作人员修改,并须写明理由。"),
            back=reverse("villages:village-detail", args=[pledge.village_id]),
            back_label=_("返回承诺事项"),
        )
    form = PledgeForm(request.POST or None, instance=pledge, need_reason=pledge.is_public)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_save(
                form=form,
                village=pledge.village,
                user=request.user,
                as_staff=as_staff,
                reason=form.cleaned_data.get("reason", ""),
            )
        except services.PledgeError as error:
            _refused(request, error)
        else:
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
    try:
        services.pledge_delete(pledge=pledge, user=request.user)
    except services.PledgeError as error:
        _refused(request, error)
    else:
        messages.success(request, _("承诺事项“{title}”已删除。").format(title=pledge.title))
    return redirect("villages:village-detail", pk=village_id)


PLEDGE_ACTIONS = {
    "submit": gettext_lazy("已提交审核,办事处审核通过后公开。"),
    "withdraw": gettext_lazy("已撤回,承诺回到草稿。"),
    "publish": gettext_lazy("承诺已公开。"),
    "return": gettext_lazy("承诺已退回,书记修改后可再次提交。"),
}


@login_required
@require_POST
def pledge_action(request, pk, action):
    """提交审核 / 撤回 (secretary or staff); 公开 / 退回 (office staff)."""
    if action not in PLEDGE_ACTIONS:
        raise Http404
    pledge = _pledge_for(request, pk)
    as_staff = _as_staff(request, pledge.village)
    if action in ("publish", "return") and not as_staff:
        raise PermissionDenied(_("只有办事处工作人员可以审核承诺。"))
    try:
        if action == "submit":
            services.pledge_submit(pledge=pledge, user=request.user)
        elif action == "withdraw":
            services.pledge_withdraw(pledge=pledge, user=request.user)
        elif action == "publish":
            services.pledge_publish(pledge=pledge, user=request.user, as_staff=as_staff)
        else:
            form = ReturnForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.pledge_return(pledge=pledge, user=request.user, as_staff=as_staff, reason=reason)
    except services.PledgeError as error:
        _refused(request, error)
    else:
        messages.success(request, PLEDGE_ACTIONS[action])
    return redirect(_next_or(request, reverse("villages:village-detail", args=[pledge.village_id])))


def _next_or(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def pledge_progress(request, pk):
    pledge = _pledge_for(request, pk)
    if not pledge.is_public:
        raise Denied(
            _("承诺公开后才能填报季度进展。"),
            back=reverse("villages:village-detail", args=[pledge.village_id]),
            back_label=_("返回承诺事项"),
        )
    form = PledgeProgressForm(
        request.POST or None, request.FILES or None, initial={"quarter": request.GET.get("quarter")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_progress_record(
                pledge=pledge,
                user=request.user,
                quarter=form.cleaned_data["quarter"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                photos=form.cleaned_data["photos"],
                caption=form.cleaned_data["caption"],
            )
        except services.PledgeError as error:
            _refused(request, error)
        else:
            messages.success(request, _("季度进展已保存。"))
            return redirect("villages:village-detail", pk=pledge.village_id)
    return render(
        request,
        "villages/pledge_progress_form.html",
        {
            "form": form,
            "pledge": pledge,
            "village": pledge.village,
            "entries": pledge.progress.prefetch_related("photos").select_related("updated_by"),
            "can_remove_photos": not pledge.is_public or _as_staff(request, pledge.village),
        },
    )


@login_required
@require_POST
def pledge_photo_delete(request, pk):
    photo = get_object_or_404(PledgePhoto.objects.select_related("progress__pledge"), pk=pk)
    pledge = _pledge_for(request, photo.progress.pledge_id)
    form = PhotoDeleteForm(request.POST)
    if not form.is_valid():  # a reason longer than a history record holds
        for message in form.errors["reason"]:
            messages.error(request, message)
        return redirect("villages:pledge-progress", pk=pledge.pk)
    try:
        services.pledge_photo_delete(
            photo=photo,
            user=request.user,
            as_staff=_as_staff(request, pledge.village),
            reason=form.cleaned_data["reason"],
        )
    except services.PledgeError as error:
        _refused(request, error)
    else:
        messages.success(request, _("照片已删除。"))
    return redirect("villages:pledge-progress", pk=pledge.pk)


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


def _public_context(request, pk):
    village = get_object_or_404(Village.objects.with_current_secretary(), pk=pk)
    return {
        "village": village,
        "secretary": village.current_secretary,
        "pledges": selectors.village_pledges(village, public_only=True),
        "public_url": request.build_absolute_uri(reverse("villages:public-village", args=[village.pk])),
    }


def public_village(request, pk):
    return render(request, "villages/public_village.html", _public_context(request, pk))


def public_notice(request, pk):
    """公开承诺公示: the A4 notice for the village's notice board, with a QR code to the public page."""
    context = _public_context(request, pk)
    context["qr_svg"] = qr_svg(context["public_url"])
    context["today"] = timezone.localdate()
    return render(request, "villages/public_notice.html", context)
