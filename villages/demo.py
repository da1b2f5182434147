"""Demo data from the 2022 newspaper report: the five offices, their named villages,
clearly marked sample villages (示例), fictional secretaries, pledges and logins.

Every write is get-or-create, so seeding twice changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Membership, Office, Pledge, PledgeProgress, Secretary, Village

DEMO_PASSWORD = "liangsaibi2022"
DEMO_YEAR = 2022
TENURE_START = datetime.date(2021, 1, 1)

K = Village.Kind
# (office, kind, [(village, kind, fictional secretary, is_sample)])
OFFICES = [
    (
        "郑港办事处",
        Office.Kind.OFFICE,
        [
            ("慈航路社区", K.COMMUNITY, "王建国", False),
            ("谷庄村", K.VILLAGE, "李春生", False),
            ("后宋村", K.VILLAGE, "宋立新", False),
            ("示例一村", K.VILLAGE, "赵示明", True),
        ],
    ),
    (
        "新港办事处",
        Office.Kind.OFFICE,
        [
            ("田王村", K.VILLAGE, "田志强", False),
            ("世东建设", K.ENTERPRISE, "陈世东", False),
            ("示例一村", K.VILLAGE, "孙示远", True),
            ("示例二村", K.VILLAGE, "周示宁", True),
        ],
    ),
    (
        "明港办事处",
        Office.Kind.OFFICE,
        [
            ("陶庄村", K.VILLAGE, "陶明亮", False),
            ("示例一村", K.VILLAGE, "吴示华", True),
            ("示例二村", K.VILLAGE, "郑示平", True),
            ("示例三村", K.VILLAGE, "冯示安", True),
        ],
    ),
    (
        "银河办事处",
        Office.Kind.OFFICE,
        [
            ("示例一村", K.VILLAGE, "蒋示河", True),
            ("示例二村", K.VILLAGE, "韩示林", True),
            ("示例三社区", K.COMMUNITY, "杨示清", True),
            ("示例四村", K.VILLAGE, "朱示文", True),
        ],
    ),
    (
        "IT产业园社区服务中心",
        Office.Kind.SERVICE_CENTER,
        [
            ("富鑫工作站", K.WORKSTATION, "周富鑫", False),
            ("示例一工作站", K.WORKSTATION, "许示科", True),
            ("示例二工作站", K.WORKSTATION, "何示创", True),
            ("示例三工作站", K.WORKSTATION, "吕示新", True),
        ],
    ),
]

C = Pledge.Category
PLEDGES = [
    (
        "人居环境集中整治",
        C.ENVIRONMENT,
        "村内主次道路、背街小巷、庭院内外、公共场所垃圾清零,环境整洁有序。",
        "每周组织党员群众集中清扫一次,建立长效保洁机制;年内完成主干道绿化。",
        datetime.date(2022, 12, 31),
        True,
    ),
    (
        "无疫村(社区)创建",
        C.EPIDEMIC,
        "按照“九个到位”“十有标准”创建无疫村(社区),筑牢疫情防控防线。",
        "依托“三人小组”网格排查,进出人员扫码测温全覆盖,重点人员登记率 100%。",
        datetime.date(2022, 6, 30),
        True,
    ),
    (
        "党员联系户走访",
        C.PARTY_BUILDING,
        "支部党员每月走访所分包户,及时听取群众心声并反馈至党支部。",
        "建立“我为群众办实事”工作台账,群众诉求办结率达到 95% 以上。",
        datetime.date(2022, 12, 31),
        False,
    ),
    (
        "村集体经济提质扩面",
        C.ECONOMY,
        "盘活闲置资源,把资源优势转化为经济优势,壮大村集体经济。",
        "年内新增集体经营性收入项目 1 个,集体收入同比增长 10%。",
        datetime.date(2022, 12, 31),
        True,
    ),
]
PROGRESS_CYCLE = [
    PledgeProgress.Status.IN_PROGRESS,
    PledgeProgress.Status.DONE,
    PledgeProgress.Status.NOT_STARTED,
    PledgeProgress.Status.DELAYED,
]

PROGRESS_NOTES = {
    PledgeProgress.Status.NOT_STARTED: "计划二季度启动。",
    PledgeProgress.Status.IN_PROGRESS: "按计划推进。",
    PledgeProgress.Status.DONE: "已完成,资料已归档。",
    PledgeProgress.Status.DELAYED: "受疫情影响,工作有所滞后,已调整计划。",
}

# (username, display name, role, office name or None, village for a secretary)
LOGINS = [
    ("admin", "系统管理员", "admin", None, None),
    ("zone_leader", "港区领导(演示)", "leader", None, None),
    ("zg_leader", "郑港办事处领导(演示)", "leader", "郑港办事处", None),
    ("zg_staff", "郑港党建办(演示)", "staff", "郑港办事处", None),
    ("cihang_secretary", "王建国(慈航路社区书记,演示)", "secretary", "郑港办事处", "慈航路社区"),
]

ROLE_LABELS = {
    "admin": "管理员",
    "leader": "领导",
    "staff": "办事处工作人员",
    "secretary": "党支部书记",
}


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
        _seed_pledges(village, order)
    return office


def _seed_pledges(village, order):
    for number, (title, category, content, measure, deadline, public) in enumerate(PLEDGES):
        if number == 3 and order % 2 == 0:
            continue  # not every village pledges on collective economy
        pledge, created = Pledge.objects.get_or_create(
            village=village,
            year=DEMO_YEAR,
            title=title,
            defaults={
                "category": category,
                "content": content,
                "measure": measure,
                "deadline": deadline,
                "is_public": public,
            },
        )
        if created:
            status = PROGRESS_CYCLE[(order + number) % len(PROGRESS_CYCLE)]
            note = PROGRESS_NOTES[status]
            PledgeProgress.objects.create(pledge=pledge, quarter=1, status=status, note=note)


def demo_user(username, display, *, admin=False):
    """A demo login; its password is set only when it is created, so seeding again changes nothing."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": display, "is_staff": admin, "is_superuser": admin}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _seed_logins():
    for username, display, role, office_name, village_name in LOGINS:
        user = demo_user(username, display, admin=role == "admin")
        office = Office.objects.get(name=office_name) if office_name else None
        if role in ("leader", "staff"):
            Membership.objects.get_or_create(user=user, role=role, office=office)
        elif role == "secretary":
            tenure = Secretary.objects.current().get(village__office=office, village__name=village_name)
            if tenure.user_id is None:
                tenure.user = user
                tenure.save(update_fields=["user"])


@transaction.atomic
def seed():
    for index, (name, kind, villages) in enumerate(OFFICES, start=1):
        _seed_office(index, name, kind, villages)
    _seed_logins()


def login_lines():
    return [
        f"  {ROLE_LABELS[role]:<8} {username:<18} {DEMO_PASSWORD}   ({display})"
        for username, display, role, _office, _village in LOGINS
    ]
