"""Scores typed in: a judge's sheet, staff's keying grid of paper sheets, a workbook upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from villages.text import CleanTextMixin

from ..services.sheets import clean_values
from ..workbook import MAX_BYTES as WORKBOOK_MAX_BYTES
from .common import form_helper


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
        values = getattr(self, "values", {})
        for c in self.criteria:
            if c.pk not in values and f"c{c.pk}" not in self.errors:
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
        self.helper = form_helper("file", *(["reason"] if need_reason else []), submit=_("导入"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("只支持 .xlsx 文件(请用“导出工作簿”得到的格式)。"))
        if upload.size > WORKBOOK_MAX_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB。"))
        return upload
