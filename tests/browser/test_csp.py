"""The Content Security Policy holds in a real browser: every role's pages (found by following the
links from its home page, one page of each kind) load under the policy the server sends, and
Chromium reports no violation and no script error. The watcher itself is shown to catch one."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from inspections.models import InspectionRound
from villages.demo import DEMO_PASSWORD
from villages.models import Pledge

from .conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "admin": [
        "/",
        "/admin/",
        "/admin/inspections/inspectionround/1/change/",
        "/admin/villages/village/1/change/",
    ],
    "zone_leader": ["/"],
    "zg_leader": ["/"],
    "zg_staff": ["/", "/roster/import/"],
    "cihang_secretary": ["/"],
    "judge1": ["/"],
}
# Not pages: files, actions, other people's forms of their own (the password change sends mail).
SKIP = re.compile(
    r"logout|/i18n/|\.(pdf|xlsx|docx|csv|json)$|/delete/|/media/|/accounts/password|/history/|/export"
)
PAGES_PER_ROLE = 40  # kinds of page: enough for staff to reach the keying grid past the pledge pages


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--quiet-logins", verbosity=0)


class Watcher:
    """What Chromium says about the page: CSP violations (console) and uncaught script errors."""

    def __init__(self, page):
        self.problems = []
        self.where = ""
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{self.where}: script error: {error}"))

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{self.where}: {message.text}")


def crawl(page, watcher, base, starts, limit=PAGES_PER_ROLE):
    """Visit one page of each kind (numbers in the path stand for any) reachable by links."""
    queue, kinds, visited = list(starts), set(), []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        kind = re.sub(r"\d+", "N", path)
        if kind in kinds:
            continue
        kinds.add(kind)
        watcher.where = path
        # Violations of inline script and style are reported while the page is parsed.
        response = page.goto(base + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        assert "default-src 'self'" in response.headers.get("content-security-policy", ""), path
        visited.append(path)
        landed = urlsplit(page.url).path  # after redirects
        if landed != path:
            visited.append(landed)
            kinds.add(re.sub(r"\d+", "N", landed))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            url = urlsplit(urljoin(base + path, href))
            if url.netloc == urlsplit(base).netloc and not SKIP.search(url.path):
                queue.append(url.path)
    return visited


def test_every_roles_pages_load_without_a_csp_violation(browser, browser_context_args, live_server, demo):
    problems, seen = [], {}
    # The pages staff work in during a round first, so the crawl reaches them whatever else is linked.
    rnd = InspectionRound.objects.get(office__name="郑港办事处", status="open")
    judge = get_user_model().objects.get(username="judge1")
    staff_pages = [f"/rounds/{rnd.pk}/keyin/{judge.pk}/", f"/rounds/{rnd.pk}/arena/", f"/rounds/{rnd.pk}/"]
    roles = ROLES | {"zg_staff": ROLES["zg_staff"] + staff_pages}
    for username, starts in {"": ["/accounts/login/", "/public/"], **roles}.items():
        context = browser.new_context(**browser_context_args)
        page = context.new_page()
        watcher = Watcher(page)
        if username:
            log_in(page, live_server, username, DEMO_PASSWORD)
            assert "/accounts/login/" not in page.url, username
        seen[username or "anonymous"] = crawl(page, watcher, live_server.url, starts)
        problems += watcher.problems
        context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "csp-pages.txt").write_text(
        "\n".join(f"{who}: {path}" for who, paths in seen.items() for path in paths), encoding="utf-8"
    )
    assert problems == []
    # The crawl reached what each role works with (so a silent crawl is not a pass by default).
    everything = {path for paths in seen.values() for path in paths}
    for needed in ("/judging/", "/admin/", "/public/", "/zone/"):
        assert needed in everything, sorted(everything)
    for pattern in (
        r"/rounds/\d+/keyin/\d+/",
        r"/rounds/\d+/arena/",
        r"/rounds/\d+/summary/",
        r"/dashboard/",
    ):
        assert any(re.search(pattern, path) for path in everything), (pattern, sorted(everything))
    assert sum(map(len, seen.values())) >= 60


def test_the_watcher_catches_an_inline_script_and_an_inline_style(page, live_server, demo):
    watcher = Watcher(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => {
            const s = document.createElement('script'); s.textContent = 'window.ran = 1';
            document.body.appendChild(s);
            document.body.setAttribute('style', 'color: red');
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert len(watcher.problems) >= 2, watcher.problems


def test_what_used_inline_handlers_still_works(page, live_server, demo):
    """The language menu, the delete confirmation and the print button run from script files."""
    watcher = Watcher(page)
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.set_viewport_size({"width": 1366, "height": 900})  # the navigation bar unfolded
    log_in(page, live_server, "cihang_secretary", DEMO_PASSWORD)
    page.get_by_label("语言").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    # One the secretary may still change (a public one changes only through staff, with a reason).
    pledge = Pledge.objects.filter(village__name="慈航路社区", status=Pledge.Status.RETURNED).first()
    edit_url = f"{live_server.url}/pledges/{pledge.pk}/edit/"
    page.goto(edit_url)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="删除此承诺").click()
    page.wait_for_timeout(300)
    assert asked == ["确定删除这条承诺事项及其全部进展记录吗?"]
    assert page.url == edit_url and Pledge.objects.filter(pk=pledge.pk).exists()  # dismissed

    page.context.clear_cookies()
    log_in(page, live_server, "zg_staff", DEMO_PASSWORD)
    rnd = InspectionRound.objects.filter(office__name="郑港办事处", status="published").first()
    village = rnd.sites.filter(is_learning_visit=False).first().village
    page.goto(f"{live_server.url}/rounds/{rnd.pk}/receipt/{village.pk}/")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.printed") == 1
    assert watcher.problems == []
