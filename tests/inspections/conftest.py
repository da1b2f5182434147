"""Fixtures for inspection rounds: a 郑港 round with weighted criteria, sites, judges and a second staff member."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from inspections import services
from inspections.models import CriterionTemplate, InspectionRound, RoundSite, ScoreSheet, Stage
from villages.models import Membership, Secretary, Village

PASSWORD = "pass-for-tests-123"


def make_user(username, **extra):
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)


class RoundSetup:
    """A draft Q1 2022 round of 郑港 with everything it needs to open.

    Criteria (copied from the office's templates): 定标亮诺 (max 10, weight 1) and 人居环境整治
    (max 10, weight 2), both one decimal place. Sites in visiting order: 1 慈航路社区, 2 谷庄村,
    3 田王村 (新港's village: a learning visit). Judges: judge_a, judge_b, judge_c and `secretary`
    (secretary of 慈航路社区, so barred from scoring it). staff2 is a second staff member of 郑港.
    """

    def __init__(self, zone):
        self.zone = zone
        self.office = zone.zg
        self.staff = zone.users["staff"]
        self.staff2 = make_user("staff2", first_name="复核员")
        Membership.objects.create(user=self.staff2, role=Membership.Role.STAFF, office=zone.zg)
        self.judge_a = make_user("judge_a", first_name="评委甲")
        self.judge_b = make_user("judge_b", first_name="评委乙")
        self.judge_c = make_user("judge_c", first_name="评委丙")
        self.secretary = zone.users["secretary"]
        self.cihang, self.guzhuang, self.tianwang = zone.cihang, zone.guzhuang, zone.tianwang
        self.templates = [
            CriterionTemplate.objects.create(
                office=zone.zg,
                name="定标亮诺",
                description="承诺事项具体可考核",
                stage=Stage.FIELD_VISIT,
                maximum=Decimal("10"),
                weight=Decimal("1"),
                sort_order=1,
            ),
            CriterionTemplate.objects.create(
                office=zone.zg,
                name="人居环境整治",
                description="道路、庭院整洁",
                stage=Stage.FIELD_VISIT,
                maximum=Decimal("10"),
                weight=Decimal("2"),
                sort_order=2,
            ),
        ]
        self.round = InspectionRound.objects.create(
            office=zone.zg,
            year=2022,
            quarter=1,
            date=datetime.date(2022, 3, 24),
            title="2022年第一季度亮赛比",
            stages=[Stage.FIELD_VISIT, Stage.REPORT],
            drop_extremes=True,
            created_by=self.staff,
        )
        services.criteria_copy_from_templates(self.round)
        self.c1, self.c2 = list(self.round.criteria.order_by("sort_order"))
        for order, village in enumerate([self.cihang, self.guzhuang, self.tianwang], start=1):
            RoundSite(round=self.round, village=village, order=order).save()
        self.round.judges.set([self.judge_a, self.judge_b, self.judge_c, self.secretary])

    @property
    def rnd(self):
        return self.round

    def refresh(self):
        self.round.refresh_from_db()
        return self.round

    def open(self):
        services.round_open(rnd=self.round, user=self.staff)
        return self.refresh()

    def close(self, confirm_drafts=True):
        services.round_close(rnd=self.round, user=self.staff, confirm_drafts=confirm_drafts)
        return self.refresh()

    def publish(self):
        services.round_publish(rnd=self.round, user=self.staff)
        return self.refresh()

    def sheet(self, judge, village, v1, v2, submit=True, remark=""):
        """Save a judge's sheet (the round must be open); `v1`/`v2` are the two criteria's values."""
        values = {}
        if v1 is not None:
            values[self.c1.pk] = Decimal(str(v1))
        if v2 is not None:
            values[self.c2.pk] = Decimal(str(v2))
        sheet = ScoreSheet.objects.filter(round=self.round, village=village, judge=judge).first()
        return services.sheet_save(
            rnd=self.round,
            village=village,
            judge=judge,
            values=values,
            remark=remark,
            submit=submit,
            actor=judge,
            version=sheet.version if sheet else None,
        )


@pytest.fixture
def round_setup(zone):
    return RoundSetup(zone)


@pytest.fixture
def build_round(zone):
    """Build an open 郑港 round of `villages` × `judges` × `criteria`, every sheet submitted."""

    def _build(villages, judges, criteria, *, year=2023, quarter=1, prefix="q"):
        staff = zone.users["staff"]
        rnd = InspectionRound.objects.create(
            office=zone.zg,
            year=year,
            quarter=quarter,
            date=datetime.date(year, 3, 1),
            title=f"{prefix} {villages}×{judges}×{criteria}",
            drop_extremes=True,
        )
        crits = [
            rnd.criteria.create(
                name=f"评分项{i}", maximum=Decimal("10"), weight=Decimal(1 + i % 2), sort_order=i
            )
            for i in range(criteria)
        ]
        vils = [
            Village.objects.create(office=zone.zg, name=f"{prefix}村{i}", sort_order=10 + i)
            for i in range(villages)
        ]
        for i, v in enumerate(vils):
            Secretary.objects.create(village=v, name=f"书记{prefix}{i}", start_date=datetime.date(2021, 1, 1))
            RoundSite(round=rnd, village=v, order=i + 1).save()
        RoundSite(round=rnd, village=zone.tianwang, order=villages + 1).save()
        js = [make_user(f"{prefix}judge{i}") for i in range(judges)]
        rnd.judges.set(js)
        services.round_open(rnd=rnd, user=staff)
        for vi, v in enumerate(vils):
            for ji, j in enumerate(js):
                services.sheet_save(
                    rnd=rnd,
                    village=v,
                    judge=j,
                    values={c.pk: Decimal((vi + ji + ci) % 11) for ci, c in enumerate(crits)},
                    submit=True,
                    actor=j,
                )
        rnd.refresh_from_db()
        return rnd, vils, js, crits

    return _build
