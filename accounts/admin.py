"""The admin goes through accounts.services too: roles given or taken on a user's page, and the
有效 box, are kept as RoleChange rows (with an optional reason) and in the security log; disabling
an account ends its sessions. Codes and the change record are read only."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inspections.admin import ReadOnlyMixin
from villages.admin import (
    MembershipAdmin,
    SecretaryAdmin,
    SecretaryInline,
    UserNamesForm,
    UserWithRolesAdmin,
    VillageAdmin,
)
from villages.models import Membership, Secretary, Village

from . import services
from .models import ActivationCode, RoleChange

User = get_user_model()
A = RoleChange.Action


@admin.register(RoleChange)
class RoleChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["changed_at", "username", "action", "role", "office", "scope", "reason", "changed_by"]
    list_filter = ["action", "role", "office"]
    search_fields = ["username", "reason", "scope", "office__name"]
    list_select_related = ["office", "changed_by"]
    date_hierarchy = "changed_at"


@admin.register(ActivationCode)
class ActivationCodeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Which codes were issued and their state; the digest is not shown (it is no use to anyone)."""

    list_display = [
        "user",
        "created_at",
        "expires_at",
        "used_at",
        "revoked_at",
        "failed_attempts",
        "created_by",
    ]
    fields = list_display
    search_fields = ["user__username", "user__first_name"]
    list_select_related = ["user", "created_by"]


class UserWithReasonForm(UserNamesForm):
    change_reason = forms.CharField(
        label=_("变更理由"),
        required=False,
        max_length=500,
        help_text=_("修改角色或“有效”状态时写明原因，记入账号与角色变更记录。"),
    )


class AccountsUserAdmin(UserWithRolesAdmin):
    form = UserWithReasonForm
    actions = ["disable_accounts"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("变更理由"), {"fields": ["change_reason"]})]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            services.admin_active_changed(
                obj, by=request.user, reason=form.cleaned_data.get("change_reason", "")
            )

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason", "")
        if formset.model is Membership:
            before = {m.pk: Membership.objects.get(pk=m.pk) for m in formset.queryset}
            super().save_formset(request, form, formset, change)
            for membership in formset.deleted_objects:
                services.record_admin_membership(membership, action=A.REVOKE, by=request.user, reason=reason)
            for membership, _fields in formset.changed_objects:
                services.record_admin_membership(
                    before[membership.pk], action=A.REVOKE, by=request.user, reason=reason
                )
                services.record_admin_membership(membership, action=A.GRANT, by=request.user, reason=reason)
            for membership in formset.new_objects:
                services.record_admin_membership(membership, action=A.GRANT, by=request.user, reason=reason)
            return
        if formset.model is Secretary:
            super().save_formset(request, form, formset, change)
            user = form.instance
            for tenure in formset.deleted_objects:
                services.record_admin_tenure(tenure, user, action=A.REVOKE, by=request.user, reason=reason)
            for tenure in formset.new_objects:
                services.record_admin_tenure(tenure, user, action=A.GRANT, by=request.user, reason=reason)
            return
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("停用所选账号（立即退出登录）"))
    def disable_accounts(self, request, queryset):
        done = services.admin_disable(list(queryset), by=request.user)
        self.message_user(request, _("已停用 %(n)d 个账号。") % {"n": len(done)}, messages.SUCCESS)


class AccountsMembershipAdmin(MembershipAdmin):
    def save_model(self, request, obj, form, change):
        if change and not form.changed_data:
            return super().save_model(request, obj, form, change)
        before = (
            Membership.objects.filter(pk=obj.pk).select_related("user", "office").first() if change else None
        )
        super().save_model(request, obj, form, change)
        if before is not None:
            services.record_admin_membership(before, action=A.REVOKE, by=request.user)
        services.record_admin_membership(obj, action=A.GRANT, by=request.user)

    def delete_model(self, request, obj):
        services.record_admin_membership(obj, action=A.REVOKE, by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "office"):
            services.record_admin_membership(membership, action=A.REVOKE, by=request.user)
        super().delete_queryset(request, queryset)


admin.site.unregister(User)
admin.site.register(User, AccountsUserAdmin)
admin.site.unregister(Membership)
admin.site.register(Membership, AccountsMembershipAdmin)


class RecordedSecretaryAdmin(SecretaryAdmin):
    """A tenure's 登录账号 changed here is kept like a secretary role given or taken on the pages."""

    def save_model(self, request, obj, form, change):
        before = Secretary.objects.filter(pk=obj.pk).select_related("user").first() if change else None
        super().save_model(request, obj, form, change)
        old_user = before.user if before is not None else None
        if old_user == obj.user:
            return
        if old_user is not None:
            services.record_admin_tenure(obj, old_user, action=A.REVOKE, by=request.user)
        if obj.user is not None:
            services.record_admin_tenure(obj, obj.user, action=A.GRANT, by=request.user)


class VillageSecretaryInline(SecretaryInline):
    """A village's tenures; which account a tenure logs in with is set on the tenure's own page
    (or the office's 人员与账号 page), where the change is recorded."""

    readonly_fields = ["user"]


class RecordedVillageAdmin(VillageAdmin):
    inlines = [VillageSecretaryInline]


admin.site.unregister(Secretary)
admin.site.register(Secretary, RecordedSecretaryAdmin)
admin.site.unregister(Village)
admin.site.register(Village, RecordedVillageAdmin)


# --- two-step login devices (accounts/two_factor.py) ------------------------------------------
# Set up by their administrator on 两步验证; here another administrator only sees and deletes one
# (a lost phone), so no text typed here reaches the database.

from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402


class DeviceAdmin(TOTPDeviceAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# django-otp names them in English only: named here in the admin's language.
TOTPDevice._meta.verbose_name = _("两步验证设备")
TOTPDevice._meta.verbose_name_plural = _("两步验证设备")
TOTPDevice._meta.app_config.verbose_name = _("两步验证")
admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, DeviceAdmin)
