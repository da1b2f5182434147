"""Demo rounds, as the 2022 report describes them: each seed office's first quarter on the report's
date and its second quarter, both published, and 郑港's third quarter open for scoring (judge1 has
yet to score). Scores are synthetic (演示数据) and seeded, so every run gives the same figures; the
rounds carry bonuses and deductions, the leaders' remarks and requirements, rectification items in
every state, and site photos drawn in code.

Everything goes through the forms and services the pages use. A round that already exists is left
alone, so seeding twice changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from villages.demo import DEMO_PASSWORD, demo_user
from villages.demo_clock import demo_clock
from villages.models import Office, PoolGuest, Secretary, Village
from villages.text import padded

from . import demo_remarks as R
from . import rectifications, selectors, services
from .demo_scenes import scene
from .forms.records import AdjustmentForm, PhotoForm
from .forms.review import CommentaryForm
from .models import Commentary, CriterionTemplate, InspectionRound, RoundSite, Stage
from .photos import process_photo

S = Stage
STANDARD_AREAS = [
    ("定标亮诺", S.FIELD_VISIT, "年度公开承诺事项制定是否具体可考核，季度推进是否有台账。"),
    ("疫情防控", S.FIELD_VISIT, "“三人小组”网格排查、扫码测温、核酸检测组织情况。"),
    ("人居环境整治", S.FIELD_VISIT, "道路、背街小巷、庭院内外、公共场所环境整治及长效机制。"),
    ("党建引领网格化基层治理", S.REPORT, "网格划分、党员联系户走访、风险隐患排查和台账。"),
]
TEMPLATES = {
    "郑港办事处": [(name, stage, text, Decimal("25")) for name, stage, text in STANDARD_AREAS],
    "新港办事处": [
        ("定标亮诺情况", S.FIELD_VISIT, "支部书记年初定标亮诺是否具体、公开。", Decimal("25")),
        ("疫情群防群控和无疫村创建", S.FIELD_VISIT, "群防群控体系建设，无疫社区（村）创建。", Decimal("25")),
        ("农村人居环境集中整治", S.FIELD_VISIT, "党建引领农村人居环境集中整治情况。", Decimal("25")),
        ("党建引领网格化基层治理", S.ARENA, "擂台比武汇报：网格化基层治理的做法与成效。", Decimal("25")),
    ],
    "明港办事处": [(name, stage, text, Decimal("25")) for name, stage, text in STANDARD_AREAS],
    "银河办事处": [
        (
            "年度承诺事项制定情况",
            S.FIELD_VISIT,
            "围绕群众需求谋划年度目标，制定工作台账，公开承诺。",
            Decimal("20"),
        ),
        (
            "疫情群防群控和无疫社区创建",
            S.FIELD_VISIT,
            "“九个到位”“十有标准”，“三人小组”作用发挥。",
            Decimal("20"),
        ),
        (
            "农村人居环境集中整治",
            S.FIELD_VISIT,
            "道路、背街小巷、庭院内外、公共场所整治，长效机制。",
            Decimal("20"),
        ),
        ("党建引领网格化基层治理", S.ARENA, "党员联户、网格化管理、支部会商三项机制运行。", Decimal("20")),
        ("村集体经济提质扩面", S.ARENA, "资源优势转化为经济优势，集体经济良性循环。", Decimal("20")),
    ],
    "IT产业园社区服务中心": [
        ("能力作风建设年活动", S.FIELD_VISIT, "查阅档案资料：活动方案、台账、记录。", Decimal("30")),
        ("疫情群防群控", S.FIELD_VISIT, "观摩阵地建设：防控值守、人员排查。", Decimal("30")),
        (
            "党建引领网格化基层治理",
            S.REPORT,
            "汇报评议：谋划全年重点工作、基层党建质量提升三年行动。",
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
        "participants": "观摩组成员、各村支部书记；办事处主任总结点评",
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
    ("judge1", "评委甲（演示）"),
    ("judge2", "评委乙（演示）"),
    ("judge3", "评委丙（演示）"),
    ("judge4", "评委丁（演示）"),
    ("judge5", "评委戊（演示）"),
]
# Each judge's leniency, as a share of a criterion's maximum: some judges score high, some low.
JUDGE_LENIENCY = [0.01, -0.015, 0.0, 0.02, -0.01]
DEMO = "（演示数据）"
PHOTO_MARK = "（演示图片）"

SECOND_QUARTER_DATES = {
    "郑港办事处": datetime.date(2022, 6, 23),
    "新港办事处": datetime.date(2022, 6, 28),
    "明港办事处": datetime.date(2022, 6, 28),
    "银河办事处": datetime.date(2022, 6, 23),
    "IT产业园社区服务中心": datetime.date(2022, 6, 28),
}

# One office changed its 评分细则 for the second quarter: a criterion was added, so its totals no
# longer compare with the first quarter's and the boards compare 得分率 instead (comparison.py).
ADDED_CRITERION = (
    "明港办事处",
    ("村集体经济提质扩面", S.ARENA, "村集体经济项目谋划、增收渠道和收益分配。", Decimal("10")),
)

OPEN_ROUND = {
    "date": datetime.date(2022, 9, 22),
    "title": "2022年第三季度“逐村观摩”暨党组织书记“亮赛比”活动",
    "host": "朱永立",
    "participants": "办事处党工委副书记、党建办工作人员及各村支部书记",
    "stages": [S.FIELD_VISIT, S.REPORT, S.ARENA],
}


def _judges():
    return [demo_user(username, display) for username, display in JUDGES]


def _judge_pool(office, judges, actor):
    """The demo judges are named guests of every office's judge pool (评委库)."""
    for judge in judges:
        PoolGuest.objects.get_or_create(
            office=office, user=judge, defaults={"note": "演示", "added_by": actor}
        )


def _templates(office):
    for order, (name, stage, text, maximum) in enumerate(TEMPLATES[office.name], start=1):
        CriterionTemplate.objects.get_or_create(
            office=office,
            name=name,
            defaults={"stage": stage, "description": text, "maximum": maximum, "sort_order": order},
        )


def _added_criterion(office):
    name, stage, text, maximum = ADDED_CRITERION[1]
    CriterionTemplate.objects.get_or_create(
        office=office,
        name=name,
        defaults={
            "stage": stage,
            "description": text,
            "maximum": maximum,
            "sort_order": len(TEMPLATES[office.name]) + 1,
        },
    )


def _flavour(village):
    if village.kind == Village.Kind.WORKSTATION:
        return R.STATION
    return R.RURAL if village.kind == Village.Kind.VILLAGE else R.URBAN


def _office_flavour(office):
    return R.STATION if office.kind == Office.Kind.SERVICE_CENTER else R.RURAL


def strength(village, quarter):
    """How well a village does in a quarter (0.6–0.97 of the maximum): a steady base from its name,
    plus a seeded change each quarter, so some villages climb and others slip. The report's own
    villages were its showcase sites, so their invented scores start in the upper range."""
    low = 0.72 if village.is_sample else 0.82
    value = random.Random(f"strength-{village.office.name}-{village.name}").uniform(low, 0.93)
    for q in range(2, quarter + 1):
        value += random.Random(f"change-{village.office.name}-{village.name}-{q}").gauss(0, 0.04)
    return min(max(value, 0.6), 0.97)


def _synthetic_value(rng, criterion, level):
    """A plausible score: the village's level for this criterion plus judge noise, on the criterion's step."""
    share = Decimal(str(level + rng.uniform(-0.06, 0.06)))
    value = min(max(criterion.maximum * share, Decimal("0")), criterion.maximum)
    return value.quantize(criterion.step)


def _score(rnd, villages, judges, pending_judges):
    rng = random.Random(f"{rnd.office.name}-{rnd.year}-{rnd.quarter}")
    criteria = list(rnd.criteria.all())
    for village in villages:
        base = strength(village, rnd.quarter)
        # Strong in one area, weaker in another.
        levels = {c.pk: base + rng.uniform(-0.05, 0.05) for c in criteria}
        for judge, leniency in zip(judges, JUDGE_LENIENCY, strict=True):
            if judge in pending_judges:
                continue
            values = {c.pk: _synthetic_value(rng, c, levels[c.pk] + leniency) for c in criteria}
            services.sheet_save(
                rnd=rnd,
                village=village,
                judge=judge,
                values=values,
                remark="演示数据",
                submit=True,
                actor=judge,
            )


def _valid(form):
    if not form.is_valid():  # the demo's own data: a failure here is a bug in this module
        raise ValueError(form.errors.as_text())
    return form


def _adjustments(rnd, villages, actor, rng):
    """A bonus for a strong village or two, a deduction for a weak one."""
    choices = selectors.scored_villages(rnd)
    ranked = sorted(villages, key=lambda v: strength(v, rnd.quarter), reverse=True)
    items = []
    if rnd.quarter == 1 and rnd.office.name == R.REPORT_BONUS[0]:
        _office, name, points, reason = R.REPORT_BONUS
        items.append((next(v for v in villages if v.name == name), Decimal(points), reason))
    taken = {v for v, _p, _r in items}
    for village in rng.sample([v for v in ranked[: len(ranked) // 2] if v not in taken], rng.randint(0, 2)):
        items.append(
            (village, rng.choice([Decimal("0.5"), Decimal("1"), Decimal("2")]), rng.choice(R.BONUSES))
        )
    for village in rng.sample(ranked[len(ranked) // 2 :], rng.randint(1, 2)):
        items.append((village, -rng.choice([Decimal("0.5"), Decimal("1")]), rng.choice(R.DEDUCTIONS)))
    for village, points, reason in items:
        form = AdjustmentForm(
            data={"village": village.pk, "points": str(points), "reason": reason + DEMO}, villages=choices
        )
        services.adjustment_add(rnd=rnd, form=_valid(form), user=actor)


# When a round's steps happen, in days from its date: set up a week before, opened the day
# before, scored and closed on the day, published two days later.
SET_UP, OPENED, PUBLISHED = -7, -1, 2
DAY = datetime.timedelta(days=1)


def _seed_round(office, judges, actor, clock, *, quarter=1, spec=None, pending_judges=(), publish=True):
    spec = spec or ROUNDS[office.name]
    if InspectionRound.objects.filter(office=office, year=2022, quarter=quarter).exists():
        return None
    clock.at(spec["date"] + SET_UP * DAY)
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
        created_by=actor,
    )
    services.criteria_copy_from_templates(rnd)
    villages = list(Village.objects.filter(office=office).with_current_secretary())
    for order, village in enumerate(villages, start=1):
        RoundSite(round=rnd, village=village, order=order).save()
    for office_name, village_name in spec.get("learning", []):
        learning = Village.objects.get(office__name=office_name, name=village_name)
        RoundSite(round=rnd, village=learning, order=0, note="观摩学习").save()
    rnd.judges.set(judges)
    clock.at(rnd.date + OPENED * DAY, hour=16)
    services.round_open(rnd=rnd, user=actor)
    clock.at(rnd.date)
    _score(rnd, villages, judges, pending_judges)
    rng = random.Random(f"review-{office.name}-{rnd.year}-{quarter}")
    _adjustments(rnd, villages, actor, rng)
    if publish:
        services.round_close(rnd=rnd, user=actor)
        clock.at(rnd.date + PUBLISHED * DAY)
        services.round_publish(rnd=rnd, user=actor)
    clock.at(rnd.date, hour=16)  # the remarks are made at the meeting
    _review(rnd, villages, actor, rng, clock)
    if publish:
        clock.at(rnd.date, hour=17)
        _photos(rnd, villages, actor, rng)
    return rnd


# --- 点评与整改 ----------------------------------------------------------------------


def _comment(rnd, choices, kind, text, speaker, actor, village=None):
    form = CommentaryForm(
        data={
            "village": village.pk if village else "",
            "kind": kind,
            "text": text + DEMO,
            "speaker": speaker,
        },
        villages=choices,
    )
    return services.commentary_add(rnd=rnd, form=_valid(form), user=actor)


class _Deck:
    """Remarks dealt without repeats until a pool runs out, so one round's list doesn't read the same
    sentence over and over."""

    def __init__(self, pools, rng):
        self.pools, self.rng, self.left = pools, rng, {}

    def draw(self, pool):
        if not self.left.get(pool):
            self.left[pool] = self.rng.sample(self.pools[pool], len(self.pools[pool]))
        return self.left[pool].pop()


def _review(rnd, villages, actor, rng, clock):
    """The leaders' remarks on the round and on some villages; each problem becomes a rectification item."""
    office = rnd.office
    flavour = _office_flavour(office)
    choices = selectors.scored_villages(rnd)
    K = Commentary.Kind
    # Leaders don't repeat last quarter's words.
    said = {
        text.removesuffix(DEMO)
        for text in Commentary.objects.filter(
            round__office=office, round__year=rnd.year, round__quarter=rnd.quarter - 1, village=None
        ).values_list("text", flat=True)
    }

    def fresh(pool, count):
        unsaid = [text for text in pool if text not in said]
        return rng.sample(unsaid, min(count, len(unsaid)))

    for text in fresh(R.ROUND_HIGHLIGHTS[flavour], rng.randint(2, 4)):
        _comment(rnd, choices, K.HIGHLIGHT, text, rnd.host, actor)
    if rnd.quarter == 1:
        speaker, requirements = R.REPORT_REQUIREMENTS[office.name]
        if len(requirements) < 2:
            requirements = requirements + fresh(R.REQUIREMENTS[flavour], 1)
    else:
        speaker, requirements = rnd.host, fresh(R.REQUIREMENTS[flavour], rng.randint(2, 4))
    for text in requirements:
        _comment(rnd, choices, K.REQUIREMENT, text, speaker, actor)

    highlights, problems_deck = _Deck(R.VILLAGE_HIGHLIGHTS, rng), _Deck(R.VILLAGE_PROBLEMS, rng)
    fixed = {(name, kind): text for o, name, kind, text in R.REPORT_REMARKS if o == office.name}
    ranked = sorted(villages, key=lambda v: strength(v, rnd.quarter), reverse=True)
    third = len(ranked) / 3
    problems = []
    for position, village in enumerate(ranked):
        own = {
            kind: text for (name, kind), text in fixed.items() if name == village.name and rnd.quarter == 1
        }
        if own:
            for kind, text in own.items():
                _comment(rnd, choices, kind, text, rnd.host, actor, village)
            continue
        top, bottom = position < third, position >= 2 * third
        pool = _flavour(village)
        if rng.random() < (0.75 if top else 0.35 if not bottom else 0.2):
            _comment(rnd, choices, K.HIGHLIGHT, highlights.draw(pool), rnd.host, actor, village)
        # The secretary's login has an item of its own to report on in the latest published round.
        own_item = rnd.quarter == 2 and village.name == "慈航路社区"
        if own_item or rng.random() < (0.15 if top else 0.35 if not bottom else 0.8):
            problem, requirement = problems_deck.draw(pool)
            remark = _comment(rnd, choices, K.PROBLEM, problem, rnd.host, actor, village)
            problems.append((village, remark, requirement))
    _rectifications(rnd, problems, choices, actor, rng, clock)


# Shares of 已销号 / 已提交 / 退回 by quarter (the rest 整改中): older items are mostly closed.
STATE_MIX = {1: (0.55, 0.2, 0.1), 2: (0.25, 0.3, 0.15), 3: (0.0, 0.0, 0.0)}
STATES = ["verified", "done", "returned", "open"]
RETURN_REASONS = ["整改后照片看不出变化，请补拍同一位置的照片。", "台账只补了一半，请补齐后再提交。"]
NO_PHOTO = "该问题为台账资料类，无法拍照，已将补齐后的台账报办事处查阅。"
# Items of these offices carry before and after photos (drawn when the demo is loaded); the others
# are closed on a written reason staff accepted, so both kinds of evidence are there to see.
PHOTO_OFFICES = {"郑港办事处"}


def _states(quarter, n, rng):
    verified, done, returned = STATE_MIX[quarter]
    states = STATES[: n if quarter < 3 else 0]  # each state in a published round
    while len(states) < n:
        draw = rng.random()
        cut = [verified, verified + done, verified + done + returned]
        states.append(next((st for st, c in zip(STATES, cut, strict=False) if draw < c), "open"))
    rng.shuffle(states)
    return states


def _evidence(kind, rng):
    upload = SimpleUploadedFile("evidence.jpg", scene(kind, rng), content_type="image/jpeg")
    return [process_photo(upload)]


def _rectifications(rnd, problems, choices, actor, rng, clock):
    """Each problem remark made an item in one step (责任人, 整改时限), then moved along as the pages
    move it: submitted with an after photo (or a written reason) before its deadline, closed by
    staff on that evidence a few days later, or sent back. Deadlines fall weeks after the round, so
    open items of the first quarter are overdue by the second; some open items of the second are
    due after the third quarter's visit, so its lists show both."""
    reporter_for = {}
    for tenure in Secretary.objects.current().filter(user__isnull=False, village__in=choices):
        reporter_for[tenure.village_id] = tenure.user
    states = _states(rnd.quarter, len(problems), rng)
    with_photos = rnd.office.name in PHOTO_OFFICES
    still_open = 0
    for (village, remark, requirement), state in zip(problems, states, strict=True):
        deadline = rnd.date + datetime.timedelta(days=rng.choice([15, 30, 45, 60]))
        if state in ("open", "returned") and rnd.quarter > 1:
            still_open += 1
            if village.name == "慈航路社区" or still_open % 2:
                deadline = rnd.date + datetime.timedelta(days=rng.choice([100, 110, 120]))
        clock.at(rnd.date, hour=16)
        secretary = village.current_secretary
        item = rectifications.rectification_from_remark(
            remark=remark,
            requirement=requirement,
            responsible=secretary.name if secretary else "村两委",
            deadline=deadline,
            user=actor,
            photos=_evidence("village", rng) if with_photos else [],
        )
        reporter = reporter_for.get(village.pk, actor)
        worked = min(rnd.date + datetime.timedelta(days=rng.randint(5, 14)), deadline)
        clock.at(worked)
        if state == "open" and rng.random() < 0.4:
            rectifications.rectification_note(item=item, user=reporter, note=rng.choice(R.STILL_OPEN))
        if state == "open":
            continue
        rectifications.rectification_submit(
            item=item,
            user=reporter,
            note=rng.choice(R.REPORTED_DONE),
            photos=_evidence("village", rng) if with_photos else [],
            evidence_reason="" if with_photos else NO_PHOTO,
        )
        clock.at(worked + datetime.timedelta(days=rng.randint(1, 4)))
        if state == "verified":
            rectifications.rectification_close(
                item=item,
                user=actor,
                as_staff=True,
                note=rng.choice(R.VERIFIED),
                accept_reason=not with_photos,
            )
        elif state == "returned":
            rectifications.rectification_return(
                item=item, user=actor, as_staff=True, reason=rng.choice(RETURN_REASONS)
            )


BETWEEN_ROUNDS = ("慈航路社区", "小区东门道路破损，雨天积水（两轮之间群众反映）" + DEMO, "修补路面，疏通排水")
BETWEEN_ROUNDS_DAY = datetime.date(2022, 8, 10)  # raised between the second and third quarters


def _between_rounds(actor, clock):
    """An item raised between rounds (no round), for the secretary's login to work on."""
    village = Village.objects.with_current_secretary().filter(name=BETWEEN_ROUNDS[0]).first()
    if village is None or village.rectifications.filter(problem=BETWEEN_ROUNDS[1]).exists():
        return
    clock.at(BETWEEN_ROUNDS_DAY)
    rectifications.rectification_raise(
        village=village,
        problem=BETWEEN_ROUNDS[1],
        requirement=BETWEEN_ROUNDS[2],
        responsible=village.current_secretary.name,
        deadline=BETWEEN_ROUNDS_DAY + datetime.timedelta(days=60),
        user=actor,
        photos=_evidence("village", random.Random("between-rounds")),
    )


def _checks(rnd, actor, clock):
    """现场复核 at the open third-quarter visit: one item passed, one not, so the form shows both."""
    clock.at(rnd.date, hour=11)
    items = selectors.recheck_items(rnd, today=rnd.date)
    marked = 0
    for village_items in items.values():
        for item in village_items:
            if marked == 0 and item.status == "done":
                rectifications.rectification_check(item=item, rnd=rnd, user=actor, as_staff=True, passed=True)
                marked += 1
            elif marked == 1 and item.status == "open":
                rectifications.rectification_check(
                    item=item,
                    rnd=rnd,
                    user=actor,
                    as_staff=True,
                    passed=False,
                    note="现场查看仍未完成整改" + DEMO,
                )
                return


# --- 现场照片 -----------------------------------------------------------------------


def _photo(rnd, village, kind, caption, actor, rng):
    """Uploaded as the 照片 page uploads: the form checks the picture (process_photo) and the caption."""
    upload = SimpleUploadedFile("demo.jpg", scene(kind, rng), content_type="image/jpeg")
    form = PhotoForm(
        data={"village": village.pk, "caption": caption},
        files={"image": upload},
        villages=Village.objects.filter(pk__in=rnd.sites.values("village_id")),
    )
    _valid(form)
    services.photo_add(
        rnd=rnd,
        village=form.cleaned_data["village"],
        processed=form.processed,
        caption=form.cleaned_data["caption"],
        user=actor,
    )


def _photos(rnd, villages, actor, rng):
    """3–6 pictures (文/图): the meeting, then scenes from villages the round visited."""
    meeting = next(s for s in (Stage.ARENA, Stage.REVIEW, Stage.REPORT) if s in rnd.stages)
    caption = f"{rnd.office.name}{rnd.get_quarter_display()}{R.MEETING_CAPTIONS[meeting]}{PHOTO_MARK}"
    _photo(rnd, villages[0], "hall", caption, actor, rng)
    count = rng.randint(3, 6) - 1
    for office_name, village_name in ROUNDS[rnd.office.name].get("learning", []) if rnd.quarter == 1 else []:
        learning = Village.objects.get(office__name=office_name, name=village_name)
        text = f"{rnd.office.name}观摩团在{office_name}{village_name}学习交流{PHOTO_MARK}"
        _photo(rnd, learning, "village", text, actor, rng)
        count -= 1
    for village in rng.sample(villages, count):
        kind, text = rng.choice(R.CAPTIONS[_flavour(village)])
        _photo(rnd, village, kind, text.format(v=village.name) + PHOTO_MARK, actor, rng)


@transaction.atomic
def seed():
    judges = _judges()  # accounts are today's: their passwords are not years old
    with demo_clock(ROUNDS["郑港办事处"]["date"]) as clock:
        _seed(clock, judges)


def _seed(clock, judges):
    users = get_user_model().objects
    staff, admin = users.filter(username="zg_staff").first(), users.filter(username="admin").first()
    for office in Office.objects.filter(name__in=ROUNDS):
        # 郑港's own staff run its rounds; the others are recorded under the administrator.
        actor = staff if office.name == "郑港办事处" else admin
        _templates(office)
        _judge_pool(office, judges, actor)
        _seed_round(office, judges, actor, clock)
        if office.name == ADDED_CRITERION[0]:
            _added_criterion(office)
        second = dict(ROUNDS[office.name], date=SECOND_QUARTER_DATES[office.name])
        second["title"] = second["title"].replace("第一季度", "第二季度")
        second.pop("learning", None)
        _seed_round(office, judges, actor, clock, quarter=2, spec=second)
    # 郑港's third quarter is open for scoring: judge1 has yet to score, so the phone form and
    # the arena screen can be tried.
    zhenggang = Office.objects.filter(name="郑港办事处").first()
    if zhenggang:
        _between_rounds(staff, clock)
        third = _seed_round(
            zhenggang,
            judges,
            staff,
            clock,
            quarter=3,
            spec=OPEN_ROUND,
            pending_judges=judges[:1],
            publish=False,
        )
        if third is not None:
            _checks(third, staff, clock)


def login_lines():
    username, display = JUDGES[0]
    return [f"  {padded('评委', 26)}{username:<18} {DEMO_PASSWORD}   ({display};judge2–judge5 同一密码)"]
