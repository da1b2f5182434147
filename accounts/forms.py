from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from villages.layout import PrimarySubmit
from villages.models import Village
from villages.text import CleanTextMixin

from . import services
from .models import RoleChange

R = RoleChange.Role
REASON_HELP = _("写明原因，例如“新任工作人员”“调离本办事处”。记录在变更历史和安全日志中。")


def _reason_field(initial=None):
    return forms.CharField(
        label=_("理由"),
        max_length=500,
        initial=initial,
        help_text=REASON_HELP,
        error_messages={"required": _("请填写理由。")},
    )


class SecretaryAccountsForm(CleanTextMixin, forms.Form):
    """为现任书记批量开通: one account per current secretary who has none."""

    reason = _reason_field(initial=_("按花名册为现任党支部书记开通账号。"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "secretaries_%s")  # several forms on one page: ids apart
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("reason")


class NewPersonForm(CleanTextMixin, forms.Form):
    """A new account for a staff colleague, a leader of the office or a named guest judge."""

    name_fields = ("name", "username")

    name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(
        label=_("角色"),
        choices=[(R.STAFF, R.STAFF.label), (R.LEADER, R.LEADER.label), (R.GUEST_JUDGE, R.GUEST_JUDGE.label)],
    )
    note = forms.CharField(
        label=_("身份说明"),
        max_length=100,
        required=False,
        help_text=_("特邀评委填写，例如：区委组织部、兄弟办事处"),
    )
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        required=False,
        help_text=_("可不填：系统自动生成。"),
    )
    reason = _reason_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "new_%s")  # several forms on one page: ids apart
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("name", css_class="col-12 col-md-4"),
                Column("role", css_class="col-12 col-md-4"),
                Column("username", css_class="col-12 col-md-4"),
            ),
            "note",
            "reason",
            PrimarySubmit("create", _("开通账号并打印开通单")),
        )


class GrantForm(CleanTextMixin, forms.Form):
    """A role of this office for an account that exists already."""

    account = forms.CharField(label=_("用户名"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=R.choices)
    village = forms.ModelChoiceField(
        label=_("村（社区）"),
        queryset=Village.objects.none(),
        required=False,
        help_text=_("授予书记角色时选择：账号关联该村（社区）现任书记的任期。"),
    )
    note = forms.CharField(label=_("身份说明"), max_length=100, required=False)
    reason = _reason_field()

    def __init__(self, *args, office, **kwargs):
        kwargs.setdefault("auto_id", "grant_%s")  # several forms on one page: ids apart
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = services.villages_of(office)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("account", css_class="col-12 col-md-4"),
                Column("role", css_class="col-12 col-md-4"),
                Column("village", css_class="col-12 col-md-4"),
            ),
            "note",
            "reason",
            PrimarySubmit("grant", _("授予角色")),
        )

    def clean_account(self):
        typed = self.cleaned_data["account"]
        user = get_user_model().objects.filter(username__iexact=typed).first()
        if user is None:
            raise forms.ValidationError(
                _("没有用户名为“{name}”的账号。新人请用上方的“开通新账号”。").format(name=typed)
            )
        return user

    def clean(self):
        data = super().clean()
        if data.get("role") == R.SECRETARY and not data.get("village"):
            self.add_error("village", _("授予书记角色时请选择村（社区）。"))
        return data


class PersonActionForm(CleanTextMixin, forms.Form):
    """One change on a person's page: remove a role, reset access, disable or enable the account."""

    ACTIONS = ["revoke", "reset", "disable", "enable"]

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    role = forms.ChoiceField(choices=R.choices, required=False)
    village = forms.IntegerField(required=False)
    reason = _reason_field()


class ActivationForm(forms.Form):
    """开通账号: username and the one-time code from the slip, then the person's own password."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    code = forms.CharField(
        label=_("开通码"), max_length=40, help_text=_("开通单上的 8 位开通码，不区分大小写。")
    )
    new_password1 = forms.CharField(
        label=_("设置密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = self.code = None
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "autocapitalize": "characters"}
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "username",
            "code",
            "new_password1",
            "new_password2",
            PrimarySubmit("activate", _("设置密码并开通")),
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.user, self.code = services.check_code(data["username"], data["code"])
        except services.AccountError as error:
            raise forms.ValidationError(error.message)
        except forms.ValidationError:
            raise
        if data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("两次输入的密码不一致。"))
            return data
        try:
            password_validation.validate_password(data["new_password1"], self.user)
        except forms.ValidationError as error:
            self.add_error("new_password1", error)
        return data
