from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inspections.admin import ReadOnlyHistoryAdmin

from .models import Membership, Office, Pledge, PledgeChange, PledgeProgress, Secretary, Village
from .text import CleanTextMixin, CleanTextModelForm


class NamesForm(CleanTextModelForm):
    """Names as the roster import stores them (NFKC, no invisible characters); other text cleaned."""

    name_fields = ("name",)


class VillageInline(admin.TabularInline):
    form = NamesForm
    model = Village
    extra = 0
    fields = ["name", "kind", "is_sample", "sort_order"]
    show_change_link = True


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    form = NamesForm
    list_display = ["name", "kind", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [VillageInline]


class SecretaryInline(admin.TabularInline):
    form = NamesForm
    model = Secretary
    extra = 0
    fields = ["name", "phone", "user", "start_date", "end_date"]
    autocomplete_fields = ["user"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    form = NamesForm
    list_display = ["name", "office", "kind", "is_sample", "sort_order"]
    list_filter = ["office", "kind", "is_sample"]
    search_fields = ["name", "office__name", "secretaries__name"]
    list_select_related = ["office"]
    inlines = [SecretaryInline]


@admin.register(Secretary)
class SecretaryAdmin(SimpleHistoryAdmin):
    form = NamesForm
    list_display = ["name", "village", "phone", "user", "start_date", "end_date"]
    list_filter = ["village__office", ("end_date", admin.EmptyFieldListFilter)]
    search_fields = ["name", "phone", "village__name", "user__username"]
    list_select_related = ["village__office", "user"]
    autocomplete_fields = ["village", "user"]
    date_hierarchy = "start_date"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "office"]
    list_filter = ["role", "office"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "office__name"]
    list_select_related = ["user", "office"]
    autocomplete_fields = ["user"]


class PledgeProgressInline(admin.TabularInline):
    model = PledgeProgress
    extra = 0
    fields = ["quarter", "status", "note", "updated_by", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PledgeChangeInline(admin.TabularInline):
    model = PledgeChange
    extra = 0
    fields = ["changed_at", "changed_by", "reason", "fields"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyHistoryAdmin):
    """Read only: pledges are drafted, reviewed, published and changed on the pages, whose services
    keep the review steps and the reasons for changing a public pledge."""

    list_display = ["title", "village", "year", "category", "deadline", "status"]
    list_filter = ["status", "year", "category", "village__office"]
    search_fields = ["title", "content", "measure", "village__name"]
    list_select_related = ["village__office"]
    inlines = [PledgeProgressInline, PledgeChangeInline]


@admin.register(PledgeProgress)
class PledgeProgressAdmin(ReadOnlyHistoryAdmin):
    list_display = ["pledge", "quarter", "status", "updated_by", "updated_at"]
    list_filter = ["quarter", "status", "pledge__year", "pledge__village__office"]
    search_fields = ["pledge__title", "pledge__village__name", "note"]
    list_select_related = ["pledge__village", "updated_by"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["role", "office"]
    verbose_name_plural = _("角色(办事处工作人员 / 领导;领导不选办事处即为全区领导)")


class SecretaryTenureInline(admin.TabularInline):
    form = NamesForm
    model = Secretary
    fk_name = "user"
    extra = 0
    fields = ["village", "name", "start_date", "end_date"]
    autocomplete_fields = ["village"]
    verbose_name_plural = _("党支部书记任职(登录后看到“我的村”)")


User = get_user_model()
admin.site.unregister(User)


class UserNamesForm(CleanTextMixin, UserChangeForm):
    """A person's name cleaned as the roster import cleans it. The mixin touches only plain
    CharFields: the username (UsernameField, with its own validator), the e-mail address and the
    read-only password hash are left as Django checks them."""

    name_fields = ("first_name", "last_name")


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    """Accounts with their roles on the same page: staff, leader, secretary."""

    form = UserNamesForm
    inlines = [MembershipInline, SecretaryTenureInline]
    list_display = ["username", "first_name", "is_active", "is_superuser", "last_login"]


admin.site.unregister(Group)


@admin.register(Group)
class CleanGroupAdmin(GroupAdmin):
    form = NamesForm
