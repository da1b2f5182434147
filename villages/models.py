from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inspections.photos import StoredPhoto

YEAR_VALIDATORS = [
    MinValueValidator(2000, message=_("年度应在 2000 到 2100 之间。")),
    MaxValueValidator(2100, message=_("年度应在 2000 到 2100 之间。")),
]

phone_validator = RegexValidator(
    r"^[0-9+\-() ]{5,20}$",
    _("联系电话只能包含数字、空格和 + - ( ),长度 5 到 20 位。"),
)


DEFAULT_NUMBER_PATTERN = "{office}〔{year}〕{n}号"
NUMBER_FIELDS = ("{office}", "{year}", "{n}")


def number_pattern_problem(pattern):
    """Why `pattern` cannot number an office's 通报, or "" when it can."""
    if not pattern:
        return ""
    if "{n}" not in pattern or "{year}" not in pattern:
        return _("发文字号格式须包含 {year}（年度）和 {n}（序号），例如：郑港党工〔{year}〕{n}号。")
    rest = pattern
    for name in NUMBER_FIELDS:
        rest = rest.replace(name, "")
    if "{" in rest or "}" in rest:
        return _("发文字号格式只能使用 {office}、{year} 和 {n}。")
    return ""


class Office(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", _("办事处")
        SERVICE_CENTER = "service_center", _("社区服务中心")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    red_flag_threshold = models.DecimalField(
        _("流动红旗分数线"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("90"),
        help_text=_("第一名的总分达到此分数才授予流动红旗。"),
    )
    honour_list_size = models.PositiveSmallIntegerField(
        _("红榜/关注名单人数"), default=3, help_text=_("擂台榜上红榜取前 N 名,关注名单取后 N 名。")
    )
    # A round's bonuses and deductions per village stay within these, so a 加分 cannot outweigh a criterion.
    max_bonus = models.DecimalField(
        _("每村加分合计上限"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("一轮观摩中一个村(社区)的加分合计不得超过此分值。"),
    )
    max_deduction = models.DecimalField(
        _("每村扣分合计上限"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("一轮观摩中一个村(社区)的扣分合计不得超过此分值(填正数)。"),
    )
    # The office's register of issued 通报 (reports.issuing): {year} and {n} are filled in.
    document_number_pattern = models.CharField(
        _("发文字号格式"),
        max_length=40,
        blank=True,
        help_text=_(
            "签发通报时按此格式编号，{year} 为年度，{n} 为当年序号，例如：郑港党工〔{year}〕{n}号。不填则用“办事处名称〔年度〕序号号”。"
        ),
    )
    # Kept boards and documents show names: their keys include the newest edit (selectors.names_version).
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("办事处")
        verbose_name_plural = _("办事处")

    def __str__(self):
        return self.name

    def document_number(self, year, n):
        """The 文号 of the office's n-th 通报 issued in `year`, by its register's pattern."""
        short = self.name.removesuffix("办事处")
        pattern = self.document_number_pattern or DEFAULT_NUMBER_PATTERN
        return pattern.replace("{office}", short).replace("{year}", str(year)).replace("{n}", str(n))

    @staticmethod
    def kind_for_name(name):
        """Guess the kind from the name: '…社区服务中心' or an ordinary 办事处."""
        return Office.Kind.SERVICE_CENTER if name.endswith("社区服务中心") else Office.Kind.OFFICE


class VillageQuerySet(models.QuerySet):
    def with_current_secretary(self):
        current = Secretary.objects.current().order_by("village_id")
        return self.select_related("office").prefetch_related(
            models.Prefetch("secretaries", queryset=current, to_attr="current_secretaries")
        )


class Village(models.Model):
    class Kind(models.TextChoices):
        VILLAGE = "village", _("行政村")
        COMMUNITY = "community", _("社区")
        WORKSTATION = "workstation", _("工作站")
        SITE = "site", _("党建观摩点")
        ENTERPRISE = "enterprise", _("企业党支部")

    office = models.ForeignKey(
        Office, verbose_name=_("办事处"), on_delete=models.PROTECT, related_name="villages"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.VILLAGE)
    is_sample = models.BooleanField(
        _("示例单位"), default=False, help_text=_("演示数据中虚构的单位,不是真实村庄。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = VillageQuerySet.as_manager()

    class Meta:
        ordering = ["office__sort_order", "sort_order", "name"]
        verbose_name = _("村(社区)")
        verbose_name_plural = _("村(社区)")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="village_unique_name_in_office"),
        ]

    def __str__(self):
        return self.name

    @property
    def current_secretary(self):
        """The secretary in office now; uses the prefetch of `with_current_secretary` if present."""
        if hasattr(self, "current_secretaries"):
            return self.current_secretaries[0] if self.current_secretaries else None
        return self.secretaries.current().first()


class SecretaryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)


class Secretary(models.Model):
    """A person's tenure as party-branch secretary (党支部书记) of one village."""

    village = models.ForeignKey(
        Village, verbose_name=_("村(社区)"), on_delete=models.CASCADE, related_name="secretaries"
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[phone_validator])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="secretary_tenures",
    )
    start_date = models.DateField(_("任职日期"), default=timezone.localdate)
    end_date = models.DateField(_("离任日期"), null=True, blank=True)

    objects = SecretaryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["village", "-start_date", "-id"]
        verbose_name = _("党支部书记")
        verbose_name_plural = _("党支部书记")
        constraints = [
            models.UniqueConstraint(
                fields=["village"],
                condition=Q(end_date__isnull=True),
                name="secretary_one_current_per_village",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="secretary_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_current(self):
        return self.end_date is None


class Membership(models.Model):
    """A user's role in an office: staff (工作人员) or leader (领导).

    A leader without an office is a zone leader (区级领导) and reads every office.
    Secretaries are linked through their `Secretary` tenure instead.
    """

    class Role(models.TextChoices):
        STAFF = "staff", _("办事处工作人员")
        LEADER = "leader", _("领导")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    office = models.ForeignKey(
        Office,
        verbose_name=_("办事处"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("领导不选办事处即为全区领导。"),
    )

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "office"], name="membership_unique_role_in_office"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(office__isnull=True),
                name="membership_unique_zone_role",
            ),
            models.CheckConstraint(
                condition=Q(role="leader") | Q(office__isnull=False),
                name="membership_staff_needs_office",
            ),
        ]

    def __str__(self):
        scope = self.office.name if self.office_id else _("全区")
        return f"{self.user} · {self.get_role_display()} · {scope}"


class Pledge(models.Model):
    """A village's yearly public commitment (公开承诺 / 定标亮诺).

    The secretary drafts it and submits it; office staff publish it or send it back with a reason
    (草稿 → 待审核 → 已公开, or 退回). Only 已公开 pledges are shown publicly; once public, a pledge
    changes only with a reason, kept as a PledgeChange the public page shows. See services.py.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("退回")
        PUBLIC = "public", _("已公开")

    class Category(models.TextChoices):
        PARTY_BUILDING = "party_building", _("基层党建")
        EPIDEMIC = "epidemic", _("疫情防控")
        ENVIRONMENT = "environment", _("人居环境")
        GOVERNANCE = "governance", _("网格化基层治理")
        ECONOMY = "economy", _("村集体经济")
        SERVICE = "service", _("为群众办实事")
        OTHER = "other", _("其他")

    village = models.ForeignKey(
        Village, verbose_name=_("村(社区)"), on_delete=models.CASCADE, related_name="pledges"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("承诺事项"), max_length=200)
    content = models.TextField(_("具体内容"))
    measure = models.TextField(_("措施与目标"))
    deadline = models.DateField(_("完成时限"))
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("退回理由"), blank=True)
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["village", "-year", "deadline", "id"]
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")

    def __str__(self):
        return f"{self.year} {self.title}"

    @property
    def is_public(self):
        return self.status == self.Status.PUBLIC

    @property
    def is_editable(self):
        """Drafts and returned pledges change freely; a pending one waits for review."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PledgeChange(models.Model):
    """A change to a public pledge: when, by whom, why, and what changed (shown publicly)."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("承诺事项"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_at = models.DateTimeField(_("修改时间"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("修改理由"))
    # [[field label, old, new], ...] as shown at the time of the change.
    fields = models.JSONField(_("修改内容"), default=list, blank=True)

    class Meta:
        ordering = ["pledge_id", "changed_at", "id"]
        verbose_name = _("公开承诺修改记录")
        verbose_name_plural = _("公开承诺修改记录")

    def __str__(self):
        return f"{self.pledge} · {self.changed_at:%Y-%m-%d}"


class PledgeProgress(models.Model):
    """How a pledge stood at one quarterly review."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未开始")
        IN_PROGRESS = "in_progress", _("推进中")
        DONE = "done", _("已完成")
        DELAYED = "delayed", _("滞后")

    class Quarter(models.IntegerChoices):
        Q1 = 1, _("第一季度")
        Q2 = 2, _("第二季度")
        Q3 = 3, _("第三季度")
        Q4 = 4, _("第四季度")

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("承诺事项"), on_delete=models.CASCADE, related_name="progress"
    )
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=Quarter.choices)
    status = models.CharField(_("进展状态"), max_length=20, choices=Status.choices)
    note = models.TextField(_("进展说明"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("填报时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pledge_id", "quarter"]
        verbose_name = _("季度进展")
        verbose_name_plural = _("季度进展")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "quarter"], name="progress_one_per_quarter"),
        ]

    def __str__(self):
        return f"{self.pledge} · {self.get_quarter_display()} · {self.get_status_display()}"


class PoolGuest(models.Model):
    """A named guest in an office's judge pool (评委库).

    The pool is the people an office may invite as judges: its leaders and staff (Membership),
    the secretaries of its villages (Secretary) and these guests, named one by one."""

    office = models.ForeignKey(
        Office, verbose_name=_("办事处"), on_delete=models.CASCADE, related_name="pool_guests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="pool_guest_of",
    )
    note = models.CharField(
        _("身份说明"), max_length=100, blank=True, help_text=_("例如:区委组织部、兄弟办事处")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        ordering = ["office", "user__username"]
        verbose_name = _("特邀评委")
        verbose_name_plural = _("特邀评委")
        constraints = [models.UniqueConstraint(fields=["office", "user"], name="pool_guest_once_per_office")]

    def __str__(self):
        return f"{self.office} · {self.user}"


class PledgePhoto(StoredPhoto):
    """A photo of a quarter's progress; checked and stripped by the one photo path
    (inspections.photos.process_photo), shown publicly only while its pledge is public."""

    progress = models.ForeignKey(
        PledgeProgress, verbose_name=_("季度进展"), on_delete=models.CASCADE, related_name="photos"
    )

    class Meta:
        ordering = ["progress_id", "uploaded_at", "id"]
        verbose_name = _("进展照片")
        verbose_name_plural = _("进展照片")


class UserPreference(models.Model):
    """A user's own display settings, kept on the server so they follow the user to any device."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="preference",
    )
    large_text = models.BooleanField(
        _("大字模式"), default=False, help_text=_("放大文字和按钮，提高对比度（适老化）。")
    )

    class Meta:
        verbose_name = _("个人设置")
        verbose_name_plural = _("个人设置")

    def __str__(self):
        return str(self.user)
