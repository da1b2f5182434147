"""A judge's round that opens, scores and submits with no signal at all, in a phone-sized Chromium:
the round is kept on the phone while online, scored offline into the outbox, and uploaded when the
network returns, without overwriting a sheet someone changed meanwhile."""

import datetime
import time
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from inspections import services
from inspections.models import Criterion, InspectionRound, RoundSite, ScoreSheet
from tests.conftest import PASSWORD, make_user
from villages.models import Secretary, Village

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_round(zone):
    rnd = InspectionRound.objects.create(
        office=zone.zg, year=2022, quarter=1, date=datetime.date(2022, 3, 24), title="2022年第一季度逐村观摩"
    )
    Criterion.objects.create(
        round=rnd, name="定标亮诺", maximum=Decimal("25"), sort_order=1, description="承诺具体可考核"
    )
    Criterion.objects.create(
        round=rnd, name="人居环境整治", maximum=Decimal("25"), weight=Decimal("2"), sort_order=2
    )
    housong = Village.objects.create(office=zone.zg, name="后宋村")
    Secretary.objects.create(village=housong, name="宋书记", start_date=datetime.date(2021, 1, 1))
    for order, village in enumerate([zone.cihang, zone.guzhuang, housong], start=1):
        RoundSite(round=rnd, village=village, order=order).save()
    rnd.judges.set([make_user("judge1", first_name="评委甲")])
    rnd.status = InspectionRound.Status.OPEN
    rnd.save()
    rnd.housong = housong
    return rnd


def keep_round_online(page, live_server, rnd):
    page.goto(f"{live_server.url}/judging/rounds/{rnd.pk}/")
    expect(page.get_by_test_id("offline-kept")).to_contain_text("已可离线评分（保存于", timeout=20000)


def wait_for(condition, timeout=20):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def sheet(rnd, village):
    return ScoreSheet.objects.filter(round=rnd, village=village, judge__username="judge1").first()


def test_a_round_scored_offline_is_uploaded_when_the_network_returns(
    page, context, live_server, zone, open_round, shot
):
    rnd = open_round
    log_in(page, live_server, "judge1", PASSWORD)
    expect(page.locator('link[rel="manifest"]')).to_have_count(1)
    keep_round_online(page, live_server, rnd)
    shot(page, "offline-round-kept")

    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text("2022年第一季度逐村观摩")
    expect(page.get_by_test_id("offline-network")).to_have_text("离线")

    page.get_by_text("1. 慈航路社区").click()
    expect(page.get_by_text("承诺具体可考核")).to_be_visible()  # the standard, kept with the form
    inputs = page.locator(".score-input")
    inputs.nth(0).fill("20.5")
    inputs.nth(1).fill("18")
    expect(page.locator("#running-total")).to_have_text("56.5")
    page.locator("textarea[name=remark]").fill("台账齐全")
    page.get_by_role("button", name="提交").click()

    # On to the next village, as online; the browser still checks the values.
    expect(page.locator("h1")).to_have_text("谷庄村")
    inputs.nth(0).fill("30")
    inputs.nth(1).fill("19")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("“定标亮诺”的分值应在 0 到 25 之间，填写的是 30。")).to_be_visible()
    inputs.nth(0).fill("22")
    page.get_by_role("button", name="提交").click()

    expect(page.locator("h1")).to_have_text("后宋村")
    inputs.nth(0).fill("15")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("offline-message")).to_have_text("草稿已保存在本机，联网后自动上传。")
    expect(page.get_by_test_id("offline-pending")).to_have_text("3 份待上传")
    shot(page, "offline-draft-kept")

    page.get_by_role("link", name=rnd.period_label).click()
    expect(page.get_by_test_id("offline-pending")).to_have_text("3 份待上传")
    badges = page.get_by_test_id("village-row").locator(".badge")
    expect(badges).to_have_text(["待上传", "待上传", "草稿"])
    shot(page, "offline-outbox")
    assert not ScoreSheet.objects.exists()

    # The app closed and opened again, still without a network: it opens, the outbox is there.
    page.close()
    page = context.new_page()
    page.goto(f"{live_server.url}/judging/")
    expect(page.locator("h1")).to_have_text("我的评分")
    expect(page.get_by_test_id("offline-pending")).to_have_text("3 份待上传")
    page.get_by_text("2022年第一季度逐村观摩").click()
    page.get_by_text("3. 后宋村").click()
    expect(page.locator(".score-input").nth(0)).to_have_value("15")

    context.set_offline(False)
    expect(page.get_by_test_id("offline-message")).to_have_text("已上传 3 份评分表。", timeout=20000)
    expect(page.get_by_test_id("offline-pending")).to_be_hidden()

    cihang, guzhuang, housong = sheet(rnd, zone.cihang), sheet(rnd, zone.guzhuang), sheet(rnd, rnd.housong)
    c1, c2 = rnd.criteria.order_by("sort_order")
    assert cihang.status == ScoreSheet.Status.SUBMITTED
    assert cihang.decimal_values() == {c1.pk: Decimal("20.5"), c2.pk: Decimal("18")}
    assert cihang.remark == "台账齐全"
    assert guzhuang.status == ScoreSheet.Status.SUBMITTED
    assert guzhuang.decimal_values() == {c1.pk: Decimal("22"), c2.pk: Decimal("19")}
    assert housong.status == ScoreSheet.Status.DRAFT
    assert housong.decimal_values() == {c1.pk: Decimal("15")}
    for saved in (cihang, guzhuang, housong):
        record = saved.history.first()
        assert record.history_user.username == "judge1"
        assert record.version == saved.version == 1

    # The round page, fresh from the server, agrees.
    page.goto(f"{live_server.url}/judging/rounds/{rnd.pk}/")
    expect(page.get_by_test_id("judge-counts")).to_contain_text("已提交 2 份,还剩 1 份")
    shot(page, "offline-uploaded")


def test_a_sheet_changed_on_the_server_meanwhile_is_not_overwritten(
    page, context, live_server, zone, open_round, shot
):
    rnd = open_round
    judge = rnd.judges.get()
    c1, c2 = rnd.criteria.order_by("sort_order")
    services.sheet_save(
        rnd=rnd, village=zone.cihang, judge=judge, values={c1.pk: Decimal("10")}, actor=judge, version=0
    )
    log_in(page, live_server, "judge1", PASSWORD)
    keep_round_online(page, live_server, rnd)

    context.set_offline(True)
    page.get_by_text("1. 慈航路社区").click()
    inputs = page.locator(".score-input")
    inputs.nth(0).fill("21")
    inputs.nth(1).fill("22")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("h1")).to_have_text("谷庄村")

    # Meanwhile the sheet is saved from another phone.
    services.sheet_save(
        rnd=rnd,
        village=zone.cihang,
        judge=judge,
        values={c1.pk: Decimal("11"), c2.pk: Decimal("12")},
        submit=True,
        actor=judge,
        version=1,
    )

    context.set_offline(False)
    expect(page.get_by_test_id("offline-problems")).to_have_text(
        "1 份评分表未能上传，请查看。", timeout=20000
    )
    saved = sheet(rnd, zone.cihang)
    assert saved.version == 2
    assert saved.decimal_values() == {c1.pk: Decimal("11"), c2.pk: Decimal("12")}

    page.goto(f"{live_server.url}/judging/rounds/{rnd.pk}/")
    expect(page.get_by_test_id("village-row").first.locator(".badge")).to_have_text("有冲突")
    page.get_by_text("1. 慈航路社区").click()
    conflict = page.get_by_test_id("offline-conflict")
    expect(conflict).to_contain_text("这份评分表已被评委甲在")
    expect(conflict).to_contain_text("您离线时的输入：定标亮诺 21；人居环境整治 22")
    # Both versions: the server's newest in the form, the judge's own in the warning.
    expect(inputs.nth(0)).to_have_value("11")
    expect(inputs.nth(1)).to_have_value("12")
    shot(page, "offline-conflict")

    page.get_by_role("button", name="采用我的输入").click()
    expect(inputs.nth(0)).to_have_value("21")
    expect(inputs.nth(1)).to_have_value("22")
    page.get_by_role("button", name="修改并重新提交").click()
    expect(page.get_by_text("慈航路社区的评分表已提交")).to_be_visible()
    saved = sheet(rnd, zone.cihang)
    assert saved.version == 3
    assert saved.decimal_values() == {c1.pk: Decimal("21"), c2.pk: Decimal("22")}
    assert saved.history.count() == 3


def answered(page, questions, timeout=10000):
    """Wait (letting Playwright handle the page's events) until the page has asked a question."""
    waited = 0
    while not questions and waited < timeout:
        page.wait_for_timeout(100)
        waited += 100
    assert questions, "the page asked nothing"


def kept_caches(page):
    """Every cache of the phone and the paths kept in it."""
    return page.evaluate(
        """async () => {
            const out = {};
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
            }
            return out;
        }"""
    )


def outbox_size(page):
    return page.evaluate(
        """() => new Promise((resolve) => {
            const request = indexedDB.open("lsb-offline");
            request.onsuccess = () => {
                const db = request.result;
                if (!db.objectStoreNames.contains("outbox")) { db.close(); return resolve(0); }
                const all = db.transaction("outbox").objectStore("outbox").count();
                all.onsuccess = () => { db.close(); resolve(all.result); };
            };
        })"""
    )


def test_a_refused_sheet_stays_with_its_reason_and_logging_out_removes_everything(
    page, context, live_server, zone, open_round
):
    rnd = open_round
    judge = rnd.judges.get()
    log_in(page, live_server, "judge1", PASSWORD)
    keep_round_online(page, live_server, rnd)
    # Only this judge's judging pages and static files are kept, in caches named after the judge.
    caches = kept_caches(page)
    assert caches and all(name.startswith(f"lsb-u{judge.pk}-") for name in caches)
    paths = [path for kept in caches.values() for path in kept]
    assert f"/judging/rounds/{rnd.pk}/villages/{zone.cihang.pk}/" in paths
    assert all(path.startswith(("/judging/", "/static/")) for path in paths), paths

    context.set_offline(True)
    page.get_by_text("1. 慈航路社区").click()
    inputs = page.locator(".score-input")
    inputs.nth(0).fill("20")
    inputs.nth(1).fill("20")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("h1")).to_have_text("谷庄村")

    rnd.status = InspectionRound.Status.CLOSED  # scoring ended while the judge was offline
    rnd.save()
    context.set_offline(False)
    expect(page.get_by_test_id("offline-problems")).to_have_text(
        "1 份评分表未能上传，请查看。", timeout=20000
    )
    page.goto(f"{live_server.url}/judging/rounds/{rnd.pk}/")
    expect(page.get_by_test_id("village-row").first.locator(".badge")).to_have_text("未能上传")
    expect(page.get_by_text("本轮当前不在评分中，评分表没有保存。")).to_be_visible()
    expect(page.get_by_test_id("offline-pending")).to_have_text("1 份待上传")
    assert sheet(rnd, zone.cihang) is None
    page.get_by_text("1. 慈航路社区").click()
    expect(page.get_by_test_id("offline-sheet-note")).to_have_text(
        "这份评分表未能上传：本轮当前不在评分中，评分表没有保存。"
    )
    expect(page.locator(".score-input").nth(0)).to_have_value("20")
    expect(page.get_by_role("button", name="放弃本机上的这份评分表")).to_be_visible()

    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))  # not now
    page.get_by_role("button", name="展开导航").click()
    page.get_by_role("button", name="退出").click()
    answered(page, questions)
    assert "本机还有 1 份评分表没有上传" in questions[0]
    expect(page.get_by_test_id("offline-pending")).to_have_text("1 份待上传")
    assert outbox_size(page) == 1  # nothing removed

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")
    assert kept_caches(page) == {}
    assert "lsb-offline" not in [db["name"] for db in page.evaluate("indexedDB.databases()")]


def test_another_judge_logging_in_on_the_phone_removes_the_first_ones_kept_round(
    page, context, live_server, zone, open_round
):
    rnd = open_round
    first = rnd.judges.get()
    second = make_user("judge2", first_name="评委乙")
    rnd.judges.add(second)
    log_in(page, live_server, "judge1", PASSWORD)
    keep_round_online(page, live_server, rnd)
    context.set_offline(True)
    page.get_by_text("1. 慈航路社区").click()
    page.locator(".score-input").nth(0).fill("20")
    page.locator(".score-input").nth(1).fill("20")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("h1")).to_have_text("谷庄村")

    expect(page.get_by_test_id("offline-pending")).to_have_text("1 份待上传")
    context.clear_cookies()  # the first judge's login ends without logging out
    context.set_offline(False)
    # The outbox can't be sent without a login: it waits, and says why.
    expect(page.get_by_test_id("offline-message")).to_have_text(
        "登录已过期，请重新登录后再上传。", timeout=20000
    )
    expect(page.get_by_test_id("offline-pending")).to_have_text("1 份待上传")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("judge2")
    page.get_by_label("密码").fill(PASSWORD)
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.accept()))
    page.get_by_role("button", name="登录").click()
    answered(page, questions)
    assert "本机还有 1 份其他用户的评分表没有上传" in questions[0]
    page.wait_for_url("**/judging/")
    assert page.url.endswith("/judging/")
    expect(page.get_by_test_id("offline-message")).to_have_text("本机上其他用户的 1 份待上传评分表已删除。")
    assert outbox_size(page) == 0
    assert wait_for(lambda: all(name.startswith(f"lsb-u{second.pk}-") for name in kept_caches(page)))
    assert not any(name.startswith(f"lsb-u{first.pk}-") for name in kept_caches(page))
    assert not ScoreSheet.objects.exists()
    # Nor is anything the first judge typed left in the browser.
    assert not [k for k in page.evaluate("Object.keys(localStorage)") if k.endswith(f"-{first.pk}")]


def test_a_kept_form_whose_criteria_changed_is_fetched_again(page, context, live_server, zone, open_round):
    rnd = open_round
    log_in(page, live_server, "judge1", PASSWORD)
    keep_round_online(page, live_server, rnd)
    context.set_offline(True)
    page.get_by_text("1. 慈航路社区").click()
    expect(page.get_by_text("满分 25").first).to_be_visible()
    page.locator(".score-input").nth(0).fill("28")

    criterion = rnd.criteria.get(name="定标亮诺")
    criterion.maximum = Decimal("30")
    criterion.description = "承诺具体可考核，有台账"
    criterion.save()
    context.set_offline(False)
    # The network is back: the page compares its criteria with the round's and loads them again.
    expect(page.get_by_text("承诺具体可考核，有台账")).to_be_visible(timeout=20000)
    expect(page.get_by_text("满分 30")).to_be_visible()
    expect(page.locator(".score-input").nth(0)).to_have_value("28")  # what was typed is kept


def test_a_new_release_replaces_the_old_caches_and_keeps_the_round(
    page, context, live_server, zone, open_round, settings
):
    rnd = open_round
    judge = rnd.judges.get()
    log_in(page, live_server, "judge1", PASSWORD)
    keep_round_online(page, live_server, rnd)
    before = set(kept_caches(page))
    settings.OFFLINE_VERSION = "next-release"
    page.reload()  # the browser checks /sw.js and finds a new worker
    assert wait_for(lambda: set(kept_caches(page)).isdisjoint(before) and len(kept_caches(page)) >= 2)
    caches = kept_caches(page)
    assert all(name.startswith(f"lsb-u{judge.pk}-") for name in caches)
    pages = [path for name, kept in caches.items() if "-pages-" in name for path in kept]
    assert f"/judging/rounds/{rnd.pk}/villages/{zone.cihang.pk}/" in pages  # carried over

    context.set_offline(True)
    page.goto(f"{live_server.url}/judging/rounds/{rnd.pk}/villages/{zone.guzhuang.pk}/")
    expect(page.locator("h1")).to_have_text("谷庄村")
