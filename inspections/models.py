import re
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.models import YEAR_VALIDATORS, Office, Secretary, Village

from .photos import StoredPhoto


class Stage(models.TextChoices):
    FIELD_VISIT = "field_visit", _("实地观摩")
    REPORT = "report", _("现场汇报")
    ARENA = "arena", _("擂台比武")
    REVIEW = "review", _("集中点评")


class Quarter(models.IntegerChoices):
    Q1 = 1, _("第一季度")
    Q2 = 2, _("第二季度")
    Q3 = 3, _("第三季度")
    Q4 = 4, _("第四季度")


def period_label(year, quarter):
    """2022年第一季度"""
    return _("{year}年{quarter}").format(year=year, quarter=Quarter(quarter).label)


class CriterionFields(models.Model):
    """What a criterion (评分细则) says; shared by an office's template and a round's copy."""

    name = models.CharField(_("评分项"), max_length=100)
    description = models.TextField(_("评分标准"), blank=True)
    stage = models.CharField(_("环节"), max_length=20, choices=Stage.choices, default=Stage.FIELD_VISIT)
    maximum = models.DecimalField(
        _("满分"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    weight = models.DecimalField(
        _("权重"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    decimal_places = models.PositiveSmallIntegerField(
        _("小数位数"),
        default=1,
        validators=[MaxValueValidator(2)],
        help_text=_("评委打分允许的小数位数(0–2)。"),
    )
    sort_order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class CriterionTemplate(CriterionFields):
    """An office's reusable criterion; copied into each round, so editing it never changes a past round."""

    office = models.ForeignKey(
        Office, verbose_name=_("办事处"), on_delete=models.CASCADE, related_name="criterion_templates"
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["office", "sort_order", "id"]
        verbose_name = _("评分细则模板")
        verbose_name_plural = _("评分细则模板")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="criterion_template_unique_name"),
        ]


class RoundQuerySet(models.QuerySet):
    def with_scoring_rights(self, judge, village=None):
        """Annotate whether `judge` is one of the round's judges (`is_judge`) and, given a village,
        whether it is a scored site (`is_scored_site`) and the judge its secretary now
        (`is_own_village`): the checks of every judge request, in the round's own query."""
        rounds = self.annotate(
            is_judge=models.Exists(
                InspectionRound.judges.through.objects.filter(
                    inspectionround_id=models.OuterRef("pk"), user_id=judge.pk
                )
            )
        )
        if village is None:
            return rounds
        return rounds.annotate(
            is_scored_site=models.Exists(
                RoundSite.objects.filter(
                    round=models.OuterRef("pk"), village=village, is_learning_visit=False
                )
            ),
            is_own_village=models.Exists(Secretary.objects.current().filter(user=judge, village=village)),
        )


class InspectionRound(models.Model):
    """One office's quarterly round (逐村观摩 / 亮赛比)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("评分中")
        CLOSED = "closed", _("已结束")
        PUBLISHED = "published", _("已发布")

    office = models.ForeignKey(
        Office, verbose_name=_("办事处"), on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=Quarter.choices)
    date = models.DateField(_("活动日期"))
    title = models.CharField(_("标题"), max_length=200)
    host = models.CharField(_("主持"), max_length=100, blank=True)
    participants = models.TextField(_("参加人员"), blank=True)
    stages = models.JSONField(_("环节"), default=list, blank=True)
    drop_extremes = models.BooleanField(
        _("去掉一个最高分和一个最低分"),
        default=True,
        help_text=_("某村有 3 份及以上已提交评分表时,去掉评委总分最高和最低的各一份。"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("评委"), blank=True, related_name="judged_rounds"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "office__sort_order"]
        verbose_name = _("观摩轮次")
        verbose_name_plural = _("观摩轮次")
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "quarter"], name="round_one_per_quarter"),
        ]

    def __str__(self):
        return self.title

    @property
    def period_label(self):
        return period_label(self.year, self.quarter)

    @property
    def title_after_period(self):
        """The title without the period it usually starts with ("2022年第三季度“逐村观摩”…" →
        "“逐村观摩”…"), for places that show the period just before it; the whole title when
        nothing else would be left."""
        numerals = "一二三四"[self.quarter - 1]
        pattern = rf"^\s*{self.year}\s*年\s*第?\s*[{numerals}{self.quarter}]\s*季度\s*[·・:：,，\-—]?\s*"
        rest = re.sub(pattern, "", self.title)
        return rest if rest.strip() else self.title

    @property
    def stage_labels(self):
        labels = dict(Stage.choices)
        return [labels.get(s, s) for s in self.stages]

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class RoundSite(models.Model):
    """A site the round visits, in order. Villages of other offices are learning visits, not scored."""

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="sites"
    )
    village = models.ForeignKey(Village, verbose_name=_("观摩点"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(_("顺序"), default=0)
    is_learning_visit = models.BooleanField(_("观摩学习点"), default=False)
    note = models.CharField(_("观摩内容"), max_length=200, blank=True)
    revealed_at = models.DateTimeField(_("亮分时间"), null=True, blank=True)

    class Meta:
        ordering = ["round_id", "order", "id"]
        verbose_name = _("观摩点")
        verbose_name_plural = _("观摩点")
        constraints = [models.UniqueConstraint(fields=["round", "village"], name="site_unique_in_round")]

    def __str__(self):
        return self.village.name

    def save(self, *args, **kwargs):
        self.is_learning_visit = self.village.office_id != self.round.office_id
        super().save(*args, **kwargs)


class Criterion(CriterionFields):
    """A round's own copy of a criterion."""

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="criteria"
    )
    template = models.ForeignKey(
        CriterionTemplate,
        verbose_name=_("来源模板"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["round_id", "sort_order", "id"]
        verbose_name = _("评分细则")
        verbose_name_plural = _("评分细则")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_unique_name_in_round")
        ]

    @property
    def step(self):
        return Decimal(1).scaleb(-self.decimal_places)


class ScoreSheetQuerySet(models.QuerySet):
    def find(self, rnd, village, judge):
        """The judge's sheet for the village, or None: unique per round, village and judge, so
        no ordering (`first()` would add one, and its joins)."""
        rows = self.filter(round_id=rnd.pk, village_id=village.pk, judge_id=judge.pk).order_by()[:1]
        return next(iter(rows), None)


class ScoreSheet(models.Model):
    """One judge's scores for one village in one round (评分表)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="sheets"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="score_sheets"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评委"),
        on_delete=models.PROTECT,
        related_name="score_sheets",
    )
    # {criterion id: "8.5"}; strings keep the Decimal exact.
    values = models.JSONField(_("分值"), default=dict, blank=True)
    remark = models.TextField(_("备注"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("由工作人员根据纸质评分表录入时记录。"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        ordering = ["round_id", "village", "judge"]
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        constraints = [
            models.UniqueConstraint(fields=["round", "village", "judge"], name="sheet_one_per_judge_village"),
        ]

    def __str__(self):
        return f"{self.round} · {self.village} · {self.judge}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    def decimal_values(self):
        return {int(k): Decimal(v) for k, v in self.values.items() if v not in (None, "")}


class Adjustment(models.Model):
    """A bonus (加分, positive) or deduction (扣分, negative) for a village, with its reason."""

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="adjustments"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(
        _("分值"),
        max_digits=6,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("-100"), message=_("单项加减分应在 -100 到 100 之间。")),
            MaxValueValidator(Decimal("100"), message=_("单项加减分应在 -100 到 100 之间。")),
        ],
        help_text=_("加分填正数,扣分填负数。"),
    )
    reason = models.TextField(_("理由"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round_id", "village", "id"]
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        constraints = [
            models.CheckConstraint(condition=~models.Q(points=0), name="adjustment_points_not_zero"),
        ]

    def __str__(self):
        return f"{self.village} {self.points:+}"

    @property
    def is_bonus(self):
        return self.points > 0


def photo_path(instance, filename):
    """Where site photos were stored before names said nothing (kept for old migrations)."""
    return f"photos/{instance.round_id}/{instance.village_id}/{filename}"


class SitePhoto(StoredPhoto):
    """A photo (文/图) taken at a site visit; metadata stripped, orientation fixed."""

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="photos"
    )
    village = models.ForeignKey(Village, verbose_name=_("观摩点"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["round_id", "village", "uploaded_at"]
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")


class Commentary(models.Model):
    """Leaders' remarks (点评) on a round or on one village: highlights, problems, requirements."""

    class Kind(models.TextChoices):
        HIGHLIGHT = "highlight", _("亮点")
        PROBLEM = "problem", _("问题")
        REQUIREMENT = "requirement", _("要求")

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="commentary"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("村(社区)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("不选则为对整轮的点评。"),
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("内容"))
    speaker = models.CharField(_("点评人"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()  # a deleted remark leaves its text, who deleted it and when

    class Meta:
        ordering = ["round_id", "village", "kind", "id"]
        verbose_name = _("点评")
        verbose_name_plural = _("点评")

    def __str__(self):
        return f"{self.get_kind_display()}:{self.text[:20]}"


class Rectification(models.Model):
    """A problem to fix (整改), with its owner and deadline, followed until staff close it on evidence.

    整改中 → 已提交 (the secretary reports the fix with an after photo and a note) → 已销号 (staff close
    it: a before and an after photo, or a written reason they accept), or 退回 (a reason; back to
    整改中). Raised from a round's remark or between rounds (no round); checked again on site at the
    next round (RectificationCheck). The codes predate the wording and stay as they are.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        DONE = "done", _("已提交")
        VERIFIED = "verified", _("已销号")

    round = models.ForeignKey(
        InspectionRound,
        verbose_name=_("发现轮次"),
        on_delete=models.CASCADE,
        related_name="rectifications",
        null=True,
        blank=True,
        help_text=_("两轮之间发现的问题不选轮次。"),
    )
    village = models.ForeignKey(
        Village, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="rectifications"
    )
    source = models.ForeignKey(
        Commentary,
        verbose_name=_("来源点评"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rectifications",
    )
    raised_on = models.DateField(_("登记日期"), default=timezone.localdate)
    problem = models.TextField(_("问题"))
    requirement = models.TextField(_("整改要求"), blank=True)
    responsible = models.CharField(_("责任人"), max_length=100)
    deadline = models.DateField(_("整改时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    progress_note = models.TextField(_("整改情况"), blank=True)
    evidence_reason = models.TextField(
        _("无照片说明"), blank=True, help_text=_("无法拍照佐证时的书面说明,由办事处工作人员审核认可。")
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")

    def __str__(self):
        return self.problem[:30]

    @property
    def is_open(self):
        return self.status != self.Status.VERIFIED

    @property
    def is_submitted(self):
        return self.status == self.Status.DONE

    @property
    def is_closed(self):
        return self.status == self.Status.VERIFIED

    @property
    def source_label(self):
        """Where the item comes from: the round's quarter, or the day it was raised between rounds."""
        if self.round_id:
            return self.round.period_label
        return _("{day} 登记（两轮之间）").format(day=self.raised_on.isoformat())

    def is_overdue_on(self, day):
        """Past its deadline with no fix reported (the rule the zone counts use)."""
        return self.status == self.Status.OPEN and self.deadline < day


class RectificationPhoto(StoredPhoto):
    """Evidence of a rectification item: the problem before, the fix after. Through the one photo
    path (inspections.photos); seen only by the office and the village's secretary."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("整改前")
        AFTER = "after", _("整改后")

    item = models.ForeignKey(
        Rectification, verbose_name=_("整改事项"), on_delete=models.CASCADE, related_name="photos"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["item_id", "kind", "uploaded_at", "id"]
        verbose_name = _("整改照片")
        verbose_name_plural = _("整改照片")

    def __str__(self):
        return f"{self.item} · {self.get_kind_display()}"


class RectificationCheck(models.Model):
    """现场复核: the group's on-site check of an item at a later round's visit."""

    class Result(models.TextChoices):
        PASSED = "passed", _("通过")
        FAILED = "failed", _("未通过")

    item = models.ForeignKey(
        Rectification, verbose_name=_("整改事项"), on_delete=models.CASCADE, related_name="checks"
    )
    round = models.ForeignKey(
        InspectionRound,
        verbose_name=_("复核轮次"),
        on_delete=models.CASCADE,
        related_name="rectification_checks",
    )
    result = models.CharField(_("复核结果"), max_length=10, choices=Result.choices)
    note = models.TextField(_("复核说明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("复核时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item_id", "checked_at", "id"]
        verbose_name = _("现场复核")
        verbose_name_plural = _("现场复核")
        constraints = [models.UniqueConstraint(fields=["item", "round"], name="check_once_per_round")]

    def __str__(self):
        return f"{self.item} · {self.round} · {self.get_result_display()}"

    @property
    def passed(self):
        return self.result == self.Result.PASSED


class Standing(models.Model):
    """A village's published result in a round, as the scoring module computed it at publishing.

    Sheets, bonuses and criteria cannot change while a round is published, so this snapshot is what
    the leaderboards read; withdrawing the round deletes it and republishing computes it again.
    """

    round = models.ForeignKey(
        InspectionRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="standings"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="standings"
    )
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    total = models.DecimalField(_("总分"), max_digits=8, decimal_places=2, null=True, blank=True)
    judges_mean = models.DecimalField(_("评委平均分"), max_digits=8, decimal_places=2, null=True, blank=True)
    adjustment = models.DecimalField(_("加减分"), max_digits=7, decimal_places=2, default=Decimal("0"))
    criterion_means = models.JSONField(_("各项平均"), default=dict, blank=True)  # {criterion id: "8.50"}
    sheet_count = models.PositiveSmallIntegerField(_("已提交评分表"), default=0)
    secretary_name = models.CharField(_("当时的书记"), max_length=50, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["round_id", "position"]
        verbose_name = _("发布成绩")
        verbose_name_plural = _("发布成绩")
        constraints = [models.UniqueConstraint(fields=["round", "village"], name="standing_one_per_village")]

    def __str__(self):
        return f"{self.round} · {self.village} · {self.total}"

    @property
    def scored(self):
        return self.total is not None
