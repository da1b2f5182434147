"""Leaders' remarks and rectification items (整改): raising, updating, checking, listing them."""

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from villages.text import CleanTextMixin

from ..models import Commentary, Rectification
from ..photos import PhotosField
from ..selectors import UNFINISHED
from .common import choose_village, form_helper


class CommentaryForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Commentary
        fields = ["village", "kind", "text", "speaker"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].empty_label = _("(整轮点评)")
        self.helper = form_helper(
            Row(Column("village", css_class="col-12 col-md-6"), Column("kind", css_class="col-12 col-md-6")),
            "text",
            "speaker",
            submit=_("添加点评"),
            submit_id="submit-commentary",
        )
        self.helper.form_tag = False


class RectificationForm(CleanTextMixin, forms.Form):
    """Raising an item: at a round (its villages) or between rounds (the office's villages)."""

    village = forms.ModelChoiceField(label=_("村(社区)"), queryset=None)
    problem = forms.CharField(label=_("问题"), widget=forms.Textarea(attrs={"rows": 2}))
    requirement = forms.CharField(
        label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.CharField(label=_("责任人"), max_length=100)
    deadline = forms.DateField(
        label=_("整改时限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    photos = PhotosField(label=_("整改前照片"))

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        choose_village(self.fields["village"], villages)
        self.helper = form_helper(
            "village",
            "problem",
            "requirement",
            Row(
                Column("responsible", css_class="col-12 col-md-6"),
                Column("deadline", css_class="col-12 col-md-6"),
            ),
            "photos",
            submit=_("登记整改事项"),
            submit_id="submit-rectification",
        )
        self.helper.form_tag = False


class RemarkToItemForm(CleanTextMixin, forms.Form):
    """A problem remark made an item in one step: who answers for it and by when."""

    responsible = forms.CharField(label=_("责任人"), max_length=100)
    deadline = forms.DateField(
        label=_("整改时限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    requirement = forms.CharField(label=_("整改要求"), required=False)


class RectificationUpdateForm(CleanTextMixin, forms.Form):
    """One step of an item: a note; the fix submitted (after photos, or a reason why none); staff
    close it (accepting a written reason when photos are missing), send it back, or add before photos."""

    ACTIONS = [
        ("note", _("更新整改情况")),
        ("submit", _("提交整改情况")),
        ("close", _("审核销号")),
        ("return", _("退回重新整改")),
        ("before", _("上传整改前照片")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    note = forms.CharField(label=_("整改情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_reason = forms.CharField(
        label=_("无照片说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accept_reason = forms.BooleanField(label=_("认可书面说明"), required=False)
    photos = PhotosField(label=_("照片"))

    def clean(self):
        data = super().clean()
        if data.get("action") in ("note", "submit", "return") and not data.get("note"):
            message = _("请写明退回的理由。") if data.get("action") == "return" else _("请写明整改情况。")
            self.add_error("note", message)
        return data


class CheckForm(CleanTextMixin, forms.Form):
    """现场复核 通过 / 未通过 (a reason when it fails)."""

    result = forms.ChoiceField(choices=[("passed", _("通过")), ("failed", _("未通过"))])
    note = forms.CharField(label=_("复核说明"), required=False)


class RectificationFilterForm(forms.Form):
    """The filters of a rectification list (整改清单), read from the query string."""

    office = forms.ModelChoiceField(
        label=_("办事处"), queryset=None, required=False, empty_label=_("全部办事处")
    )
    village = forms.ModelChoiceField(
        label=_("单位"), queryset=None, required=False, empty_label=_("全部单位")
    )
    state = forms.ChoiceField(label=_("状态"), required=False)
    responsible = forms.CharField(label=_("责任人"), required=False, max_length=100)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, villages, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("全部")),
            (UNFINISHED, _("未完成(整改中和已提交)")),
            *Rectification.Status.choices,
        ]
        self.fields["village"].queryset = villages
        for name, field in self.fields.items():
            field.widget.attrs["class"] = {
                "overdue": "form-check-input",
                "responsible": "form-control form-control-sm",
            }.get(name, "form-select form-select-sm")
        if offices is None:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
            self.fields["village"].label_from_instance = lambda v: f"{v.office.name} · {v.name}"

    def filters(self):
        """What to filter by: the fields that are valid (a stale village id is simply left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "office": data.get("office"),
            "state": data.get("state") or "",
            "village": data.get("village"),
            "responsible": (data.get("responsible") or "").strip(),
            "overdue": bool(data.get("overdue")),
        }
