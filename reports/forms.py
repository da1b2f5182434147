from django import forms

from .models import SummaryHeading


class SummaryHeadingForm(forms.ModelForm):
    class Meta:
        model = SummaryHeading
        fields = ["document_number", "reviewer", "issuer"]
