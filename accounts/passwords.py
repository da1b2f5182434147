"""The password policy (身份鉴别): length, character classes, not like the person's name or phone,
not common, not one of the last few; and when a password must be changed.

A password someone else set (an administrator in the admin, `createsuperuser`, `changepassword`)
must be changed at its holder's next login; one the holder chose (activation, the change page) need
not. A password older than PASSWORD_MAX_AGE_DAYS must be changed too. Accounts whose password was
set before this was recorded (no PasswordState, e.g. the demo logins and users made with
create_user outside a request) are never forced."""

import datetime
import sys
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.security import current_request

CLASSES = (
    ("lower", gettext_lazy("小写字母")),
    ("upper", gettext_lazy("大写字母")),
    ("digit", gettext_lazy("数字")),
    ("symbol", gettext_lazy("符号")),
)


def _classes(password):
    found = set()
    for char in password:
        if char.isdigit():
            found.add("digit")
        elif char.isalpha() and char.islower():
            found.add("lower")
        elif char.isalpha() and char.isupper():
            found.add("upper")
        elif not char.isalpha():
            found.add("symbol")
    return found


class CharacterClassValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = _classes(password)
        if len(found) >= self.min_classes:
            return
        missing = "、".join(str(label) for key, label in CLASSES if key not in found)
        raise ValidationError(
            _(
                "密码至少要包含小写字母、大写字母、数字、符号中的{n}类，现在只有{have}类；可以加上：{missing}。"
            ).format(n=self.min_classes, have=len(found), missing=missing),
            code="password_too_few_classes",
        )

    def get_help_text(self):
        return _("至少包含小写字母、大写字母、数字、符号中的{n}类。").format(n=self.min_classes)


def _phones(user):
    tenures = getattr(user, "secretary_tenures", None)
    if user is None or user.pk is None or tenures is None:
        return []
    return [phone for phone in tenures.exclude(phone="").values_list("phone", flat=True)]


class SimilarityValidator(UserAttributeSimilarityValidator):
    """Django's check against the username and name, and also the secretary's phone numbers."""

    def validate(self, password, user=None):
        super().validate(password, user)
        for phone in _phones(user):
            holder = SimpleNamespace(phone=phone, _meta=SimpleNamespace(get_field=_phone_field))
            UserAttributeSimilarityValidator(("phone",), self.max_similarity).validate(password, holder)
            digits = "".join(c for c in password if c.isdigit())
            if len(phone) >= 6 and phone[-6:] in digits:
                raise ValidationError(_("密码与联系电话太相似。"), code="password_too_similar")


def _phone_field(name):
    return SimpleNamespace(verbose_name=gettext_lazy("联系电话"))


class HistoryValidator:
    """Not one of the account's last `count` passwords (the current one included)."""

    def __init__(self, count=5):
        self.count = count

    def validate(self, password, user=None):
        if not self.count or user is None or user.pk is None:
            return
        earlier = list(user.password_history.values_list("password", flat=True)[: self.count])
        if user.has_usable_password() and user.password not in earlier:  # set before history was kept
            earlier = [user.password, *earlier[: self.count - 1]]
        for encoded in earlier:
            if check_password(password, encoded):
                raise ValidationError(
                    _("不能使用最近用过的{n}个密码，请换一个新密码。").format(n=self.count),
                    code="password_reused",
                )

    def get_help_text(self):
        return _("不能与最近用过的{n}个密码相同。").format(n=self.count)

    def password_changed(self, password, user=None):
        record_change(user)


def _set_by_someone_else(user):
    request = current_request()
    if request is not None:
        by = getattr(request, "user", None)
        return bool(by is not None and by.is_authenticated and by.pk != user.pk)
    return _operator_command()


def _operator_command():
    """Commands where an operator types someone's password."""
    return sys.argv[1:2] in (["createsuperuser"], ["changepassword"])


def on_user_saved(sender, instance, created, **kwargs):
    """`createsuperuser` stores a hashed password without set_password: note it as set by someone
    else (set_password's own hook, record_change, covers every other way)."""
    if created and instance.has_usable_password() and _operator_command():
        record_change(instance)


def record_change(user):
    """The account's password was just saved: keep its hash, note the time and who set it."""
    from .models import PasswordHistory, PasswordState

    if user is None or user.pk is None or not user.has_usable_password():
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = max(getattr(settings, "PASSWORD_HISTORY_COUNT", 5), 1)
    old = user.password_history.values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(old)).delete()
    PasswordState.objects.update_or_create(
        user=user, defaults={"changed_at": timezone.now(), "must_change": _set_by_someone_else(user)}
    )


def change_reason(user, at=None):
    """Why the account must change its password now: "set" (someone else set it), "expired", or ""."""
    from .models import PasswordState

    state = PasswordState.objects.filter(user=user).first()
    if state is None:
        return ""
    if state.must_change:
        return "set"
    days = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 90)
    if days and state.changed_at + datetime.timedelta(days=days) <= (at or timezone.now()):
        return "expired"
    return ""


def expiry_deadline(user):
    """When the account's password expires (a timestamp), or None."""
    from .models import PasswordState

    days = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 90)
    state = PasswordState.objects.filter(user=user).first()
    if not days or state is None:
        return None
    return (state.changed_at + datetime.timedelta(days=days)).timestamp()
