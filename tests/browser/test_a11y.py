"""WCAG 2.1 AA in a real browser: axe-core (shipped inside axe-playwright-python, no network) on every
page each role of the demo data reaches by following links, at desktop and phone widths, in Chinese,
plus a pass in English; and 大字模式 (large text) still fits a 375 px phone and 200 % zoom."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command

from inspections.models import InspectionRound, ScoreSheet
from villages.demo import DEMO_PASSWORD
from villages.models import Pledge, Village

from .conftest import ARTIFACTS, PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
# Not pages of ours: files, actions, the admin (Django's own), forms that send mail.
SKIP = re.compile(
    r"logout|/i18n/|/admin/|/prefs/|\.(pdf|xlsx|docx|csv|json|png|jpe?g|ico|svg)$|/delete/|/media/"
    r"|/accounts/password|/history/|/export|/status/|/notice/"
)
PAGES_PER_ROLE = 45
AXE = Axe()
OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    # Off by default in axe 4 (experimental): the visible text is part of the accessible name.
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}
# Failed whatever impact axe gives them: the structure the issue asked for.
ALWAYS = {
    "empty-table-header",
    "heading-order",
    "page-has-heading-one",
    "landmark-one-main",
    "landmark-unique",
    "region",
    "duplicate-id",
    "duplicate-id-aria",
    "label-content-name-mismatch",
    "aria-valid-attr-value",
}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--quiet-logins", verbosity=0)


# What axe 4.12 no longer checks (duplicate-id is retired) or checks only in part.
STRUCTURE = """() => {
    const out = [], count = {};
    for (const e of document.querySelectorAll("[id]")) count[e.id] = (count[e.id] || 0) + 1;
    for (const [id, n] of Object.entries(count)) if (n > 1) out.push(`id "${id}" used ${n} times`);
    for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "for"]) {
        for (const e of document.querySelectorAll(`[${attr}]`)) {
            for (const id of e.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) out.push(`${attr}="${id}" on <${e.tagName.toLowerCase()}> names no element`);
            }
        }
    }
    const h1 = document.querySelectorAll("h1").length;
    if (h1 !== 1) out.push(`${h1} h1 headings`);
    if (!document.querySelector("main")) out.push("no <main>");
    return out;
}"""


def problems_on(page, where):
    """axe's serious and critical violations (and the structural ones) as readable lines."""
    found = [f"{where}: {problem}" for problem in page.evaluate(STRUCTURE)]
    for rule in AXE.run(page, options=OPTIONS).response["violations"]:
        if rule["impact"] not in ("serious", "critical") and rule["id"] not in ALWAYS:
            continue
        for node in rule["nodes"][:5]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")[:220]
            found.append(
                f"{where}: [{rule['id']}/{rule['impact']}] {node['target']} {node['html'][:140]} — {summary}"
            )
        if len(rule["nodes"]) > 5:
            found.append(f"{where}: [{rule['id']}] … and {len(rule['nodes']) - 5} more")
    return found


def check_pages(page, base, starts, *, widths=WIDTHS, limit=PAGES_PER_ROLE, follow=True):
    """One page of each kind (numbers in the path stand for any), reached from `starts` by links;
    axe at each width on each. Returns (pages visited, problems)."""
    queue, kinds, visited, problems = list(starts), set(), [], []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        kind = re.sub(r"\d+", "N", path)
        if kind in kinds:
            continue
        kinds.add(kind)
        response = page.goto(base + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        landed = urlsplit(page.url).path
        kinds.add(re.sub(r"\d+", "N", landed))
        visited.append(landed)
        for name, size in widths.items():
            page.set_viewport_size(size)
            problems += problems_on(page, f"{landed} ({name})")
            scroll, client = page.evaluate(FITS)
            if scroll > client:
                problems.append(
                    f"{landed} ({name}): scrolls sideways, {scroll} > {client}: {page.evaluate(WIDE)}"
                )
        if follow:
            for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))"):
                url = urlsplit(urljoin(base + path, href))
                if url.netloc == urlsplit(base).netloc and not SKIP.search(url.path):
                    queue.append(url.path)
    return visited, problems


def open_page(browser, browser_context_args, live_server, username, locale="zh-CN"):
    context = browser.new_context(**(browser_context_args | {"locale": locale, "viewport": DESKTOP}))
    page = context.new_page()
    if username:
        log_in(page, live_server, username, DEMO_PASSWORD) if locale == "zh-CN" else log_in_en(
            page, live_server, username
        )
        assert "/accounts/login/" not in page.url, username
    return context, page


def log_in_en(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state("networkidle")


def role_starts(username):
    """The pages each role works with, so the crawl reaches them whatever else is linked first."""
    open_round = InspectionRound.objects.get(office__name="郑港办事处", status="open")
    published = InspectionRound.objects.filter(office__name="郑港办事处", status="published").first()
    cihang = Village.objects.get(name="慈航路社区")
    judge = get_user_model().objects.get(username="judge1")
    if username == "zg_staff":
        pledge = Pledge.objects.filter(village__office__name="郑港办事处").first()
        return [
            "/",
            f"/rounds/{open_round.pk}/",
            f"/rounds/{open_round.pk}/keyin/{judge.pk}/",
            f"/rounds/{open_round.pk}/review/",
            f"/rounds/{published.pk}/review/",
            f"/rounds/{published.pk}/leaderboard/",
            f"/rounds/{published.pk}/summary/",
            f"/offices/{published.office_id}/year/",
            f"/pledges/{pledge.pk}/progress/",
            "/roster/import/",
        ]
    if username == "judge1":
        sheet = ScoreSheet.objects.filter(judge=judge, round=open_round).first()
        village = sheet.village_id if sheet else open_round.sites.first().village_id
        return [
            "/",
            f"/judging/rounds/{open_round.pk}/",
            f"/judging/rounds/{open_round.pk}/villages/{village}/",
        ]
    if username == "cihang_secretary":
        return ["/", f"/villages/{cihang.pk}/dashboard/", f"/villages/{cihang.pk}/"]
    if username == "":
        return ["/accounts/login/", "/public/", f"/public/villages/{cihang.pk}/"]
    return ["/"]


SHOTS = {
    "zg_staff": {"office": 0, "leaderboard": 5, "keyin": 2, "review": 4},
    "judge1": {"score-sheet": 2},
    "": {"public-village": 2, "login": 0},
}


def report(name, visited, problems):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"a11y-{name}.txt").write_text("\n".join(visited + [""] + problems), encoding="utf-8")
    return "\n".join([f"{len(problems)} accessibility problems:"] + problems)


@pytest.mark.parametrize(
    "username", ["zg_staff", "zg_leader", "zone_leader", "cihang_secretary", "judge1", ""]
)
def test_every_page_of_each_role_passes_axe(browser, browser_context_args, live_server, demo, shot, username):
    context, page = open_page(browser, browser_context_args, live_server, username)
    starts = role_starts(username)
    visited, problems = check_pages(page, live_server.url, starts)
    # A few pages to look at, in the normal mode (test_large_text_… takes the same in 大字模式).
    for name, path in SHOTS.get(username, {}).items():
        page.goto(live_server.url + (starts[path] if isinstance(path, int) else path))
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            shot(page, f"a11y-{name}-{width}")
    context.close()
    message = report(username or "anonymous", visited, problems)
    assert problems == [], message
    assert len(visited) >= (3 if username in ("", "judge1") else 5), visited


def test_english_pages_pass_axe(browser, browser_context_args, live_server, demo):
    context, page = open_page(browser, browser_context_args, live_server, "zg_staff", locale="en")
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    visited, problems = check_pages(page, live_server.url, role_starts("zg_staff"), limit=20)
    context.close()
    anon, anon_page = open_page(browser, browser_context_args, live_server, "", locale="en")
    more, more_problems = check_pages(anon_page, live_server.url, role_starts(""), limit=6)
    anon.close()
    message = report("en", visited + more, problems + more_problems)
    assert problems + more_problems == [], message
    assert len(visited) >= 15, visited


def test_the_checks_catch_what_the_issue_found(page, live_server, demo):
    """Low contrast, a name without its visible text, an empty header, a skipped heading level,
    a shared id and a description that points nowhere are all reported."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend", `
              <p><a href="/public/" class="btn btn-sm" id="twice">公开</a><button id="twice">x</button></p>
              <a href="/public/" aria-label="谷庄村的承诺事项">5</a>
              <table><tr><th></th><th>分</th></tr><tr><td>1</td><td>2</td></tr></table>
              <h4>跳级</h4><input aria-label="分" aria-describedby="nowhere">`);
            document.getElementById("twice").classList.add("text-warning");
        }"""
    )
    found = "\n".join(problems_on(page, "login"))
    for expected in (
        "color-contrast",
        "label-content-name-mismatch",
        "empty-table-header",
        "heading-order",
        'id "twice" used 2 times',
        'aria-describedby="nowhere"',
    ):
        assert expected in found, found


FITS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# What sticks out past the right edge, outside the wide tables' own scroll boxes.
WIDE = """() => {
    const width = document.documentElement.clientWidth, out = [];
    for (const e of document.body.querySelectorAll("*")) {
        if (e.closest(".table-responsive, .table-wrap")) continue;
        const right = e.getBoundingClientRect().right;
        if (right > width + 0.5) out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join(".")} ends at ${Math.round(right)} px: ${(e.textContent || "").trim().slice(0, 40)}`);
    }
    return out.slice(0, 8);
}"""


def assert_fits(page, where):
    scroll, client = page.evaluate(FITS)
    assert scroll <= client, (
        f"{where}: the page scrolls sideways ({scroll} px > {client} px): {page.evaluate(WIDE)}"
    )


def test_large_text_mode_is_remembered_and_fits_a_phone(
    browser, browser_context_args, live_server, demo, shot
):
    context = browser.new_context(**browser_context_args)  # a 375 px phone
    page = context.new_page()
    base = live_server.url
    # An anonymous visitor turns it on; a cookie keeps it.
    page.goto(f"{base}/public/")
    switch = page.get_by_test_id("large-text-switch")
    assert switch.get_attribute("aria-pressed") == "false"
    normal = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    switch.click()
    page.wait_for_load_state("load")
    assert page.url == f"{base}/public/"
    assert "large-text" in (page.locator("html").get_attribute("class") or "")
    large = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert 1.2 <= large / normal <= 1.5, (normal, large)
    assert page.get_by_test_id("large-text-switch").get_attribute("aria-pressed") == "true"

    problems = []
    anonymous = role_starts("")
    for path in anonymous:
        page.goto(base + path)
        assert_fits(page, path)
        problems += problems_on(page, f"{path} (大字, phone)")
    shot(page, "large-text-public-village-phone")

    # Logging in keeps the choice made on the login page, as the user's own (stored on the server,
    # so it follows them to another browser), and they can turn it off and on again.
    def large_on():
        return "large-text" in (page.locator("html").get_attribute("class") or "")

    log_in(page, live_server, "zg_staff", DEMO_PASSWORD)
    assert large_on()
    for want in (False, True):
        page.get_by_test_id("large-text-switch").click()
        page.wait_for_load_state("load")
        assert large_on() is want
        context.clear_cookies()  # another browser: nothing but the user's stored setting
        log_in(page, live_server, "zg_staff", DEMO_PASSWORD)
        assert large_on() is want, "not remembered"

    staff_pages = role_starts("zg_staff")
    for path in staff_pages:
        page.goto(base + path)
        assert_fits(page, path)
        problems += problems_on(page, f"{path} (大字, phone)")
    # 200 % zoom of a 1280 px screen is a 640 px page: between the phone and the desktop layouts.
    page.set_viewport_size({"width": 640, "height": 450})
    for path in staff_pages:
        page.goto(base + path)
        assert_fits(page, f"{path} (大字, 200 %)")
    page.set_viewport_size(PHONE)
    for name, path in (("leaderboard", staff_pages[5]), ("keyin", staff_pages[2]), ("office", "/")):
        page.goto(base + path)
        shot(page, f"large-text-{name}-phone")
        page.set_viewport_size(DESKTOP)
        shot(page, f"large-text-{name}-desktop")
        problems += problems_on(page, f"{path} (大字, desktop)")
        page.set_viewport_size(PHONE)

    context.clear_cookies()
    log_in(page, live_server, "judge1", DEMO_PASSWORD)
    for path in role_starts("judge1"):
        page.goto(base + path)
        assert_fits(page, path)
    page.get_by_test_id("large-text-switch").click()
    page.wait_for_load_state("load")
    for path in role_starts("judge1"):
        page.goto(base + path)
        assert_fits(page, path)
        problems += problems_on(page, f"{path} (大字, phone)")
    shot(page, "large-text-score-sheet-phone")
    context.close()
    assert problems == [], report("large-text", [], problems)


FOCUS_RING = """() => {
    const e = document.activeElement, style = getComputedStyle(e);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    return [e.tagName.toLowerCase() + " " + (e.textContent || e.name || "").trim().slice(0, 20),
            outline || style.boxShadow !== "none"];
}"""


def test_keyboard_reaches_the_content_with_a_visible_focus(page, live_server, demo):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "zg_staff", DEMO_PASSWORD)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    unseen = []
    for _ in range(12):  # the page's own links and buttons, then back round to the navigation bar
        page.keyboard.press("Tab")
        what, ringed = page.evaluate(FOCUS_RING)
        if not ringed:
            unseen.append(what)
    page.goto(f"{live_server.url}/")
    for _ in range(8):
        page.keyboard.press("Tab")
        what, ringed = page.evaluate(FOCUS_RING)
        if not ringed:
            unseen.append(what)
    assert unseen == [], f"focused without a visible ring: {unseen}"


DESCRIBED = """(selector) => [...document.querySelectorAll(selector)].map(e => [
    e.name, e.getAttribute("aria-invalid"),
    (e.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)
        .map(id => (document.getElementById(id) || {}).textContent || "").join(" ").trim()])"""


def test_error_messages_are_tied_to_their_fields(browser, browser_context_args, live_server, demo):
    context, page = open_page(browser, browser_context_args, live_server, "judge1")
    base, problems = live_server.url, []
    sheet_page = role_starts("judge1")[2]
    page.goto(base + sheet_page)
    first = page.locator("input.score-input").first
    first.fill("abc")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("load")
    fields = page.evaluate(DESCRIBED, "input.score-input[aria-invalid]")
    assert fields, "no field marked invalid"
    assert all(invalid == "true" and message for _name, invalid, message in fields), fields
    problems += problems_on(page, "score sheet with errors")

    context.clear_cookies()
    log_in(page, live_server, "zg_staff", DEMO_PASSWORD)
    page.goto(base + role_starts("zg_staff")[3])  # the open round's review page
    page.evaluate("() => document.querySelectorAll('form').forEach(f => { f.noValidate = true; })")
    page.locator("#submit-commentary").click()  # empty: the server says what is missing
    page.wait_for_load_state("load")
    fields = page.evaluate(DESCRIBED, "[aria-invalid=true]")
    assert fields and all(message for _name, _invalid, message in fields), fields
    problems += problems_on(page, "review page with errors")
    context.close()
    assert problems == [], report("errors", [], problems)
