"""Demo rounds: each seed office's Q1 2022 round on the report's date, published, with
synthetic scores (演示数据) from four demo judges. Seeding twice changes nothing."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from villages.demo import DEMO_PASSWORD, demo_user
from villages.models import Office, Village

from . import services
from .models import (
    Adjustment,
    Commentary,
    CriterionTemplate,
    InspectionRound,
    Rectification,
    RoundSite,
    Stage,
)

S = Stage
STANDARD_AREAS = [
    ("定标亮诺", S.FIELD_VISIT, "年度公开承诺事项制定是否具体可考核,季度推进是否有台账。"),
    ("疫情防控", S.FIELD_VISIT, "“三人小组”网格排查、扫码测温、核酸检测组织情况。"),
    ("人居环境整治", S.FIELD_VISIT, "道路、背街小巷、庭院内外、公共场所环境整治及长效机制。"),
    ("党建引领网格化基层治理", S.REPORT, "网格划分、党员联系户走访、风险隐患排查和台账。"),
]
TEMPLATES = {
    "郑港办事处": [(name, stage, text, Decimal("25")) for name, stage, text in STANDARD_AREAS],
    "新港办事处": [
        ("定标亮诺情况", S.FIELD_VISIT, "支部书记年初定标亮诺是否具体、公开。", Decimal("25")),
        ("疫情群防群控和无疫村创建", S.FIELD_VISIT, "群防群控体系建设,无疫社区(村)创建。", Decimal("25")),
        ("农村人居环境集中整治", S.FIELD_VISIT, "党建引领农村人居环境集中整治情况。", Decimal("25")),
        ("党建引领网格化基层治理", S.ARENA, "擂台比武汇报:网格化基层治理的做法与成效。", Decimal("25")),
    ],
    "明港办事处": [(name, stage, text, Decimal("25")) for name, stage, text in STANDARD_AREAS],
    "银河办事处": [
        (
            "年度承诺事项制定情况",
            S.FIELD_VISIT,
            "围绕群众需求谋划年度目标,制定工作台账,公开承诺。",
            Decimal("20"),
        ),
        (
            "疫情群防群控和无疫社区创建",
            S.FIELD_VISIT,
            "“九个到位”“十有标准”,“三人小组”作用发挥。",
            Decimal("20"),
        ),
        (
            "农村人居环境集中整治",
            S.FIELD_VISIT,
            "道路、背街小巷、庭院内外、公共场所整治,长效机制。",
            Decimal("20"),
        ),
        ("党建引领网格化基层治理", S.ARENA, "党员联户、网格化管理、支部会商三项机制运行。", Decimal("20")),
        ("村集体经济提质扩面", S.ARENA, "资源优势转化为经济优势,集体经济良性循环。", Decimal("20")),
    ],
    "IT产业园社区服务中心": [
        ("能力作风建设年活动", S.FIELD_VISIT, "查阅档案资料:活动方案、台账、记录。", Decimal("30")),
        ("疫情群防群控", S.FIELD_VISIT, "观摩阵地建设:防控值守、人员排查。", Decimal("30")),
        (
            "党建引领网格化基层治理",
            S.REPORT,
            "汇报评议:谋划全年重点工作、基层党建质量提升三年行动。",
            Decimal("40"),
        ),
    ],
}

ROUNDS = {
    "郑港办事处": {
        "date": datetime.date(2022, 3, 24),
        "title": "2022年第一季度“逐村观摩”暨党组织书记“亮赛比”活动",
        "host": "朱永立",
        "participants": "办事处党工委副书记、党建办工作人员及各村支部书记",
        "stages": [S.FIELD_VISIT, S.REPORT, S.ARENA],
    },
    "新港办事处": {
        "date": datetime.date(2022, 3, 29),
        "title": "2022年第一季度“逐村观摩”暨党组织书记“亮承诺、赛实绩、比干劲”擂台赛",
        "host": "张超杰",
        "participants": "观摩组成员、各村支部书记;办事处主任总结点评",
        "stages": [S.FIELD_VISIT, S.ARENA, S.REVIEW],
    },
    "明港办事处": {
        "date": datetime.date(2022, 3, 29),
        "title": "2022年第一季度党组织书记“亮赛比”暨逐村观摩活动",
        "host": "郑艳霞",
        "participants": "办事处党工委副书记、党工委委员、各支部书记",
        "stages": [S.FIELD_VISIT, S.REVIEW],
        "learning": [("郑港办事处", "后宋村")],
    },
    "银河办事处": {
        "date": datetime.date(2022, 3, 24),
        "title": "2022年第一季度“逐村观摩”暨“亮赛比”擂台赛",
        "host": "赵淼",
        "participants": "办事处党工委成员、各村党支部书记",
        "stages": [S.FIELD_VISIT, S.ARENA, S.REVIEW],
    },
    "IT产业园社区服务中心": {
        "date": datetime.date(2022, 3, 29),
        "title": "2022年第一季度党支部观摩暨书记“亮赛比”活动",
        "host": "王兴",
        "participants": "服务中心党工委成员、各党支部书记",
        "stages": [S.FIELD_VISIT, S.REPORT, S.REVIEW],
    },
}

JUDGES = [
    ("judge1", "评委甲(演示)"),
    ("judge2", "评委乙(演示)"),
    ("judge3", "评委丙(演示)"),
    ("judge4", "评委丁(演示)"),
    ("judge5", "评委戊(演示)"),
]

ADJUSTMENTS = [
    ("郑港办事处", "慈航路社区", Decimal("1"), "单次最高核酸检测 1.3 万人,组织有力(演示数据)"),
    ("郑港办事处", "示例一村", Decimal("-0.5"), "现场查阅台账资料不全(演示数据)"),
    ("银河办事处", "示例二村", Decimal("0.5"), "人居环境整治长效机制受到区级通报表扬(演示数据)"),
]


def _judges():
    return [demo_user(username, display) for username, display in JUDGES]


def _templates(office):
    for order, (name, stage, text, maximum) in enumerate(TEMPLATES[office.name], start=1):
        CriterionTemplate.objects.get_or_create(
            office=office,
            name=name,
            defaults={"stage": stage, "description": text, "maximum": maximum, "sort_order": order},
        )


def _synthetic_value(rng, criterion, strength):
    """A plausible score: the village's strength (0.7–0.95 of the maximum) plus judge noise."""
    value = criterion.maximum * Decimal(str(strength)) + Decimal(str(rng.uniform(-1.5, 1.5)))
    value = min(max(value, Decimal("0")), criterion.maximum)
    return value.quantize(Decimal("0.1"))


def _seed_round(office, judges, staff, *, quarter=1, spec=None, pending_judges=(), publish=True):
    spec = spec or ROUNDS[office.name]
    if InspectionRound.objects.filter(office=office, year=2022, quarter=quarter).exists():
        return None
    rnd = InspectionRound.objects.create(
        office=office,
        year=2022,
        quarter=quarter,
        date=spec["date"],
        title=spec["title"],
        host=spec["host"],
        participants=spec["participants"],
        stages=spec["stages"],
        drop_extremes=True,
        created_by=staff,
    )
    services.criteria_copy_from_templates(rnd)
    villages = list(Village.objects.filter(office=office))
    order = 0
    for order, village in enumerate(villages, start=1):
        RoundSite(round=rnd, village=village, order=order).save()
    for office_name, village_name in spec.get("learning", []):
        learning = Village.objects.get(office__name=office_name, name=village_name)
        RoundSite(round=rnd, village=learning, order=0, note="观摩学习").save()
    rnd.judges.set(judges)
    services.round_open(rnd=rnd, user=staff)
    rng = random.Random(f"{office.name}-2022-{quarter}")
    criteria = list(rnd.criteria.all())
    for village in villages:
        strength = rng.uniform(0.7, 0.95)
        for judge in judges:
            if judge in pending_judges:
                continue
            values = {c.pk: _synthetic_value(rng, c, strength) for c in criteria}
            services.sheet_save(
                rnd=rnd,
                village=village,
                judge=judge,
                values=values,
                remark="演示数据",
                submit=True,
                actor=judge,
            )
    for office_name, village_name, points, reason in ADJUSTMENTS:
        if office_name == office.name and publish and quarter == 1:
            Adjustment.objects.create(
                round=rnd,
                village=Village.objects.get(office=office, name=village_name),
                points=points,
                reason=reason,
                created_by=staff,
            )
    if publish:
        services.round_close(rnd=rnd, user=staff)
        services.round_publish(rnd=rnd, user=staff)
    return rnd


SECOND_QUARTER_DATES = {
    "郑港办事处": datetime.date(2022, 6, 23),
    "新港办事处": datetime.date(2022, 6, 28),
    "明港办事处": datetime.date(2022, 6, 28),
    "银河办事处": datetime.date(2022, 6, 23),
    "IT产业园社区服务中心": datetime.date(2022, 6, 28),
}

OPEN_ROUND = {
    "date": datetime.date(2022, 9, 22),
    "title": "2022年第三季度“逐村观摩”暨党组织书记“亮赛比”活动(评分中,演示)",
    "host": "朱永立",
    "participants": "办事处党工委副书记、党建办工作人员及各村支部书记",
    "stages": [S.FIELD_VISIT, S.REPORT, S.ARENA],
}

COMMENTARY = [
    (None, Commentary.Kind.HIGHLIGHT, "各村现阶段工作取得明显成绩,台账规范、措施具体。(演示数据)"),
    (
        None,
        Commentary.Kind.REQUIREMENT,
        "要正视自身不足,汲取经验教训,多向优秀的村庄学习,抓好各项工作落地。(演示数据)",
    ),
    (
        "慈航路社区",
        Commentary.Kind.HIGHLIGHT,
        "党建引领网格化开展风险隐患排查,“三人小组”台账完整。(演示数据)",
    ),
    ("谷庄村", Commentary.Kind.PROBLEM, "党员联系户走访记录不够及时,部分台账缺少群众反馈。(演示数据)"),
]

RECTIFICATIONS = [
    (
        "谷庄村",
        "党员联系户走访台账缺少群众反馈记录",
        "补齐一季度走访反馈,建立每月核对制度",
        "李春生",
        datetime.date(2022, 5, 31),
        "verified",
    ),
    (
        "慈航路社区",
        "背街小巷仍有堆放杂物",
        "一周内清理完毕,纳入长效保洁",
        "王建国",
        datetime.date(2022, 4, 15),
        "done",
    ),
    (
        "示例一村",
        "台账资料不全,承诺事项缺少季度进展",
        "补齐台账,按季度填报承诺进展",
        "赵示明",
        datetime.date(2022, 9, 30),
        "open",
    ),
]


def _seed_review(rnd, staff):
    """点评与整改 for 郑港's first round."""
    if rnd is None:
        return
    villages = {v.name: v for v in Village.objects.filter(office=rnd.office)}
    for village_name, kind, text in COMMENTARY:
        Commentary.objects.create(
            round=rnd,
            village=villages.get(village_name),
            kind=kind,
            text=text,
            speaker=rnd.host,
            created_by=staff,
        )
    for village_name, problem, requirement, responsible, deadline, status in RECTIFICATIONS:
        Rectification.objects.create(
            round=rnd,
            village=villages[village_name],
            problem=problem + "(演示数据)",
            requirement=requirement,
            responsible=responsible,
            deadline=deadline,
            status=status,
            created_by=staff,
        )


@transaction.atomic
def seed():
    judges = _judges()
    staff = get_user_model().objects.filter(username="zg_staff").first()
    for office in Office.objects.filter(name__in=ROUNDS):
        _templates(office)
        first = _seed_round(office, judges, staff)
        if office.name == "郑港办事处":
            _seed_review(first, staff)
        second = dict(ROUNDS[office.name], date=SECOND_QUARTER_DATES[office.name])
        second["title"] = second["title"].replace("第一季度", "第二季度")
        second.pop("learning", None)
        _seed_round(office, judges, staff, quarter=2, spec=second)
    # 郑港's third quarter is open for scoring: judge1 has yet to score, so the phone form and
    # the arena screen can be tried.
    zhenggang = Office.objects.filter(name="郑港办事处").first()
    if zhenggang:
        _seed_round(
            zhenggang, judges, staff, quarter=3, spec=OPEN_ROUND, pending_judges=judges[:1], publish=False
        )


def login_lines():
    username, display = JUDGES[0]
    return [f"  {'评委':<8} {username:<18} {DEMO_PASSWORD}   ({display};judge2–judge5 同一密码)"]
