from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inspections.photos import PhotosField
from villages.layout import PrimarySubmit

from .models import Office, Pledge, PledgeProgress, number_pattern_problem
from .roster import MAX_BYTES
from .text import CleanTextMixin


class PledgeForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["year", "category", "title", "content", "measure", "deadline"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "content": forms.Textarea(attrs={"rows": 3}),
            "measure": forms.Textarea(attrs={"rows": 3}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    reason = forms.CharField(
        label=_("修改理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("这条承诺已经公开:修改理由和修改时间会在公示页面上显示。"),
    )

    def __init__(self, *args, need_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        if need_reason:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("修改已公开的承诺必须填写修改理由。")
        else:
            del self.fields["reason"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("year", css_class="col-6 col-md-3"), Column("category", css_class="col-6 col-md-3")),
            "title",
            "content",
            "measure",
            Row(Column("deadline", css_class="col-12 col-md-4")),
            *(["reason"] if need_reason else []),
            PrimarySubmit("save", _("保存"), css_class="btn-lg w-100 w-md-auto"),
        )

    def clean(self):
        data = super().clean()
        year, deadline = data.get("year"), data.get("deadline")
        if year and deadline and deadline.year < year:
            self.add_error("deadline", _("完成时限不能早于承诺年度。"))
        return data


class PledgeProgressForm(CleanTextMixin, forms.ModelForm):
    photos = PhotosField(label=_("照片"))
    caption = forms.CharField(label=_("照片说明"), max_length=200, required=False)

    class Meta:
        model = PledgeProgress
        fields = ["quarter", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = Layout(
            Row(Column("quarter", css_class="col-6"), Column("status", css_class="col-6")),
            "note",
            "photos",
            "caption",
            PrimarySubmit("save", _("保存进展"), css_class="btn-lg w-100 w-md-auto"),
        )

    def clean(self):
        data = super().clean()
        if data.get("status") == PledgeProgress.Status.DELAYED and not data.get("note", "").strip():
            self.add_error("note", _("标记为“滞后”时请说明原因。"))
        return data


class ReturnForm(CleanTextMixin, forms.Form):
    """Sending a pledge back: the reason the secretary reads."""

    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class PhotoDeleteForm(CleanTextMixin, forms.Form):
    """Removing a progress photo: the reason, required (by the service) once the pledge is public."""

    reason_fields = ("reason",)
    reason = forms.CharField(label=_("删除理由"), required=False)


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("名单文件"),
        help_text=_("支持 .xlsx 或 .csv(UTF-8)。表头:办事处,单位,类型,党支部书记,联系电话"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("file", PrimarySubmit("upload", _("导入"), css_class="btn-lg"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("只支持 .xlsx 或 .csv 文件。"))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("文件过大(超过 2 MB),请检查是否选错了文件。"))
        return upload


class PoolGuestForm(CleanTextMixin, forms.Form):
    """Name a guest for the office's judge pool by their account (用户名, or 姓名 when unique)."""

    account = forms.CharField(
        label=_("账号"),
        max_length=150,
        help_text=_("填写对方的登录用户名或姓名。还没有账号的人，请在办事处的“人员与账号”页面开通。"),
    )
    note = forms.CharField(
        label=_("身份说明"), max_length=100, required=False, help_text=_("例如:区委组织部、兄弟办事处")
    )

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = {member.user.pk: member for member in pool}
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("account", css_class="col-12 col-md-5"), Column("note", css_class="col-12 col-md-5")),
            PrimarySubmit("add", _("加入评委库")),
        )

    def clean_account(self):
        typed = self.cleaned_data["account"].strip()
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(username__iexact=typed).first()
        if user is None:
            named = list(users.filter(first_name=typed)[:2])
            if len(named) > 1:
                raise forms.ValidationError(
                    _("姓名为“{name}”的账号不止一个,请填写登录用户名。").format(name=typed)
                )
            user = named[0] if named else None
        if user is None:
            raise forms.ValidationError(
                _(
                    "没有找到用户名或姓名为“{name}”的有效账号。还没有账号的人，请在办事处的“人员与账号”页面开通。"
                ).format(name=typed)
            )
        member = self.pool.get(user.pk)
        if member is not None:
            raise forms.ValidationError(
                _("{name}已在评委库中({roles})。").format(name=member.name, roles="、".join(member.roles))
            )
        return user


class OfficeSettingsForm(CleanTextMixin, forms.ModelForm):
    """What an office decides for its own rounds: honours and the bounds of bonuses and deductions."""

    class Meta:
        model = Office
        fields = [
            "red_flag_threshold",
            "honour_list_size",
            "max_bonus",
            "max_deduction",
            "document_number_pattern",
        ]
        widgets = {
            name: forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"})
            for name in ("red_flag_threshold", "max_bonus", "max_deduction")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("red_flag_threshold", "max_bonus", "max_deduction"):
            self.fields[name].error_messages["invalid"] = _("请填写数字,例如 10 或 2.5。")
        self.fields["honour_list_size"].error_messages["invalid"] = _("请填写整数人数,例如 3。")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("red_flag_threshold", css_class="col-12 col-md-6"),
                Column("honour_list_size", css_class="col-12 col-md-6"),
            ),
            Row(
                Column("max_bonus", css_class="col-12 col-md-6"),
                Column("max_deduction", css_class="col-12 col-md-6"),
            ),
            "document_number_pattern",
            PrimarySubmit("save-settings", _("保存设置")),
        )

    def clean_document_number_pattern(self):
        pattern = self.cleaned_data["document_number_pattern"].strip()
        problem = number_pattern_problem(pattern)
        if problem:
            raise forms.ValidationError(problem)
        return pattern
