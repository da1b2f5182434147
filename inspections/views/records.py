"""What staff add to a round beside its sheets (bonus and deduction items, photos), and the
private photo files themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.media import media_response
from villages.access import access_for

from .. import selectors, services
from ..access import round_for
from ..forms.records import AdjustmentForm, PhotoForm
from ..forms.rounds import ReasonForm
from ..models import Adjustment, SitePhoto
from ..photo_access import MISSING, PUBLIC, REFUSED, photo_verdict
from ..services import RoundError
from .common import round_page, show_errors


@login_required
def round_adjustments(request, pk):
    rnd = round_for(request, pk)
    can_manage = access_for(request).can_manage_office(rnd.office_id) and not rnd.is_published
    villages = selectors.scored_villages(rnd)
    form = None
    if can_manage:
        form = AdjustmentForm(
            request.POST or None, villages=villages, office=rnd.office, need_reason=rnd.is_closed
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.adjustment_add(
                    rnd=rnd,
                    form=form,
                    user=request.user,
                    reason=form.cleaned_data.get("correction_reason", ""),
                )
            except RoundError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("加减分已登记。"))
                return redirect("inspections:round-adjustments", pk=rnd.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("您不能修改本轮的加减分。"))
    return round_page(
        request,
        "inspections/round_adjustments.html",
        rnd,
        {
            "round": rnd,
            "adjustments": selectors.adjustments_for(rnd),
            "form": form,
            "can_manage": can_manage,
            "delete_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def adjustment_delete(request, pk):
    adjustment = get_object_or_404(Adjustment.objects.select_related("round"), pk=pk)
    rnd = round_for(request, adjustment.round_id, manage=True)
    reason = request.POST.get("reason", "")
    try:
        services.adjustment_delete(adjustment=adjustment, user=request.user, reason=reason)
    except RoundError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("已删除该加减分。"))
    return redirect("inspections:round-adjustments", pk=rnd.pk)


@login_required
def round_photos(request, pk):
    rnd = round_for(request, pk)
    can_manage = access_for(request).can_manage_office(rnd.office_id)
    villages = selectors.visited_villages(rnd, scored_only=False)
    form = PhotoForm(request.POST or None, request.FILES or None, villages=villages) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("只有办事处工作人员可以上传照片。"))
        if form.is_valid():
            services.photo_add(
                rnd=rnd,
                village=form.cleaned_data["village"],
                processed=form.processed,
                caption=form.cleaned_data["caption"],
                user=request.user,
            )
            messages.success(request, _("照片已上传。"))
            return redirect(reverse("inspections:round-photos", args=[rnd.pk]))
        messages.error(request, _("照片没有上传,请看下面的提示。"))
    return round_page(
        request,
        "inspections/round_photos.html",
        rnd,
        {"photos": selectors.photos_for(rnd), "form": form},
    )


@login_required
@require_POST
def photo_delete(request, pk):
    photo = get_object_or_404(SitePhoto, pk=pk)
    round_for(request, photo.round_id, manage=True)
    services.photo_delete(photo=photo)
    messages.success(request, _("照片已删除。"))
    return redirect("inspections:round-photos", pk=photo.round_id)


def photo_file(request, name):
    """An uploaded photo or its thumbnail, for those who may see the record it belongs to
    (inspections.photo_access); a photo of a public pledge for anyone."""
    verdict = photo_verdict(access_for(request), name)
    if verdict == MISSING:
        raise Http404(name)
    if verdict == REFUSED:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("您无权查看这张照片。"))
    response = media_response(name)
    if verdict == PUBLIC:
        response["Cache-Control"] = "public, max-age=86400"
    return response
