from django import forms

from villages.text import CleanTextMixin

from .models import SummaryHeading


class SummaryHeadingForm(CleanTextMixin, forms.ModelForm):
    """文号, 审核, 签发人: free text, cleaned as every other form cleans it (a control character
    kept here would reach the history table and every backup)."""

    class Meta:
        model = SummaryHeading
        fields = ["document_number", "reviewer", "issuer"]
