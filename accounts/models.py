"""Activation codes (开通码) and the record of every change to a person's roles and account.

A code is stored only as a keyed hash (HMAC-SHA256 of the user and the code): staff read it out or
print it once, when it is issued; nobody can read it back. See services.py."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from villages.models import Office


class ActivationCode(models.Model):
    """A one-time code with which a person sets their own password (valid a few days, single use)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="activation_codes",
    )
    code_hash = models.CharField(_("开通码摘要"), max_length=128)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("输错次数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("开通码")
        verbose_name_plural = _("开通码")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


class RoleChange(models.Model):
    """One change to a person's roles or account: who did it, when, and why. Never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("开通账号")
        GRANT = "grant", _("授予角色")
        REVOKE = "revoke", _("取消角色")
        RESET = "reset", _("重置登录")
        DISABLE = "disable", _("停用账号")
        ENABLE = "enable", _("启用账号")
        ACTIVATE = "activate", _("本人激活")

    class Role(models.TextChoices):
        STAFF = "staff", _("办事处工作人员")
        LEADER = "leader", _("领导")
        SECRETARY = "secretary", _("党支部书记")
        GUEST_JUDGE = "guest_judge", _("特邀评委")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_changes",
    )
    username = models.CharField(_("用户名"), max_length=150)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("办事处"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_changes",
    )
    scope = models.CharField(_("范围"), max_length=200, blank=True, help_text=_("例如书记所在的村（社区）。"))
    reason = models.TextField(_("理由"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("操作时间"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("账号与角色变更记录")
        verbose_name_plural = _("账号与角色变更记录")

    def __str__(self):
        return f"{self.username} · {self.get_action_display()} · {self.changed_at:%Y-%m-%d %H:%M}"


class PasswordHistory(models.Model):
    """A password an account had (its hash only), so the last few cannot be chosen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class PasswordState(models.Model):
    """When the account's password was last set, and whether its holder must change it at the next
    login (it was set by someone else). No row: unknown, never forced (see passwords.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="password_state",
    )
    changed_at = models.DateTimeField(_("密码设置时间"), default=timezone.now)
    must_change = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")

    def __str__(self):
        return f"{self.user} · {self.changed_at:%Y-%m-%d %H:%M}"


class LoginRecord(models.Model):
    """One login or failed login, so a person sees when and from where they last logged in and how
    many failures came after it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="login_records",
    )
    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    address = models.CharField(_("地址"), max_length=64, blank=True)
    succeeded = models.BooleanField(_("成功"))

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"])]
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")

    def __str__(self):
        return f"{self.username} · {self.at:%Y-%m-%d %H:%M} · {self.address}"
