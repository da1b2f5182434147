"""Accounts for an office's people, made in the product: every way in (pages, the command, the
admin) goes through these functions.

- A new account has no password: it gets a one-time activation code (开通码), valid
  ACTIVATION_CODE_DAYS days, stored only as a keyed hash. Staff print it on a slip (开通单) or read
  it out; the person sets their own password on the activation page. Nobody else ever sees it.
- Roles: staff and leader (Membership), secretary (the village's current Secretary tenure linked to
  the account) and guest judge (PoolGuest). Each grant and removal needs a reason and is kept as a
  RoleChange (who, when, why) and written to the security log.
- Resetting access issues a new code, makes the password unusable and ends the person's sessions;
  disabling ends them at once.
Refusals are AccountError with a Chinese message; nothing is half-written.
"""

import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from config.security import log_event_on_commit
from villages import services as village_services
from villages.models import Membership, PoolGuest, Secretary, Village
from villages.text import clean_name, clean_text, has_visible_text

from .models import ActivationCode, RoleChange

User = get_user_model()
R = RoleChange.Role
A = RoleChange.Action

# No 0/O, 1/I/L: a code read out over the phone or copied from paper is not misread.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_FAILED_ATTEMPTS = 5
USERNAME_PREFIX = {R.SECRETARY: "sj", R.STAFF: "gz", R.LEADER: "ld", R.GUEST_JUDGE: "pw"}


def now():
    """The clock the codes are checked against (tests may replace it)."""
    return timezone.now()


class AccountError(Exception):
    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


@dataclass
class Slip:
    """What one cut-out slip (开通单) shows. The code exists only here, never in the database."""

    name: str
    username: str
    code: str
    expires_at: object
    roles: list = field(default_factory=list)

    @property
    def code_shown(self):
        return f"{self.code[:4]}-{self.code[4:]}"


# --- codes -------------------------------------------------------------------------------


def code_days():
    return int(getattr(settings, "ACTIVATION_CODE_DAYS", 7))


def normalise_code(typed):
    """What a person typed as the code: full-width letters, spaces, dashes and case forgiven."""
    value = unicodedata.normalize("NFKC", typed or "").upper()
    return "".join(char for char in value if char.isalnum())


def _digest(user, code):
    return salted_hmac("accounts.ActivationCode", f"{user.pk}:{code}", algorithm="sha256").hexdigest()


def _new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _revoke_codes(user, at):
    ActivationCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=at
    )


def issue_code(user, *, by=None):
    """A new code for `user`; every earlier unused code stops working. Returns the code itself."""
    at = now()
    _revoke_codes(user, at)
    code = _new_code()
    ActivationCode.objects.create(
        user=user,
        code_hash=_digest(user, code),
        created_at=at,
        expires_at=at + timedelta(days=code_days()),
        created_by=by,
    )
    return code


def _usable_code(user):
    return (
        ActivationCode.objects.filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now()
        )
        .order_by("-created_at", "-id")
        .first()
    )


def check_code(username, typed_code):
    """The account and its code if `typed_code` is the account's current code; else AccountError.

    A wrong code counts against the code: after MAX_FAILED_ATTEMPTS it is void and staff must
    issue a new one (so a code cannot be guessed)."""
    refused = _("用户名或开通码不正确，或开通码已过期、已使用。请核对开通单，或请办事处工作人员重新开通。")
    username = clean_name(username or "", label=_("用户名"))
    active = User.objects.filter(is_active=True)
    user = active.filter(username=username).first()
    if user is None:  # typed in another case: "SJ0001" for sj0001, when only one account matches
        matches = list(active.filter(username__iexact=username)[:2])
        user = matches[0] if len(matches) == 1 else None
    code = normalise_code(typed_code)
    if user is None or not code:
        raise AccountError(refused)
    with transaction.atomic():
        current = _usable_code(user)
        if current is None:
            raise AccountError(refused)
        current = ActivationCode.objects.select_for_update().get(pk=current.pk)
        if constant_time_compare(current.code_hash, _digest(user, code)):
            return user, current
        current.failed_attempts += 1
        if current.failed_attempts >= MAX_FAILED_ATTEMPTS:
            current.revoked_at = now()
        current.save(update_fields=["failed_attempts", "revoked_at"])
        log_event_on_commit("activation_failed", username=user.username, attempts=current.failed_attempts)
    raise AccountError(refused)


@transaction.atomic
def activate(user, code, password):
    """Set the person's own password with their code; the code is then spent."""
    code = ActivationCode.objects.select_for_update().get(pk=code.pk)
    if not code.is_usable(now()):
        raise AccountError(_("开通码已经使用或已失效，请办事处工作人员重新开通。"))
    at = now()
    code.used_at = at
    code.save(update_fields=["used_at"])
    _revoke_codes(user, at)
    user.set_password(password)
    user.save(update_fields=["password"])
    _record(A.ACTIVATE, user, by=user)
    return user


def verify_slip(user, typed_code):
    """True when `typed_code` is the account's current, unspent code (the slip is right to print)."""
    current = _usable_code(user)
    return current is not None and constant_time_compare(
        current.code_hash, _digest(user, normalise_code(typed_code))
    )


# --- sessions -------------------------------------------------------------------------------


def end_sessions(user, *, keep=None):
    """Delete every stored session of the account but `keep` (a session key) (database sessions). Other session engines end
    at the next request anyway: a disabled account is not loaded, a reset password no longer
    matches the session's hash."""
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return 0
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.session_key)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in ended:
        store(session_key=key).delete()
    return len(ended)


# --- the record -------------------------------------------------------------------------


def _reason(reason, *, required=True):
    reason = clean_text(reason)[:2000]
    if required and not has_visible_text(reason):
        raise AccountError(_("请填写理由：每次开通、授予或取消角色、重置和停用都要写明原因。"))
    return reason


def _record(action, person, *, by=None, office=None, role="", scope="", reason=""):
    RoleChange.objects.create(
        person=person,
        username=person.username,
        action=action,
        role=role,
        office=office,
        scope=scope,
        reason=reason,
        changed_by=by,
        changed_at=now(),
    )
    log_event_on_commit(
        "account_" + action,
        person=person.username,
        role=role or None,
        office=office.name if office else None,
        scope=scope or None,
        reason=reason or None,
        by=by.get_username() if by is not None else None,
    )


# --- accounts -------------------------------------------------------------------------------


def _free_username(prefix):
    taken = set(User.objects.filter(username__startswith=prefix).values_list("username", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


def _clean_username(username):
    username = clean_name(username or "", label=_("用户名"))
    if not username:
        return ""
    try:
        User.username_validator(username)
    except Exception:
        raise AccountError(_("用户名只能包含字母、数字和 @ . + - _ 字符。"))
    if len(username) > 150:
        raise AccountError(_("用户名不能超过 150 个字符。"))
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("用户名“{username}”已被使用，请换一个。").format(username=username))
    return username


def _new_account(name, *, role, username="", by=None, office=None, reason=""):
    name = clean_name(name, label=_("姓名"))
    if not has_visible_text(name):
        raise AccountError(_("请填写姓名。"))
    if len(name) > 150:
        raise AccountError(_("姓名不能超过 150 个字符。"))
    username = _clean_username(username) or _free_username(USERNAME_PREFIX[role])
    user = User(username=username, first_name=name)
    user.set_unusable_password()
    user.save()
    _record(A.CREATE, user, by=by, office=office, reason=reason)
    return user


def _slip(user, code, roles):
    return Slip(
        name=user.get_full_name() or user.username,
        username=user.username,
        code=code,
        expires_at=now() + timedelta(days=code_days()),
        roles=roles,
    )


@transaction.atomic
def create_secretary_accounts(office, *, by=None, reason=""):
    """One account for every current secretary of the office's villages who has none; returns
    their slips. Running it again creates nothing (each tenure is linked to its account)."""
    reason = _reason(reason or _("按花名册为现任党支部书记开通账号。"))
    tenures = (
        Secretary.objects.current()
        .select_for_update(of=("self",))
        .filter(village__office=office, user__isnull=True)
        .select_related("village")
        .order_by("village__sort_order", "village__name")
    )
    slips = []
    for tenure in tenures:
        user = _new_account(tenure.name, role=R.SECRETARY, by=by, office=office, reason=reason)
        _link_tenure(tenure, user, by=by)
        _record(
            A.GRANT, user, by=by, office=office, role=R.SECRETARY, scope=tenure.village.name, reason=reason
        )
        slips.append(
            _slip(user, issue_code(user, by=by), [_("书记 · {village}").format(village=tenure.village.name)])
        )
    return slips


@transaction.atomic
def create_person(office, *, name, role, by=None, reason, username="", note="", village=None):
    """A new account for one person of the office, with its first role; returns the slip."""
    reason = _reason(reason)
    if role == R.SECRETARY and village is None:
        raise AccountError(_("请选择书记所在的村（社区）。"))
    user = _new_account(name, role=role, username=username, by=by, office=office, reason=reason)
    label = _grant(office, user, role, by=by, reason=reason, note=note, village=village)
    return _slip(user, issue_code(user, by=by), [label])


# --- roles ----------------------------------------------------------------------------------


def _link_tenure(tenure, user, *, by=None):
    tenure.user = user
    tenure._history_user = by
    tenure.save(update_fields=["user"])


def _current_tenure(office, village):
    if village is None or village.office_id != office.pk:
        raise AccountError(_("请选择本办事处的村（社区）。"))
    tenure = Secretary.objects.current().select_for_update().filter(village=village).first()
    if tenure is None:
        raise AccountError(_("{village}目前没有现任书记：请先导入名单。").format(village=village.name))
    return tenure


def _grant(office, user, role, *, by, reason, note="", village=None):
    if role in (R.STAFF, R.LEADER):
        _membership, created = Membership.objects.get_or_create(user=user, role=role, office=office)
        if not created:
            raise AccountError(
                _("{name}已经是{office}的{role}。").format(
                    name=_display(user), office=office.name, role=RoleChange.Role(role).label
                )
            )
        label, scope = str(RoleChange.Role(role).label), ""
    elif role == R.SECRETARY:
        tenure = _current_tenure(office, village)
        if tenure.user_id == user.pk:
            raise AccountError(
                _("{name}已经是{village}的书记。").format(name=_display(user), village=village.name)
            )
        if tenure.user_id is not None:
            raise AccountError(
                _("{village}的现任书记已关联账号{username}：请先取消。").format(
                    village=village.name, username=tenure.user.username
                )
            )
        _link_tenure(tenure, user, by=by)
        label, scope = _("书记 · {village}").format(village=village.name), village.name
    elif role == R.GUEST_JUDGE:
        if PoolGuest.objects.filter(office=office, user=user).exists():
            raise AccountError(_("{name}已经是本办事处的特邀评委。").format(name=_display(user)))
        village_services.pool_guest_add(office=office, user=user, note=clean_text(note)[:100], added_by=by)
        label, scope = _("特邀评委"), clean_text(note)[:100]
    else:
        raise AccountError(_("未知角色。"))
    _record(A.GRANT, user, by=by, office=office, role=role, scope=scope, reason=reason)
    return label


@transaction.atomic
def grant_role(office, *, user, role, by=None, reason, note="", village=None):
    reason = _reason(reason)
    if not user.is_active:
        raise AccountError(_("账号{username}已停用：请先启用。").format(username=user.username))
    return _grant(office, user, role, by=by, reason=reason, note=note, village=village)


@transaction.atomic
def revoke_role(office, *, user, role, by=None, reason, village=None):
    reason = _reason(reason)
    scope = ""
    if role in (R.STAFF, R.LEADER):
        if by is not None and by.pk == user.pk and role == R.STAFF:
            raise AccountError(_("不能取消自己的工作人员角色：请另一位工作人员操作。"))
        deleted, _rows = Membership.objects.filter(user=user, role=role, office=office).delete()
        if not deleted:
            raise AccountError(_("{name}没有这个角色。").format(name=_display(user)))
    elif role == R.SECRETARY:
        tenure = _current_tenure(office, village)
        if tenure.user_id != user.pk:
            raise AccountError(
                _("{name}不是{village}的现任书记。").format(name=_display(user), village=village.name)
            )
        _link_tenure(tenure, None, by=by)
        scope = village.name
    elif role == R.GUEST_JUDGE:
        guest = PoolGuest.objects.filter(office=office, user=user).first()
        if guest is None:
            raise AccountError(_("{name}不是本办事处的特邀评委。").format(name=_display(user)))
        village_services.pool_guest_remove(guest=guest)
    else:
        raise AccountError(_("未知角色。"))
    _record(A.REVOKE, user, by=by, office=office, role=role, scope=scope, reason=reason)


# --- access ---------------------------------------------------------------------------------


def _display(user):
    return user.get_full_name() or user.username


def roles_elsewhere(office, user):
    """The account's roles outside `office` (then only an administrator resets or disables it)."""
    elsewhere = []
    if user.is_superuser:
        elsewhere.append(_("系统管理员"))
    for m in Membership.objects.filter(user=user).exclude(office=office).select_related("office"):
        elsewhere.append(f"{m.get_role_display()} · {m.office.name if m.office_id else _('全区')}")
    for tenure in (
        Secretary.objects.current()
        .filter(user=user)
        .exclude(village__office=office)
        .select_related("village")
    ):
        elsewhere.append(_("书记 · {village}").format(village=tenure.village.name))
    for guest in PoolGuest.objects.filter(user=user).exclude(office=office).select_related("office"):
        elsewhere.append(_("特邀评委 · {office}").format(office=guest.office.name))
    return elsewhere


def _check_manageable(office, user, by):
    if by is not None and by.pk == user.pk:
        raise AccountError(_("不能重置或停用自己的账号。"))
    if by is not None and by.is_superuser:
        return
    elsewhere = roles_elsewhere(office, user)
    if elsewhere:
        raise AccountError(
            _("{name}在其他地方还有角色（{roles}），请联系系统管理员处理。").format(
                name=_display(user), roles="、".join(elsewhere)
            )
        )


@transaction.atomic
def reset_access(office, *, user, by=None, reason):
    """A new code; the old code and password stop working and every session of the account ends."""
    reason = _reason(reason)
    _check_manageable(office, user, by)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    code = issue_code(user, by=by)
    _record(A.RESET, user, by=by, office=office, reason=reason)
    end_sessions(user)  # in the same transaction: refused, nothing ends
    return _slip(user, code, [])


@transaction.atomic
def reissue_codes(office, *, users, by=None, reason):
    """New codes for accounts not yet activated (a lost or expired slip): their old codes end.
    Accounts holding roles outside the office are skipped."""
    reason = _reason(reason)
    slips = []
    for user in users:
        if user.has_usable_password() or not user.is_active:
            continue
        try:
            _check_manageable(office, user, by)
        except AccountError:
            continue  # a role elsewhere too: an administrator's, from the person's page
        code = issue_code(user, by=by)
        _record(A.RESET, user, by=by, office=office, reason=reason)
        slips.append(_slip(user, code, []))
    return slips


@transaction.atomic
def disable_account(office, *, user, by=None, reason):
    reason = _reason(reason)
    _check_manageable(office, user, by)
    if not user.is_active:
        raise AccountError(_("账号{username}已经停用。").format(username=user.username))
    user.is_active = False
    user.save(update_fields=["is_active"])
    _revoke_codes(user, now())
    _record(A.DISABLE, user, by=by, office=office, reason=reason)
    end_sessions(user)  # in the same transaction: refused, nothing ends


@transaction.atomic
def enable_account(office, *, user, by=None, reason):
    reason = _reason(reason)
    _check_manageable(office, user, by)
    if user.is_active:
        raise AccountError(_("账号{username}没有停用。").format(username=user.username))
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record(A.ENABLE, user, by=by, office=office, reason=reason)


# --- the office's people ------------------------------------------------------------------


@dataclass
class Person:
    """One person of the office's people page: an account with its roles here, or a current
    secretary who has no account yet (user None)."""

    user: object = None
    name: str = ""
    roles: list = field(default_factory=list)  # [(role, label, village or None)]
    state: str = ""
    code_expires: object = None

    @property
    def state_label(self):
        return {
            "none": _("未开通"),
            "pending": _("待激活"),
            "expired": _("开通码已失效"),
            "active": _("已开通"),
            "disabled": _("已停用"),
        }[self.state]


def people(office):
    """Everyone holding a role in the office, leaders first, then staff, secretaries (with and
    without accounts) and guest judges. Five queries."""
    by_user, order, without = {}, {}, []

    def add(user, role, label, village=None, group=9):
        person = by_user.setdefault(user.pk, Person(user=user, name=_display(user)))
        person.roles.append((role, label, village))
        order[user.pk] = min(order.get(user.pk, 9), group)

    for m in Membership.objects.filter(office=office).select_related("user").order_by("role"):
        add(m.user, m.role, m.get_role_display(), group=0 if m.role == Membership.Role.LEADER else 1)
    tenures = (
        Secretary.objects.current()
        .filter(village__office=office)
        .select_related("user", "village")
        .order_by("village__sort_order", "village__name")
    )
    for tenure in tenures:
        label = _("书记 · {village}").format(village=tenure.village.name)
        if tenure.user_id:
            add(tenure.user, R.SECRETARY, label, tenure.village, group=2)
        else:
            without.append(
                Person(name=tenure.name, roles=[(R.SECRETARY, label, tenure.village)], state="none")
            )
    for guest in PoolGuest.objects.filter(office=office).select_related("user"):
        add(guest.user, R.GUEST_JUDGE, _("特邀评委") + (f" · {guest.note}" if guest.note else ""), group=3)
    codes = {}
    for code in ActivationCode.objects.filter(
        user_id__in=by_user, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now()
    ):
        codes[code.user_id] = max(codes.get(code.user_id, code.expires_at), code.expires_at)
    for pk, person in by_user.items():
        user = person.user
        if not user.is_active:
            person.state = "disabled"
        elif user.has_usable_password():
            person.state = "active"
        elif pk in codes:
            person.state, person.code_expires = "pending", codes[pk]
        else:
            person.state = "expired"
    listed = sorted(by_user.values(), key=lambda p: (order[p.user.pk], p.user.username))
    return listed + without


def person_history(office, user):
    return RoleChange.objects.filter(person=user).select_related("changed_by", "office")[:100]


def office_history(office, limit=50):
    return RoleChange.objects.filter(office=office).select_related("changed_by")[:limit]


def villages_of(office):
    return Village.objects.filter(office=office).order_by("sort_order", "name")


# --- the admin ------------------------------------------------------------------------------

ADMIN_REASON = "（系统管理后台，未填写理由）"


def admin_reason(reason):
    return clean_text(reason)[:2000] or ADMIN_REASON


def record_admin_membership(membership, *, action, by, reason=""):
    """A role given or taken in the admin's user page: kept like one given on the people page."""
    _record(
        action,
        membership.user,
        by=by,
        office=membership.office,
        role=membership.role,
        scope="" if membership.office_id else _("全区"),
        reason=admin_reason(reason),
    )


def record_admin_tenure(tenure, user, *, action, by, reason=""):
    _record(
        action,
        user,
        by=by,
        office=tenure.village.office,
        role=R.SECRETARY,
        scope=tenure.village.name,
        reason=admin_reason(reason),
    )


def admin_active_changed(user, *, by, reason=""):
    """The admin's 有效 box was changed: disabling ends the account's sessions at once."""
    reason = admin_reason(reason)
    if user.is_active:
        _record(A.ENABLE, user, by=by, reason=reason)
    else:
        _revoke_codes(user, now())
        _record(A.DISABLE, user, by=by, reason=reason)
        end_sessions(user)


@transaction.atomic
def admin_disable(users, *, by, reason=""):
    """The admin's list action: disable the chosen accounts (never one's own)."""
    done = []
    for user in users:
        if user.pk == by.pk or not user.is_active:
            continue
        user.is_active = False
        user.save(update_fields=["is_active"])
        admin_active_changed(user, by=by, reason=reason)
        done.append(user)
    return done
