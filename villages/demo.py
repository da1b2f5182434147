"""Demo data from the 2022 newspaper report: the five offices, the villages it names, a roster of
clearly marked sample villages (示例) around them, fictional secretaries, pledges with their
quarterly progress, and logins.

Every write is get-or-create (or happens only with the row it belongs to), so seeding twice
changes nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, make_password
from django.db import transaction

from . import services
from .demo_clock import demo_clock
from .forms import PledgeForm
from .models import Membership, Office, Pledge, PledgeProgress, Secretary, Village
from .text import padded

DEMO_PASSWORD = "Liangsaibi-2022"
DEMO_YEAR = 2022
TENURE_START = datetime.date(2021, 1, 1)

K = Village.Kind
VIL, COM, WS, ENT = K.VILLAGE, K.COMMUNITY, K.WORKSTATION, K.ENTERPRISE
# (office, kind, [(village, kind, fictional secretary, is_sample)]). The report's own names come first
# and are real; every other unit is invented and flagged 示例 (is_sample).
OFFICES = [
    (
        "郑港办事处",
        Office.Kind.OFFICE,
        [
            ("慈航路社区", COM, "王建国", False),
            ("谷庄村", VIL, "李春生", False),
            ("后宋村", VIL, "宋立新", False),
            ("张庄村", VIL, "张卫东", True),
            ("杨楼社区", COM, "杨秀兰", True),
            ("前刘村", VIL, "刘宏伟", True),
            ("大李庄村", VIL, "李国庆", True),
            ("孟庄村", VIL, "孟凡军", True),
            ("梨园社区", COM, "梁素芬", True),
            ("小河刘村", VIL, "刘长江", True),
            ("马家村", VIL, "马永福", True),
            ("八岗村", VIL, "范海涛", True),
            ("苏庄村", VIL, "苏建华", True),
            ("东湖社区", COM, "贾东升", True),
        ],
    ),
    (
        "新港办事处",
        Office.Kind.OFFICE,
        [
            ("田王村", VIL, "田志强", False),
            ("世东建设", ENT, "陈世东", False),
            ("史庄村", VIL, "史新民", True),
            ("高庄村", VIL, "高志刚", True),
            ("丁楼村", VIL, "丁红梅", True),
            ("西湖社区", COM, "胡晓燕", True),
            ("白庙村", VIL, "白永胜", True),
            ("三官庙社区", COM, "曹建设", True),
            ("冯庄村", VIL, "冯国强", True),
            ("河东村", VIL, "何振华", True),
            ("南街社区", COM, "孙丽娟", True),
            ("尚庄村", VIL, "尚海军", True),
            ("罗庄村", VIL, "罗德胜", True),
        ],
    ),
    (
        "明港办事处",
        Office.Kind.OFFICE,
        [
            ("陶庄村", VIL, "陶明亮", False),
            ("岗李村", VIL, "李春雷", True),
            ("常庄村", VIL, "常玉霞", True),
            ("孔庄村", VIL, "孔祥瑞", True),
            ("姚庄村", VIL, "姚振兴", True),
            ("枣园社区", COM, "袁秀珍", True),
            ("沟张村", VIL, "张保国", True),
            ("许楼村", VIL, "许三军", True),
            ("柳林村", VIL, "柳文斌", True),
            ("潘庄村", VIL, "潘广田", True),
            ("桥头社区", COM, "谢桂英", True),
            ("马庄村", VIL, "马红旗", True),
        ],
    ),
    (
        "银河办事处",
        Office.Kind.OFFICE,
        [
            ("朱庄村", VIL, "朱建民", True),
            ("石桥村", VIL, "石磊", True),
            ("滨河社区", COM, "韩雪梅", True),
            ("杨庄村", VIL, "杨金山", True),
            ("吴家村", VIL, "吴德明", True),
            ("北陈村", VIL, "陈向阳", True),
            ("高楼村", VIL, "高志远", True),
            ("花园社区", COM, "林慧敏", True),
            ("黄庄村", VIL, "黄国栋", True),
            ("刘集村", VIL, "刘振东", True),
            ("东张村", VIL, "张新春", True),
            ("魏庄村", VIL, "魏长青", True),
            ("锦绣社区", COM, "方晓丽", True),
            ("樊家村", VIL, "樊建军", True),
            ("郭店村", VIL, "郭守义", True),
        ],
    ),
    (
        "IT产业园社区服务中心",
        Office.Kind.SERVICE_CENTER,
        [
            ("富鑫工作站", WS, "周富鑫", False),
            ("鸿泰工作站", WS, "许晨", True),
            ("华信工作站", WS, "何佳", True),
            ("兴业工作站", WS, "鲁晓东", True),
            ("智谷工作站", WS, "邓雅琴", True),
            ("锦程工作站", WS, "钱伟", True),
            ("和顺工作站", WS, "唐志红", True),
            ("腾飞工作站", WS, "韦东", True),
            ("睿达工作站", WS, "邵明", True),
            ("康庄工作站", WS, "崔文博", True),
        ],
    ),
]

PC = Pledge.Category
# (title, category, content, measure, deadline, public). Each village takes the first two and some
# of the rest, so villages differ in how many pledges fall due.
PLEDGES = [
    (
        "人居环境集中整治",
        PC.ENVIRONMENT,
        "辖区主次道路、背街小巷、庭院内外、公共场所垃圾清零，环境整洁有序。",
        "每周组织党员群众集中清扫一次，建立长效保洁机制；年内完成主干道绿化。",
        datetime.date(2022, 12, 31),
        True,
    ),
    (
        "无疫村（社区）创建",
        PC.EPIDEMIC,
        "按照“九个到位”“十有标准”创建无疫村（社区），筑牢疫情防控防线。",
        "依托“三人小组”网格排查，进出人员扫码测温全覆盖，重点人员登记率 100%。",
        datetime.date(2022, 6, 30),
        True,
    ),
    (
        "党员联系户走访",
        PC.PARTY_BUILDING,
        "支部党员每月走访所分包户，及时听取群众心声并反馈至党支部。",
        "建立“我为群众办实事”工作台账，群众诉求办结率达到 95% 以上。",
        datetime.date(2022, 12, 31),
        False,
    ),
    (
        "村集体经济提质扩面",
        PC.ECONOMY,
        "盘活闲置资源，把资源优势转化为经济优势，壮大村集体经济。",
        "年内新增集体经营性收入项目 1 个，集体收入同比增长 10%。",
        datetime.date(2022, 12, 31),
        True,
    ),
    (
        "网格化基层治理提升",
        PC.GOVERNANCE,
        "完善“党支部—网格—党员联系户”三级网格，做到小事不出网格、大事不出村（社区）。",
        "每个网格配齐网格长和网格员，矛盾纠纷排查每月一次，化解率 90% 以上。",
        datetime.date(2022, 9, 30),
        True,
    ),
    (
        "为群众办实事",
        PC.SERVICE,
        "围绕群众急难愁盼，年内办好一批民生实事并逐项公示。",
        "上半年完成路灯维修和便民服务点建设，下半年完成文化广场提升。",
        datetime.date(2022, 11, 30),
        True,
    ),
]

PS = PledgeProgress.Status
PLS = Pledge.Status
PHOTO_MARK = "（演示图片）"
PROGRESS_NOTES = {
    PS.NOT_STARTED: [
        "计划下季度启动，已完成前期摸底。",
        "方案正在征求党员群众意见，尚未启动。",
        "资金尚未落实，计划下半年启动。",
    ],
    PS.IN_PROGRESS: [
        "按计划推进，已完成季度节点任务。",
        "已召开支部委员会研究部署，工作台账逐月更新。",
        "完成约一半工作量，下季度集中推进。",
        "党员分包责任已落实到人，正在逐项推进。",
    ],
    PS.DONE: [
        "已完成，资料已归档。",
        "已全部完成，经支部会议验收并公示。",
        "提前完成，群众满意度测评良好。",
    ],
    PS.DELAYED: [
        "受疫情影响，工作有所滞后，已调整计划。",
        "资金拨付延迟，进度滞后，已向办事处报告。",
        "施工队伍进场推迟，已约定下季度完成。",
    ],
}
FIRST_HALF_END = datetime.date(2022, 6, 30)
# When the demo's pledge steps happen (its clock, villages.demo_clock): drafted and reviewed in
# January, progress recorded before each quarter's round, the change made in the summer.
ROSTER_DAY = datetime.date(2021, 12, 20)
PLEDGE_DAYS = {
    "drafted": datetime.date(2022, 1, 10),
    "submitted": datetime.date(2022, 1, 14),
    "reviewed": datetime.date(2022, 1, 20),
    1: datetime.date(2022, 3, 18),
    2: datetime.date(2022, 6, 17),
    "changed": datetime.date(2022, 7, 8),
}

# (username, display name, role, office name or None, village for a secretary, printed label)
LOGINS = [
    ("admin", "系统管理员", "admin", None, None, "管理员"),
    ("zone_leader", "港区领导（演示）", "leader", None, None, "全区领导"),
    ("zg_leader", "郑港办事处领导（演示）", "leader", "郑港办事处", None, "郑港办事处领导"),
    ("zg_staff", "郑港党建办（演示）", "staff", "郑港办事处", None, "郑港办事处工作人员"),
    # A second pair of hands: a sheet keyed in from paper is checked (复核) by someone else.
    ("zg_staff2", "郑港党建办复核（演示）", "staff", "郑港办事处", None, "郑港办事处工作人员（复核）"),
    (
        "cihang_secretary",
        "王建国（慈航路社区书记，演示）",
        "secretary",
        "郑港办事处",
        "慈航路社区",
        "党支部书记",
    ),
]


def _seed_office(index, name, kind, villages):
    office, _ = Office.objects.get_or_create(name=name, defaults={"kind": kind, "sort_order": index})
    for order, (village_name, village_kind, secretary, is_sample) in enumerate(villages, start=1):
        village, _ = Village.objects.get_or_create(
            office=office,
            name=village_name,
            defaults={"kind": village_kind, "is_sample": is_sample, "sort_order": order},
        )
        if not village.secretaries.exists():
            Secretary.objects.create(
                village=village,
                name=secretary,
                phone=f"1380000{index:02d}{order:02d}",
                start_date=TENURE_START,
            )
    return office


# What becomes of a pledge the report does not make public: still a draft, waiting for review,
# or sent back with a reason; 慈航路社区's login has one sent back to correct and resubmit.
UNPUBLISHED = [PLS.DRAFT, PLS.SUBMITTED, PLS.RETURNED]
RETURN_REASONS = [
    "目标不够具体，请写明走访频次和覆盖户数后再提交。",
    "措施缺少时间节点，请按季度分解后再提交。",
    "请补充群众诉求办结的考核口径。",
]
# A public pledge changed after publishing, with its reason (shown on the public page).
CHANGED = (
    "慈航路社区",
    "人居环境集中整治",
    "measure",
    "每周组织党员群众集中清扫一次，建立长效保洁机制；年内完成主干道和背街小巷绿化。",
    "根据群众意见，绿化范围增加背街小巷。",
)
# Villages whose progress carries photos (drawn when the demo is loaded).
PHOTO_VILLAGES = {"慈航路社区", "谷庄村", "后宋村", "田王村", "陶庄村", "富鑫工作站"}


def _reviewers():
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["admin", "zg_staff"])}
    return lambda office: users.get("zg_staff" if office.name == "郑港办事处" else "admin")


def _seed_pledges(village, reviewer, clock):
    """Pledges drafted, submitted and reviewed as the pages do it, with first- and second-quarter
    progress on the public ones; how far a village gets depends on its (seeded) diligence, so
    fulfilment rates differ from village to village."""
    rng = random.Random(f"pledges-{village.office.name}-{village.name}")
    diligence = rng.random()
    extra = rng.sample(range(2, len(PLEDGES)), rng.randint(1, len(PLEDGES) - 2))
    secretary = village.current_secretary
    author = secretary.user if secretary and secretary.user_id else reviewer
    existing = set(Pledge.objects.filter(village=village, year=DEMO_YEAR).values_list("title", flat=True))
    for number in sorted([0, 1, *extra]):
        title, category, content, measure, deadline, public = PLEDGES[number]
        state = PLS.PUBLIC if public else rng.choice(UNPUBLISHED)
        if village.name == "慈航路社区" and not public:
            state = PLS.RETURNED
        if title in existing:
            continue
        form = PledgeForm(
            data={
                "year": DEMO_YEAR,
                "category": category,
                "title": title,
                "content": content,
                "measure": measure,
                "deadline": deadline.isoformat(),
            }
        )
        if not form.is_valid():
            raise ValueError(form.errors.as_json())
        clock.at(PLEDGE_DAYS["drafted"])
        pledge = services.pledge_save(form=form, village=village, user=author)
        if state != PLS.DRAFT:
            clock.at(PLEDGE_DAYS["submitted"])
            services.pledge_submit(pledge=pledge, user=author)
        clock.at(PLEDGE_DAYS["reviewed"])
        if state == PLS.RETURNED:
            reason = rng.choice(RETURN_REASONS)
            services.pledge_return(pledge=pledge, user=reviewer, as_staff=True, reason=reason)
        if state != PLS.PUBLIC:
            continue
        services.pledge_publish(pledge=pledge, user=reviewer, as_staff=True)
        first = _first_quarter_status(rng, diligence)
        second = _second_quarter_status(rng, diligence, first, deadline)
        for quarter, status in ((1, first), (2, second)):
            clock.at(PLEDGE_DAYS[quarter])
            note = rng.choice(PROGRESS_NOTES[status])
            photos = _progress_photos(village, rng) if quarter == 2 and number < 2 else []
            services.pledge_progress_record(
                pledge=pledge,
                quarter=quarter,
                status=status,
                note=note,
                user=author,
                photos=photos,
                caption=f"{village.name}{title}{PHOTO_MARK}" if photos else "",
            )
        if (village.name, title) == CHANGED[:2]:
            clock.at(PLEDGE_DAYS["changed"])
            _change(pledge, reviewer)


def _change(pledge, reviewer):
    _village, _title, field, value, reason = CHANGED
    data = {name: getattr(pledge, name) for name in ("year", "category", "title", "content", "measure")}
    data.update(deadline=pledge.deadline.isoformat(), reason=reason, **{field: value})
    form = PledgeForm(data=data, instance=pledge, need_reason=True)
    if not form.is_valid():
        raise ValueError(form.errors.as_json())
    services.pledge_save(form=form, village=pledge.village, user=reviewer, as_staff=True, reason=reason)


def _progress_photos(village, rng):
    """A picture of the work, as an upload would bring it (checked by the one photo path)."""
    if village.name not in PHOTO_VILLAGES:
        return []
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspections.demo_scenes import scene
    from inspections.photos import process_photo

    kind = "village" if village.kind == Village.Kind.VILLAGE else "centre"
    return [process_photo(SimpleUploadedFile("progress.jpg", scene(kind, rng), content_type="image/jpeg"))]


def _first_quarter_status(rng, diligence):
    draw = rng.random()
    if draw < 0.08 + 0.2 * diligence:
        return PS.DONE
    if draw < 0.6 + 0.15 * diligence:
        return PS.IN_PROGRESS
    if draw < 0.85:
        return PS.NOT_STARTED
    return PS.DELAYED


def _second_quarter_status(rng, diligence, first, deadline):
    if first == PS.DONE:
        return PS.DONE
    draw = rng.random()
    if deadline <= FIRST_HALF_END:  # due by now: either done or late
        return PS.DONE if draw < 0.5 + 0.45 * diligence else PS.DELAYED
    if draw < 0.1 + 0.4 * diligence:
        return PS.DONE
    if first == PS.NOT_STARTED and draw > 0.75:
        return PS.NOT_STARTED
    if draw > (0.8 if first == PS.DELAYED else 0.9) - 0.1 * diligence:
        return PS.DELAYED
    return PS.IN_PROGRESS


_HASHES = {}


def _demo_password_hash():
    # Hashing is deliberately slow (a quarter second); every demo login shares the one password,
    # so it is hashed once per hasher.
    algorithm = get_hasher().algorithm
    if algorithm not in _HASHES:
        _HASHES[algorithm] = make_password(DEMO_PASSWORD)
    return _HASHES[algorithm]


def demo_user(username, display, *, admin=False):
    """A demo login; its password is set only when it is created, so seeding again changes nothing."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": display, "is_staff": admin, "is_superuser": admin}
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def _seed_logins():
    for username, display, role, office_name, village_name, _label in LOGINS:
        user = demo_user(username, display, admin=role == "admin")  # the account is today's
        office = Office.objects.get(name=office_name) if office_name else None
        with demo_clock(ROSTER_DAY):  # its place in the roster is the demo's
            if role in ("leader", "staff"):
                Membership.objects.get_or_create(user=user, role=role, office=office)
            elif role == "secretary":
                tenure = Secretary.objects.current().get(village__office=office, village__name=village_name)
                if tenure.user_id is None:
                    tenure.user = user
                    tenure.save(update_fields=["user"])


@transaction.atomic
def seed():
    with demo_clock(ROSTER_DAY):
        for index, (name, kind, villages) in enumerate(OFFICES, start=1):
            _seed_office(index, name, kind, villages)
    _seed_logins()  # accounts are today's: their passwords are not years old
    with demo_clock(ROSTER_DAY) as clock:
        reviewer_for = _reviewers()
        for village in Village.objects.with_current_secretary().select_related("office"):
            _seed_pledges(village, reviewer_for(village.office), clock)


def login_lines():
    return [
        f"  {padded(label, 26)}{username:<18} {DEMO_PASSWORD}   ({display})"
        for username, display, _role, _office, _village, label in LOGINS
    ]
