from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inspections.models import InspectionRound


class SummaryHeading(models.Model):
    """What staff fill in on a round's 通报 before printing: the document number and who signs it."""

    round = models.OneToOneField(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="summary_heading"
    )
    document_number = models.CharField(
        _("文号"), max_length=50, blank=True, help_text=_("例如:郑港党工〔2022〕12号")
    )
    reviewer = models.CharField(_("审核"), max_length=50, blank=True)
    issuer = models.CharField(_("签发人"), max_length=50, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通报文头")
        verbose_name_plural = _("通报文头")

    def __str__(self):
        return self.document_number or str(self.round)
