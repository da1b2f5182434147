"""Scoring without a network: the installable app's manifest and service worker, and the JSON
the phone's outbox talks to (a fresh CSRF token, a round's criteria version, the upload of a
sheet kept while offline, through the same service as the online form)."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from villages.models import Village

from .. import services
from ..access import judge_round_for
from ..forms.sheets import ScoreSheetForm
from ..models import InspectionRound
from ..offline import OFFLINE_STATIC, criteria_version, offline_version
from ..services import RoundError, StaleSheetError


@require_GET
def service_worker(request):
    """/sw.js: at the site root, as a service worker's script must be to control /judging/.
    The judging pages register it with their user's id, so each user's caches are their own."""
    try:
        user = int(request.GET.get("user", "0"))
    except ValueError:
        user = 0
    config = {
        "user": max(user, 0),
        "version": offline_version(),
        "scope": reverse("inspections:judging"),
        "workbox": static("vendor/workbox/"),
        # Each Workbox module by its hashed name: /static/ is cached for good by the proxy, so an
        # unhashed name could bring an old module after an upgrade.
        "modules": {
            name: static(f"vendor/workbox/{name}.prod.js")
            for name in (
                "workbox-core",
                "workbox-routing",
                "workbox-strategies",
                "workbox-precaching",
                "workbox-cacheable-response",
            )
        },
        "precache": [static(name) for name in OFFLINE_STATIC],
        "static": settings.STATIC_URL,
        "outbox": reverse("inspections:offline-outbox"),
        "csrf": reverse("inspections:offline-csrf"),
    }
    body = (
        "/* 亮赛比 service worker: generated configuration, then the worker's code. */\n"
        f"self.LSB = {json.dumps(config)};\n"
        f"importScripts({json.dumps(static('vendor/workbox/workbox-sw.js'))}, "
        f"{json.dumps(static('js/outbox.js'))}, {json.dumps(static('js/sw.js'))});\n"
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # The browser checks for a new release on every judging page it opens.
    response["Cache-Control"] = "no-cache, max-age=0"
    return response


@require_GET
def manifest(request):
    data = {
        "name": _("亮赛比 · 我的评分"),
        "short_name": _("亮赛比评分"),
        "description": _("评委在手机上给各村打分，没有网络也能评分。"),
        "lang": "zh-CN",
        "start_url": reverse("inspections:judging"),
        "scope": reverse("inspections:judging"),
        "display": "standalone",
        "background_color": "#f8f9fa",
        "theme_color": "#b01e24",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def _refused(messages, status=400, **extra):
    return JsonResponse({"ok": False, "errors": list(messages), **extra}, status=status)


@never_cache
@require_GET
def csrf(request):
    """A fresh token for the outbox, fetched just before it sends (the kept page's may be old)."""
    if not request.user.is_authenticated:
        return _refused([_("登录已过期，请重新登录后再上传。")], status=401)
    return JsonResponse({"token": get_token(request), "user": request.user.pk})


@never_cache
@login_required
@require_GET
def round_version(request, pk):
    """What a kept score sheet compares itself with before scoring: if the criteria changed, the
    page is fetched again."""
    rnd = judge_round_for(request, pk)
    return JsonResponse(
        {"criteria": criteria_version(rnd.criteria.all()), "open": rnd.is_open, "status": rnd.status}
    )


def _payload(request):
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        return None
    try:
        return {
            "round": int(data["round"]),
            "village": int(data["village"]),
            "values": {
                str(k): "" if v is None else str(v) for k, v in dict(data.get("values") or {}).items()
            },
            "remark": str(data.get("remark") or ""),
            "submit": bool(data.get("submit")),
            "version": int(data.get("version") or 0),
        }
    except (KeyError, TypeError, ValueError):
        return None


@never_cache
@require_POST
def outbox(request):
    """One sheet from a phone's outbox: saved (draft or submitted) by `services.sheet_save`, as the
    online form saves it. Always for the user sending it. A sheet saved by someone since the phone
    kept it is refused (409) with the newer version; a rule's refusal (400) names the reason."""
    if not request.user.is_authenticated:
        return _refused([_("登录已过期，请重新登录后再上传。")], status=401)
    data = _payload(request)
    if data is None:
        return _refused([_("上传的评分表格式不正确。")])
    rnd = InspectionRound.objects.select_related("office").filter(pk=data["round"]).first()
    if rnd is None:
        return _refused([_("这一轮观摩已不存在。")], status=404)
    try:
        judge_round_for(request, rnd.pk)
    except PermissionDenied as error:
        return _refused([str(error) or _("您不是这一轮的评委。")], status=403)
    village = Village.objects.filter(pk=data["village"]).first()
    if village is None:
        return _refused([_("这个单位已不存在。")], status=404)
    if not rnd.is_open:
        return _refused([_("本轮当前不在评分中，评分表没有保存。")], status=400, kept=True)
    criteria = list(rnd.criteria.all())
    # Keyed by the form's field names (c<criterion id>), as the kept page's inputs are named.
    form_data = {(k if k.startswith("c") else f"c{k}"): value for k, value in data["values"].items()}
    form_data.update(remark=data["remark"], version=data["version"])
    form = ScoreSheetForm(form_data, criteria=criteria)
    form.is_valid()
    if data["submit"]:
        form.require_every_criterion()
    if form.errors:
        messages = []
        for name, errors in form.errors.items():
            criterion = next((c for c in criteria if f"c{c.pk}" == name), None)
            for error in errors:
                if criterion and criterion.name not in error:
                    messages.append(_("“{name}”：{error}").format(name=criterion.name, error=error))
                else:
                    messages.append(error)
        return _refused(messages, kept=True)
    try:
        sheet = services.sheet_save(
            rnd=rnd,
            village=village,
            judge=request.user,
            values=form.values,
            remark=form.cleaned_data["remark"],
            submit=data["submit"],
            actor=request.user,
            version=data["version"],
            criteria=criteria,
        )
    except StaleSheetError as error:
        return _refused(
            error.messages,
            status=409,
            conflict=True,
            version=error.sheet.version,
            submitted=error.sheet.is_submitted,
        )
    except RoundError as error:
        return _refused(error.messages, kept=True)
    return JsonResponse(
        {
            "ok": True,
            "version": sheet.version,
            "submitted": sheet.is_submitted,
            "village": village.pk,
            "message": (
                _("{village}的评分表已提交。") if sheet.is_submitted else _("{village}的草稿已保存。")
            ).format(village=village.name),
        }
    )
