"""The read pages: what they show, and that they cost a fixed number of queries however big the zone."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from villages.models import Office, Pledge, PledgeProgress, Secretary, Village

SIZES = [2, 30]


def grow(zone, size):
    """Make 郑港 hold `size` villages (each with secretaries, public pledges and four quarters of
    progress by different people) and give 慈航路社区 `size` pledges; add offices up to `size`."""
    User = get_user_model()
    statuses = [s for s, _label in PledgeProgress.Status.choices]

    def pledge_with_progress(village, number):
        pledge = Pledge.objects.create(
            village=village,
            year=2022,
            title=f"{village.name}承诺{number}",
            content="内容",
            measure="措施",
            deadline=datetime.date(2022, 12, 31),
            category=Pledge.Category.SERVICE,
            status=Pledge.Status.PUBLIC if number % 3 else Pledge.Status.DRAFT,
        )
        for quarter in range(1, 5):
            reporter = User.objects.create_user(f"reporter-{village.pk}-{number}-{quarter}")
            PledgeProgress.objects.create(
                pledge=pledge,
                quarter=quarter,
                status=statuses[(number + quarter) % 4],
                note="进展说明",
                updated_by=reporter,
            )

    for i in range(size - 2):
        village = Village.objects.create(office=zone.zg, name=f"增补{i}村", sort_order=i + 10)
        Secretary.objects.create(
            village=village,
            name=f"前任{i}",
            start_date=datetime.date(2019, 1, 1),
            end_date=datetime.date(2020, 12, 31),
        )
        Secretary.objects.create(
            village=village,
            name=f"书记{i}",
            phone=f"1390000{i:04d}",
            user=User.objects.create_user(f"secretary-{i}"),
            start_date=datetime.date(2021, 1, 1),
        )
        pledge_with_progress(village, 1)
        pledge_with_progress(zone.cihang, i + 1)
        Office.objects.create(name=f"增补{i}办事处", sort_order=100 + i)
        Secretary.objects.create(
            village=zone.cihang,
            name=f"慈航前任{i}",
            start_date=datetime.date(2000 + i % 20, 1, 1),
            end_date=datetime.date(2000 + i % 20, 6, 30),
        )


# (page, persona or None for anonymous, url, most queries allowed).
# Today a logged-in page spends 2 on session + user and 2 on the user's roles (Access); each
# logged-in bound has room for one more role query, none has room for a query per row.
PAGES = [
    ("office_list", "admin", lambda z: reverse("villages:office-list"), 6),
    ("office_list_staff", "staff", lambda z: reverse("villages:office-list"), 6),
    # The office page also reads the fulfilment rates, the pledges awaiting review and the
    # rectification counts: one query each.
    ("office_detail", "staff", lambda z: reverse("villages:office-detail", args=[z.zg.pk]), 9),
    # The village page also reads progress photos, changes made after publishing and the
    # fulfilment rate: one query each.
    ("village_detail", "secretary", lambda z: reverse("villages:village-detail", args=[z.cihang.pk]), 11),
    (
        "village_detail_leader",
        "zone_leader",
        lambda z: reverse("villages:village-detail", args=[z.cihang.pk]),
        11,
    ),
    ("my_villages", "secretary", lambda z: reverse("villages:my-villages"), 7),
    ("public_index", None, lambda z: reverse("villages:public-index"), 1),
    # The village with its secretary (2), pledges, progress, photos and changes (4).
    ("public_village", None, lambda z: reverse("villages:public-village", args=[z.cihang.pk]), 6),
]
URLS = [(name, persona, url_for) for name, persona, url_for, _max in PAGES]


def _get(client, zone, persona, url_for):
    if persona:
        client.force_login(zone.users[persona])
    response = client.get(url_for(zone))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page_name, persona, url_for, max_queries", PAGES, ids=[p[0] for p in PAGES])
def test_page_costs_a_bounded_number_of_queries(
    client, zone, django_assert_max_num_queries, size, page_name, persona, url_for, max_queries
):
    grow(zone, size)
    if persona:
        client.force_login(zone.users[persona])
    url = url_for(zone)

    with django_assert_max_num_queries(max_queries):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("page_name, persona, url_for", URLS, ids=[p[0] for p in URLS])
def test_query_count_does_not_grow_with_the_zone(client, zone, page_name, persona, url_for):
    if persona:
        client.force_login(zone.users[persona])
    url = url_for(zone)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = measure()
    grow(zone, 30)
    large = measure()

    assert large == small


def test_the_grown_pages_really_show_the_grown_data(client, zone):
    """Guards the query tests: the big pages must render all the rows they were meant to."""
    grow(zone, 30)

    office = _get(client, zone, "staff", URLS[2][2]).content.decode()
    village = _get(client, zone, "secretary", URLS[3][2]).content.decode()
    client.logout()
    public = _get(client, zone, None, URLS[6][2]).content.decode()

    assert office.count('class="village-link"') == 30  # each village's name leads to its dashboard
    assert "书记27" in office and "13900000027" in office
    assert "前任27" not in office
    assert village.count('data-testid="pledge"') == 2 + 28
    assert "慈航前任27" in village
    assert public.count('href="/public/villages/') == 30 + 2  # and 新港's two


# --- what the pages show -----------------------------------------------------------------------


def test_office_list_counts_villages_and_current_secretaries(login, zone):
    Secretary.objects.filter(village=zone.guzhuang).update(end_date=datetime.date(2022, 3, 1))

    body = login(zone.users["admin"]).get(reverse("villages:office-list")).content.decode()

    assert "2 个村(社区)· 1 位在任书记" in body  # 郑港: 谷庄村 has none now
    assert "2 个村(社区)· 2 位在任书记" in body  # 新港
    assert body.index("郑港办事处") < body.index("新港办事处")


def test_office_page_lists_villages_with_current_secretary_phone_and_pledge_count(login, zone):
    Secretary.objects.filter(village=zone.cihang).update(phone="13800000001")

    body = login(zone.users["staff"]).get(reverse("villages:office-detail", args=[zone.zg.pk]))
    body = body.content.decode()

    assert "郑港办事处" in body
    assert "慈航路社区" in body and "谷庄村" in body
    assert "田王村" not in body
    assert "王建国" in body and "13800000001" in body
    # 慈航路社区: public ones only; the link's name starts with the number it shows
    assert re.search(
        r'<td class="text-end"><a [^>]*>1 <span class="visually-hidden">项，慈航路社区的承诺事项</span></a>',
        body,
    )
    assert "社区" in body and "行政村" in body


def test_office_page_lists_villages_in_their_set_order(login, zone):
    Village.objects.filter(pk=zone.guzhuang.pk).update(sort_order=1)
    Village.objects.filter(pk=zone.cihang.pk).update(sort_order=2)
    Village.objects.create(office=zone.zg, name="后宋村", sort_order=0)

    body = login(zone.users["staff"]).get(reverse("villages:office-detail", args=[zone.zg.pk]))
    body = body.content.decode()

    assert body.index("后宋村") < body.index("谷庄村") < body.index("慈航路社区")


def test_office_list_follows_the_set_office_order(login, zone):
    # Neither creation order (郑港, 新港, 明港) nor name order (新港, 明港, 郑港).
    Office.objects.filter(pk=zone.xg.pk).update(sort_order=3)
    Office.objects.create(name="明港办事处", sort_order=2)

    body = login(zone.users["admin"]).get(reverse("villages:office-list")).content.decode()

    assert body.index("郑港办事处") < body.index("明港办事处") < body.index("新港办事处")


def test_office_page_marks_sample_villages(login, zone):
    Village.objects.create(office=zone.zg, name="示例一村", is_sample=True)

    body = login(zone.users["staff"]).get(reverse("villages:office-detail", args=[zone.zg.pk]))

    assert (
        '示例一村</a>\n            <span class="badge text-bg-warning ms-1">示例</span>'
        in body.content.decode()
    )


def test_empty_office_says_so(login, zone):
    empty = Office.objects.create(name="银河办事处")

    body = login(zone.users["admin"]).get(reverse("villages:office-detail", args=[empty.pk]))

    assert "该办事处还没有村(社区)。" in body.content.decode()


def test_village_page_shows_current_and_former_secretaries(login, zone):
    Secretary.objects.filter(village=zone.cihang).update(end_date=datetime.date(2022, 3, 31))
    Secretary.objects.create(village=zone.cihang, name="张新任", start_date=datetime.date(2022, 4, 1))

    body = login(zone.users["staff"]).get(reverse("villages:village-detail", args=[zone.cihang.pk]))
    body = body.content.decode()

    assert '张新任 <span class="badge text-bg-success">现任</span>' in body
    assert "王建国</div>" in body
    assert "2022-03-31" in body
    assert "至今" in body
    assert body.index("张新任") < body.index("王建国")


def test_village_page_for_a_secretary_does_not_link_to_the_office(login, zone):
    body = login(zone.users["secretary"]).get(reverse("villages:village-detail", args=[zone.cihang.pk]))
    body = body.content.decode()

    assert reverse("villages:office-detail", args=[zone.zg.pk]) not in body
    assert "郑港办事处" in body


def test_village_page_for_staff_links_to_the_office(login, zone):
    body = login(zone.users["staff"]).get(reverse("villages:village-detail", args=[zone.cihang.pk]))

    assert reverse("villages:office-detail", args=[zone.zg.pk]) in body.content.decode()


def test_public_index_groups_villages_by_office(client, zone):
    body = client.get(reverse("villages:public-index")).content.decode()

    assert "公开承诺 · 接受监督" in body
    for name in ("郑港办事处", "新港办事处", "慈航路社区", "谷庄村", "田王村", "世东建设"):
        assert name in body
    assert (
        body.index("郑港办事处") < body.index("慈航路社区") < body.index("新港办事处") < body.index("田王村")
    )


def test_public_index_shows_each_office_heading_once_in_office_order(client, zone):
    Office.objects.filter(pk=zone.xg.pk).update(sort_order=0)
    late = Village.objects.create(office=zone.zg, name="后宋村", sort_order=9)
    Pledge.objects.create(
        village=late,
        year=2022,
        title="后宋村承诺",
        content="内容",
        measure="措施",
        deadline=datetime.date(2022, 12, 31),
        category=Pledge.Category.OTHER,
        status=Pledge.Status.PUBLIC,
    )

    body = client.get(reverse("villages:public-index")).content.decode()

    assert body.count("郑港办事处</div>") == 1
    assert body.count("新港办事处</div>") == 1
    assert body.index("新港办事处") < body.index("田王村") < body.index("郑港办事处")
    assert body.index("郑港办事处") < body.index("慈航路社区") < body.index("后宋村")


def test_public_index_with_no_public_pledges_says_so(client, zone):
    Pledge.objects.update(status=Pledge.Status.DRAFT)

    body = client.get(reverse("villages:public-index")).content.decode()

    assert "暂无公开的承诺事项。" in body


def test_public_village_page_shows_no_edit_links_even_to_editors(login, zone):
    body = login(zone.users["secretary"]).get(reverse("villages:public-village", args=[zone.cihang.pk]))
    body = body.content.decode()

    assert "主动亮诺 · 接受监督 · 真心践诺" in body
    assert "慈航路社区人居环境整治" in body
    assert "填报季度进展" not in body
    assert "党员联系户走访(内部)" not in body


def test_public_village_page_shows_no_secretary_phone(client, zone):
    Secretary.objects.filter(village=zone.cihang).update(phone="13800000001")

    body = client.get(reverse("villages:public-village", args=[zone.cihang.pk])).content.decode()

    assert "13800000001" not in body


def test_navigation_shows_each_role_only_its_menus(login, zone):
    staff = login(zone.users["staff"]).get(reverse("villages:public-index")).content.decode()
    assert "名单导入" in staff and "系统管理" not in staff

    secretary = login(zone.users["secretary"]).get(reverse("villages:public-index")).content.decode()
    assert "我的村" in secretary and "名单导入" not in secretary
    assert reverse("villages:office-list") not in secretary

    admin = login(zone.users["admin"]).get(reverse("villages:public-index")).content.decode()
    assert "系统管理" in admin
