from django import forms
from django.utils.translation import gettext_lazy as _

from villages.text import CleanTextMixin

from .models import SummaryHeading


class SummaryHeadingForm(CleanTextMixin, forms.ModelForm):
    """文号, 审核, 签发人: free text, cleaned as every other form cleans it (a control character
    kept here would reach the history table and every backup)."""

    class Meta:
        model = SummaryHeading
        fields = ["document_number", "reviewer", "issuer"]


class IssueForm(CleanTextMixin, forms.Form):
    """签发: the 文号 (the register's next one, prefilled), who signs it and the day."""

    number = forms.CharField(
        label=_("文号"),
        max_length=50,
        required=False,
        help_text=_("默认为本办事处发文登记的下一个文号，可改为其他未用过的文号。"),
    )
    issuer = forms.CharField(label=_("签发人"), max_length=50, required=False)
    issued_on = forms.DateField(
        label=_("签发日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ids = "issue_%s"  # the heading form on the same page has its own 签发人 field

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.ids)
        super().__init__(*args, **kwargs)


class CorrectionForm(IssueForm):
    """更正: a new 通报 that names the one in force, with the reason."""

    reason = forms.CharField(label=_("更正理由"), max_length=200)
    ids = "correction_%s"


class VerifyForm(forms.Form):
    document = forms.FileField(label=_("待核验的 PDF 文件"))
