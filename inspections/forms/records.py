"""What staff add to a round beside its sheets: bonus and deduction items, site photos."""

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from villages.text import CleanTextMixin

from ..models import Adjustment
from ..photos import MAX_BYTES as PHOTO_MAX_BYTES
from .common import form_helper


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
        return points


class PhotoForm(CleanTextMixin, forms.Form):
    village = forms.ModelChoiceField(label=_("观摩点"), queryset=None, empty_label=None)
    image = forms.FileField(label=_("照片"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
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
