"""What staff add to a round beside its sheets: bonus and deduction items, site photos."""

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from villages.text import CleanTextMixin

from ..models import Adjustment
from ..photos import MAX_BYTES as PHOTO_MAX_BYTES
from ..values import format_score
from .common import choose_village, form_helper


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

    def __init__(self, *args, villages, office=None, need_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        choose_village(self.fields["village"], villages)
        self.fields["points"].error_messages["invalid"] = _("分值应是数字,扣分填负数,例如 -2。")
        self.office = office
        if office is not None:
            self.fields["points"].widget.attrs.update(
                {"min": str(-office.max_deduction), "max": str(office.max_bonus)}
            )
            self.fields["points"].help_text = _(
                "加分填正数,扣分填负数。本办事处每村一轮加分合计不超过 {bonus} 分,扣分合计不超过 {deduction} 分。"
            ).format(bonus=format_score(office.max_bonus), deduction=format_score(office.max_deduction))
        if not need_reason:
            del self.fields["correction_reason"]
        else:
            self.fields["correction_reason"].required = True
        self.helper = form_helper(
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
        office = self.office
        if office is not None and points > office.max_bonus:
            raise forms.ValidationError(
                _("加分不能超过 {limit} 分(本办事处每村一轮加分合计的上限)。").format(
                    limit=format_score(office.max_bonus)
                )
            )
        if office is not None and -points > office.max_deduction:
            raise forms.ValidationError(
                _("扣分不能超过 {limit} 分(本办事处每村一轮扣分合计的上限)。").format(
                    limit=format_score(office.max_deduction)
                )
            )
        return points


class PhotoForm(CleanTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("观摩点"), queryset=None)
    image = forms.FileField(label=_("照片"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        choose_village(self.fields["village"], villages)
        self.helper = form_helper("village", "image", "caption", submit=_("上传"))
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
