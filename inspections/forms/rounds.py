from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from villages.layout import PrimarySubmit
from villages.text import CleanTextMixin

from ..models import (
    Adjustment,
    Commentary,
    Criterion,
    CriterionTemplate,
    InspectionRound,
    Rectification,
    Stage,
)
from ..photos import MAX_BYTES as PHOTO_MAX_BYTES
from ..photos import PhotosField
from ..selectors import UNFINISHED
from ..services.common import MAX_POSSIBLE_TOTAL, possible_total, possible_total_message
from ..services.sheets import clean_values
from ..workbook import MAX_BYTES as WORKBOOK_MAX_BYTES


def _helper(*layout, submit=None):
    helper = FormHelper()
    helper.layout = Layout(*layout, PrimarySubmit("save", submit or _("保存"), css_class="btn-lg"))
    return helper


class RoundForm(CleanTextMixin, forms.ModelForm):
    name_fields = ("title",)

    stages = forms.MultipleChoiceField(
        label=_("环节"), choices=Stage.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = InspectionRound
        fields = ["year", "quarter", "date", "title", "host", "participants", "stages", "drop_extremes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office or self.instance.office
        self.helper = _helper(
            Row(
                Column("year", css_class="col-6 col-md-3"),
                Column("quarter", css_class="col-6 col-md-3"),
                Column("date", css_class="col-12 col-md-6"),
            ),
            "title",
            Row(Column("host", css_class="col-12 col-md-6")),
            "participants",
            "stages",
            "drop_extremes",
            *(["copy_templates"] if "copy_templates" in self.fields else []),
        )

    def clean(self):
        data = super().clean()
        year, quarter, date = data.get("year"), data.get("quarter"), data.get("date")
        if year and quarter:
            clash = InspectionRound.objects.filter(office=self.office, year=year, quarter=quarter)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("quarter", _("本办事处{year}年该季度已经有一轮观摩。").format(year=year))
        if date and year and date.year != year:
            self.add_error("date", _("活动日期应在{year}年内。").format(year=year))
        return data


class RoundCreateForm(RoundForm):
    copy_templates = forms.BooleanField(
        label=_("从本办事处的评分细则模板复制评分项"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("quarter", (today.month - 1) // 3 + 1)
        self.initial.setdefault("date", today)
        self.initial.setdefault("stages", [Stage.FIELD_VISIT, Stage.REPORT, Stage.ARENA])
        self.fields["title"].required = False
        self.fields["title"].help_text = _(
            "留空则按年度和季度自动生成,例如:2022年第一季度“逐村观摩”暨党组织书记“亮赛比”活动"
        )

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip() and data.get("year") and data.get("quarter"):
            # A record in the office's language, whatever the page's.
            quarter = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}[data["quarter"]]
            data["title"] = f"{data['year']}年{quarter}“逐村观摩”暨党组织书记“亮赛比”活动"
        return data


class CriterionForm(CleanTextMixin, forms.ModelForm):
    name_fields = ("name",)

    class Meta:
        model = Criterion
        fields = ["sort_order", "stage", "name", "description", "maximum", "weight", "decimal_places"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "maximum": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            "weight": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        }


class CriterionTemplateForm(CriterionForm):
    class Meta(CriterionForm.Meta):
        model = CriterionTemplate
        fields = CriterionForm.Meta.fields + ["is_active"]

    def clean(self):
        data = super().clean()
        office = data.get("office")  # the admin edits one template at a time, with its office
        if office and data.get("maximum") and data.get("weight") and data.get("is_active"):
            others = CriterionTemplate.objects.filter(office=office, is_active=True).exclude(
                pk=self.instance.pk
            )
            total = possible_total(others) + data["maximum"] * data["weight"]
            if total > MAX_POSSIBLE_TOTAL:
                raise forms.ValidationError(possible_total_message(total))
        return data


class UniqueNameFormSet(BaseModelFormSet):
    """Criterion names are unique within a round (or an office's templates), and together the
    criteria allow a total the published results can store."""

    def clean(self):
        super().clean()
        seen = set()
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            name = (form.cleaned_data.get("name") or "").strip()
            if name and name in seen:
                form.add_error("name", _("评分项“{name}”重复了。").format(name=name))
            seen.add(name)
            data = form.cleaned_data
            if data.get("maximum") and data.get("weight") and data.get("is_active", True):
                kept.append(form.instance)  # inactive templates are not copied into rounds
        if possible_total(kept) > MAX_POSSIBLE_TOTAL:
            raise forms.ValidationError(possible_total_message(possible_total(kept)))


CriterionFormSet = modelformset_factory(
    Criterion, form=CriterionForm, formset=UniqueNameFormSet, extra=1, can_delete=True
)
CriterionTemplateFormSet = modelformset_factory(
    CriterionTemplate, form=CriterionTemplateForm, formset=UniqueNameFormSet, extra=1, can_delete=True
)


class SitesForm(forms.Form):
    """A visiting-order number per village; blank means not visited."""

    def __init__(self, *args, own_villages, other_villages, current, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office_id = office.pk
        self.villages = {}
        for village in list(own_villages) + list(other_villages):
            name = f"order_{village.pk}"
            self.fields[name] = forms.IntegerField(
                label=village.name
                if village.office_id == self.office_id
                else f"{village.name}({village.office.name})",
                required=False,
                min_value=1,
                max_value=999,
                initial=current.get(village.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control order-input"}),
            )
            self.villages[name] = village
        self.own_fields = [self[f"order_{v.pk}"] for v in own_villages]
        self.other_fields = [self[f"order_{v.pk}"] for v in other_villages]

    def clean(self):
        data = super().clean()
        chosen = [(data[name], village) for name, village in self.villages.items() if data.get(name)]
        if not chosen:
            raise forms.ValidationError(_("请至少选择一个观摩点(填写观摩顺序)。"))
        orders = [o for o, _v in chosen]
        if len(set(orders)) != len(orders):
            raise forms.ValidationError(_("观摩顺序有重复的数字,请每个观摩点填写不同的顺序。"))
        self.ordered_villages = [v for _o, v in sorted(chosen, key=lambda pair: pair[0])]
        return data


class JudgesForm(forms.Form):
    """The round's judges, picked from the office's judge pool (评委库). Judges chosen earlier
    who are no longer in the pool stay choosable, marked as such, so saving never drops them
    unseen."""

    judges = forms.ModelMultipleChoiceField(
        label=_("评委"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={
            "required": _("请至少选择一位评委。"),
            "invalid_choice": _("所选的人不在本办事处的评委库中,请先把他(她)加入评委库。"),
        },
    )

    def __init__(self, *args, pool, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {member.user.pk: member for member in pool}
        self.outside = [user for user in current if user.pk not in self.members]
        ids = list(self.members) + [user.pk for user in self.outside]
        # Pool order (leaders, staff, secretaries, guests), then those outside it. The iterator is
        # set first: assigning the queryset hands the choices to the widget.
        self.fields["judges"].iterator = _ordered_iterator({pk: i for i, pk in enumerate(ids)})
        self.fields["judges"].queryset = get_user_model().objects.filter(pk__in=ids)

    def options(self):
        """Each choice as (checkbox, name, username, roles); roles empty for one outside the pool."""
        rows = []
        for checkbox in self["judges"]:
            pk = int(str(checkbox.data["value"]))
            member = self.members.get(pk)
            user = member.user if member else next(u for u in self.outside if u.pk == pk)
            name = user.get_full_name() or user.username
            rows.append((checkbox, name, user.username, member.roles if member else []))
        return rows


def _ordered_iterator(order):
    """A choice iterator that lists the queryset in the given order of primary keys."""

    class Ordered(forms.models.ModelChoiceIterator):
        def __iter__(self):
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            for obj in sorted(self.queryset, key=lambda u: order.get(u.pk, len(order))):
                yield self.choice(obj)

    return Ordered


class ScoreFieldsMixin:
    """One text input per criterion, read with the scoring rules' parser."""

    def add_score_fields(self, criteria, prefix=""):
        for c in criteria:
            self.fields[f"{prefix}c{c.pk}"] = forms.CharField(
                label=c.name,
                required=False,
                help_text=c.description,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "class": "form-control score-input",
                        "data-criterion": c.pk,
                        "data-weight": str(c.weight),
                        "data-max": str(c.maximum),
                        "placeholder": f"0–{c.maximum.normalize():f}",
                    }
                ),
            )

    def parse_scores(self, criteria, prefix=""):
        raw = {c.pk: self.cleaned_data.get(f"{prefix}c{c.pk}") for c in criteria}
        values, errors = clean_values(criteria, raw)
        for cid, message in errors.items():
            self.add_error(f"{prefix}c{cid}", message)
        return values


class ScoreSheetForm(CleanTextMixin, ScoreFieldsMixin, forms.Form):
    reason_fields = ("reason",)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    remark = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("更正理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria, need_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.need_reason = need_reason
        self.add_score_fields(criteria)
        if not need_reason:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("评分已结束,更正必须填写理由。")

    def clean(self):
        data = super().clean()
        self.values = self.parse_scores(self.criteria)
        return data

    def require_every_criterion(self):
        """On submit, mark each blank criterion so the judge sees where (a draft may have blanks)."""
        for c in self.criteria:
            if c.pk not in self.values and f"c{c.pk}" not in self.errors:
                self.add_error(f"c{c.pk}", _("提交前请填写这一项。"))

    def score_fields(self):
        return [(c, self[f"c{c.pk}"]) for c in self.criteria]


class KeyingGridForm(CleanTextMixin, ScoreFieldsMixin, forms.Form):
    """A paper sheet of one judge for every village: rows are villages, columns criteria."""

    reason_fields = ("reason",)

    reason = forms.CharField(label=_("更正理由"), required=False, widget=forms.TextInput)

    def __init__(self, *args, criteria, villages, sheets=None, need_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria, self.villages, self.sheets = criteria, villages, sheets or {}
        for v in villages:
            self.add_score_fields(criteria, prefix=f"v{v.pk}_")
            self.fields[f"v{v.pk}_version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if need_reason:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("评分已结束,更正必须填写理由。")

    def clean(self):
        data = super().clean()
        self.rows = []
        for v in self.villages:
            prefix = f"v{v.pk}_"
            values = self.parse_scores(self.criteria, prefix=prefix)
            typed = any((data.get(f"{prefix}c{c.pk}") or "").strip() for c in self.criteria)
            if not typed:
                continue
            missing = [
                c for c in self.criteria if c.pk not in values and f"{prefix}c{c.pk}" not in self.errors
            ]
            for c in missing:
                self.add_error(f"{prefix}c{c.pk}", _("未填写"))
            if missing:
                self.add_error(
                    None,
                    _("{village}:还有评分项未填写:{names}").format(
                        village=v.name, names="、".join(c.name for c in missing)
                    ),
                )
            self.rows.append((v, values, data.get(f"{prefix}version")))
        if not self.rows and not self.errors:
            raise forms.ValidationError(_("没有填写任何分数。"))
        return data

    def grid(self):
        """Per village: (village, [(field, criterion)], version field, sheet)."""
        return [
            (
                v,
                [(self[f"v{v.pk}_c{c.pk}"], c) for c in self.criteria],
                self[f"v{v.pk}_version"],
                self.sheets.get(v.pk),
            )
            for v in self.villages
        ]


class CloseRoundForm(forms.Form):
    confirm_drafts = forms.BooleanField(label=_("草稿不计分,仍然结束"), required=False)


class ReasonForm(CleanTextMixin, forms.Form):
    reason_fields = ("reason",)

    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写理由。")},
    )


class AdjustmentForm(CleanTextMixin, forms.ModelForm):
    reason_fields = ("correction_reason",)

    class Meta:
        model = Adjustment
        fields = ["village", "points", "reason"]
        widgets = {
            # A number input: phone keypads for it have the minus sign a deduction needs.
            "points": forms.NumberInput(attrs={"step": "0.01"}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    correction_reason = forms.CharField(label=_("更正理由"), required=False)

    def __init__(self, *args, villages, need_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].empty_label = None
        self.fields["points"].error_messages["invalid"] = _("分值应是数字,扣分填负数,例如 -2。")
        if not need_reason:
            del self.fields["correction_reason"]
        else:
            self.fields["correction_reason"].required = True
        self.helper = _helper(
            Row(
                Column("village", css_class="col-12 col-md-6"), Column("points", css_class="col-12 col-md-6")
            ),
            "reason",
            *(["correction_reason"] if need_reason else []),
            submit=_("登记"),
        )

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("分值不能为 0:加分填正数,扣分填负数。"))
        return points


class PhotoForm(CleanTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("观摩点"), queryset=None, empty_label=None)
    image = forms.FileField(label=_("照片"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.helper = _helper("village", "image", "caption", submit=_("上传"))
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean_image(self):
        from ..photos import PhotoError, process_photo

        upload = self.cleaned_data["image"]
        if upload.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("照片超过 10 MB,请压缩后再上传。"))
        try:
            self.processed = process_photo(upload)
        except PhotoError as error:
            raise forms.ValidationError(str(error))
        return upload


class ScoresUploadForm(CleanTextMixin, forms.Form):
    reason_fields = ("reason",)

    file = forms.FileField(
        label=_("评分工作簿(.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )
    reason = forms.CharField(label=_("更正理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, need_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        if need_reason:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("评分已结束,导入更正必须填写理由。")
        else:
            del self.fields["reason"]
        self.helper = _helper("file", *(["reason"] if need_reason else []), submit=_("导入"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("只支持 .xlsx 文件(请用“导出工作簿”得到的格式)。"))
        if upload.size > WORKBOOK_MAX_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB。"))
        return upload


class CommentaryForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Commentary
        fields = ["village", "kind", "text", "speaker"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].empty_label = _("(整轮点评)")
        self.helper = _helper(
            Row(Column("village", css_class="col-12 col-md-6"), Column("kind", css_class="col-12 col-md-6")),
            "text",
            "speaker",
            submit=_("添加点评"),
        )
        self.helper.form_tag = False


class RectificationForm(CleanTextMixin, forms.Form):
    """Raising an item: at a round (its villages) or between rounds (the office's villages)."""

    village = forms.ModelChoiceField(label=_("村(社区)"), queryset=None, empty_label=None)
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
        self.fields["village"].queryset = villages
        self.helper = _helper(
            "village",
            "problem",
            "requirement",
            Row(
                Column("responsible", css_class="col-12 col-md-6"),
                Column("deadline", css_class="col-12 col-md-6"),
            ),
            "photos",
            submit=_("登记整改事项"),
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
