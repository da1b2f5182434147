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
        _("文号"), max_length=50, blank=True, help_text=_("例如：郑港党工〔2022〕12号")
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


class IssuedSummaryQuerySet(models.QuerySet):
    def without_files(self):
        """Rows for lists and checks: the stored files stay in the database until asked for."""
        return self.defer("html", "pdf", "xlsx", "docx")

    def current(self):
        """The issued documents no later one corrects."""
        return self.filter(correction__isnull=True)


class IssuedSummary(models.Model):
    """A round's 通报 as its office issued (签发) it: the files' bytes, fixed from then on.

    The bytes live in the database (BinaryField), not in media storage: a 通报 is a few hundred
    kilobytes, it is written in the same transaction that takes its 文号 from the register (no file
    without a number, no number without its file), it goes into every database backup with the row
    holding its SHA-256, and nothing in media can be served, replaced or lost beside it. Nothing
    edits a row: a mistake is corrected by a new row that names it (`corrects`)."""

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="issued_summaries"
    )
    office = models.ForeignKey(
        "villages.Office", verbose_name=_("办事处"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("文号"), max_length=50)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("签发人"), max_length=50)
    reviewer = models.CharField(_("审核"), max_length=50, blank=True)
    issued_on = models.DateField(_("签发日期"))
    data_as_of = models.DateField(_("数据截至"))
    code = models.CharField(_("核验码"), max_length=12, unique=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("更正的通报"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )
    reason = models.CharField(_("更正理由"), max_length=200, blank=True)
    html = models.TextField(_("页面"))
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64)
    xlsx = models.BinaryField(_("Excel"))
    xlsx_sha256 = models.CharField("Excel SHA-256", max_length=64)
    docx = models.BinaryField(_("简报"))
    docx_sha256 = models.CharField(_("简报 SHA-256"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True)

    objects = IssuedSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("已签发通报")
        verbose_name_plural = _("已签发通报")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="issued_number_unique_per_office"),
            models.UniqueConstraint(
                fields=["office", "year", "serial"],
                condition=models.Q(serial__isnull=False),
                name="issued_serial_unique_per_office_year",
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An issued summary is never changed; issue a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An issued summary is never deleted; issue a correction instead.")

    @property
    def is_corrected(self):
        try:
            return self.correction is not None
        except IssuedSummary.DoesNotExist:
            return False
