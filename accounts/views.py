"""The office's people page (人员与账号): accounts and roles made by office staff, and the activation
page where a person sets their own password with the code from their slip."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from config.security import client_ip, log_event
from reports.documents.pdf import PdfUnavailable
from villages.access import office_for
from villages.models import Village

from . import identity, services
from .forms import ActivationForm, GrantForm, NewPersonForm, PersonActionForm, SecretaryAccountsForm
from .slips import activation_url, slips_pdf

User = get_user_model()
ACTIVATION_FAILURES_PER_HOUR = 20  # wrong codes from one address (each code also dies after five)


def _manage(request, pk):
    return office_for(request, pk, manage=True)


def _base_url(request):
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def _slips_page(request, office, slips, title):
    response = render(
        request,
        "accounts/slips.html",
        {
            "office": office,
            "slips": slips,
            "title": title,
            "activation_url": activation_url(_base_url(request)),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _office_person(office, user_pk):
    """An account listed on the office's people page (holding a role here), else 404."""
    user = get_object_or_404(User, pk=user_pk)
    person = next((p for p in services.people(office) if p.user is not None and p.user.pk == user.pk), None)
    if person is None:
        raise Http404(_("该账号在本办事处没有角色。"))
    return person


@login_required
def people(request, pk):
    return _people_with(request, _manage(request, pk))


def _people_with(request, office, **forms):
    context = {
        "office": office,
        "people": services.people(office),
        "secretaries_form": SecretaryAccountsForm(),
        "new_form": NewPersonForm(),
        "grant_form": GrantForm(office=office),
        "history": services.office_history(office),
    }
    context.update(forms)
    return render(request, "accounts/people.html", context)


@login_required
@require_POST
def create_secretaries(request, pk):
    office = _manage(request, pk)
    form = SecretaryAccountsForm(request.POST)
    if not form.is_valid():
        return _people_with(request, office, secretaries_form=form)
    slips = services.create_secretary_accounts(office, by=request.user, reason=form.cleaned_data["reason"])
    if not slips:
        messages.info(request, _("每位现任书记都已有账号，没有新开通的账号。"))
        return redirect("accounts:people", pk=office.pk)
    return _slips_page(request, office, slips, _("已为 {n} 位书记开通账号").format(n=len(slips)))


@login_required
@require_POST
def create_person(request, pk):
    office = _manage(request, pk)
    form = NewPersonForm(request.POST)
    if form.is_valid():
        try:
            slip = services.create_person(
                office,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                note=form.cleaned_data["note"],
                username=form.cleaned_data["username"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            return _slips_page(request, office, [slip], _("已开通 {name} 的账号").format(name=slip.name))
    return _people_with(request, office, new_form=form)


@login_required
@require_POST
def grant(request, pk):
    office = _manage(request, pk)
    form = GrantForm(request.POST, office=office)
    if form.is_valid():
        try:
            label = services.grant_role(
                office,
                user=form.cleaned_data["account"],
                role=form.cleaned_data["role"],
                village=form.cleaned_data["village"],
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            user = form.cleaned_data["account"]
            messages.success(
                request,
                _("已授予{name}角色：{role}。").format(
                    name=user.get_full_name() or user.username, role=label
                ),
            )
            return redirect("accounts:people", pk=office.pk)
    return _people_with(request, office, grant_form=form)


@login_required
@require_POST
def reissue(request, pk):
    """New codes for every account of the office not yet activated (lost or expired slips)."""
    office = _manage(request, pk)
    form = SecretaryAccountsForm(request.POST)  # a reason only
    if not form.is_valid():
        messages.error(request, _("请填写理由。"))
        return redirect("accounts:people", pk=office.pk)
    waiting = [p.user for p in services.people(office) if p.state in ("pending", "expired")]
    try:
        slips = services.reissue_codes(
            office, users=waiting, by=request.user, reason=form.cleaned_data["reason"]
        )
    except services.AccountError as error:
        messages.error(request, error.message)
        return redirect("accounts:people", pk=office.pk)
    if not slips:
        messages.info(request, _("没有待激活的账号。"))
        return redirect("accounts:people", pk=office.pk)
    return _slips_page(request, office, slips, _("已为 {n} 个待激活账号重新生成开通码").format(n=len(slips)))


@login_required
def person(request, pk, user_pk):
    office = _manage(request, pk)
    member = _office_person(office, user_pk)
    user = member.user
    form = PersonActionForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("accounts:person", pk=office.pk, user_pk=user.pk)
        data = form.cleaned_data
        action, reason = data["action"], data["reason"]
        try:
            if action == "revoke":
                village = (
                    Village.objects.filter(pk=data["village"], office=office).first()
                    if data["village"]
                    else None
                )
                services.revoke_role(
                    office, user=user, role=data["role"], village=village, reason=reason, by=request.user
                )
                messages.success(request, _("已取消该角色。"))
            elif action == "reset":
                slip = services.reset_access(office, user=user, reason=reason, by=request.user)
                slip.roles = [label for _role, label, _village in member.roles]
                return _slips_page(request, office, [slip], _("已重置 {name} 的登录").format(name=slip.name))
            elif action == "disable":
                services.disable_account(office, user=user, reason=reason, by=request.user)
                messages.success(
                    request, _("已停用账号{username}，其登录已全部退出。").format(username=user.username)
                )
            else:
                services.enable_account(office, user=user, reason=reason, by=request.user)
                messages.success(request, _("已启用账号{username}。").format(username=user.username))
        except services.AccountError as error:
            messages.error(request, error.message)
        if action == "revoke" and not any(p.user and p.user.pk == user.pk for p in services.people(office)):
            return redirect("accounts:people", pk=office.pk)
        return redirect("accounts:person", pk=office.pk, user_pk=user.pk)
    return render(
        request,
        "accounts/person.html",
        {
            "office": office,
            "person": member,
            "elsewhere": services.roles_elsewhere(office, user),
            "history": services.person_history(office, user),
        },
    )


@login_required
@require_POST
@never_cache
def slips_download(request, pk):
    """The slips just shown, as an A4 PDF. The codes come back from the page (they are stored only
    as hashes); each is checked against its account's current code before it is printed."""
    office = _manage(request, pk)
    usernames, codes = request.POST.getlist("username"), request.POST.getlist("code")
    listed = {p.user.username: p for p in services.people(office) if p.user is not None}
    slips = []
    for username, code in zip(usernames, codes, strict=False):
        member = listed.get(username)
        if member is None or not services.verify_slip(member.user, code):
            continue
        slips.append(
            services.Slip(
                name=member.name,
                username=username,
                code=services.normalise_code(code),
                expires_at=member.code_expires,
                roles=[label for _role, label, _village in member.roles],
            )
        )
    if not slips:
        messages.error(request, _("这些开通码已经使用或失效，无法打印。请重新生成开通码。"))
        return redirect("accounts:people", pk=office.pk)
    try:
        pdf = slips_pdf(slips, office=office, base_url=_base_url(request))
    except PdfUnavailable:
        return render(request, "reports/pdf_unavailable.html", status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="activation-slips.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("code", "new_password1", "new_password2")
@never_cache
def activate(request):
    """No login: username + code from the slip, then the person's own password."""
    initial = {"username": request.GET.get("u", "")[:150]}
    form = ActivationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        key = "activation-failures:" + client_ip(request)
        if cache.get(key, 0) >= ACTIVATION_FAILURES_PER_HOUR:
            log_event("activation_throttled", request=request, level=logging.WARNING)
            messages.error(request, _("输错次数过多，请一小时后再试，或请办事处工作人员协助。"))
            return render(
                request, "accounts/activate.html", {"form": ActivationForm(initial=initial)}, status=429
            )
        if form.is_valid():
            try:
                services.activate(form.user, form.code, form.cleaned_data["new_password1"])
            except services.AccountError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("账号已开通，请用用户名和新密码登录。"))
                return redirect("login")
        elif form.user is None and "__all__" in form.errors:
            # A wrong or spent code (not a weak password): counted per address, besides per code.
            cache.add(key, 0, timeout=3600)
            cache.incr(key)
    return render(request, "accounts/activate.html", {"form": form})


# --- identity and sessions (accounts/identity.py) --------------------------------------------


class PasswordChange(auth_views.PasswordChangeView):
    """Django's change page; a password that had to be changed no longer must, and the new one's
    expiry is noted in the session."""

    def form_valid(self, form):
        response = super().form_valid(form)
        identity.note_password_state(self.request.session, form.user)
        log_event("password_changed", request=self.request, username=form.user.get_username())
        return response


@require_POST
@login_required
def logout_everywhere(request):
    """Ends every session of the account (other browsers and phones too), then this one."""
    ended = services.end_sessions(request.user)
    log_event("logout_everywhere", request=request, sessions=ended)
    logout(request)
    messages.success(request, _("已退出所有设备上的登录，请重新登录。"))
    return redirect("login")


@never_cache
def session_status(request):
    """GET: seconds until the idle logout (not counted as activity); POST: stay logged in."""
    if not request.user.is_authenticated:
        return JsonResponse({"remaining": 0, "expired": True})
    if request.method == "POST":
        request.session[identity.SEEN_AT] = time.time()
    return JsonResponse({"remaining": identity.idle_remaining(request.session), "expired": False})
