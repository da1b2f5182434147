"""The offline endpoints' answers, whole (found by mutation testing, bench/mutate.py)."""

import json

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from inspections.models import ScoreSheet
from inspections.offline import OFFLINE_STATIC, criteria_version, offline_version

pytestmark = pytest.mark.django_db

OUTBOX = "/judging/offline/outbox/"
LOGGED_OUT = {"ok": False, "errors": ["登录已过期，请重新登录后再上传。"]}
MALFORMED = {"ok": False, "errors": ["上传的评分表格式不正确。"]}


def post(client, payload):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(OUTBOX, body, content_type="application/json")


def payload(s, village=None, **extra):
    data = {
        "round": s.rnd.pk,
        "village": (village or s.cihang).pk,
        "values": {f"c{s.c1.pk}": "8", f"c{s.c2.pk}": "9"},
        "remark": "",
        "submit": True,
        "version": 0,
    }
    data.update(extra)
    return data


def sheet_of(s, judge, village):
    return ScoreSheet.objects.filter(round=s.rnd, judge=judge, village=village).first()


def worker_config(body):
    first, second, third = body.splitlines()
    assert first == "/* 亮赛比 service worker: generated configuration, then the worker's code. */"
    assert second.startswith("self.LSB = ") and second.endswith(";")
    assert third == (
        f"importScripts({json.dumps(static('vendor/workbox/workbox-sw.js'))}, "
        f"{json.dumps(static('js/outbox.js'))}, {json.dumps(static('js/sw.js'))});"
    )
    return json.loads(second[len("self.LSB = ") : -1])


def test_the_service_worker_configuration_whole(client):
    response = client.get("/sw.js?user=7")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache, max-age=0"
    assert response["Service-Worker-Allowed"] == "/"
    modules = [
        "workbox-core",
        "workbox-routing",
        "workbox-strategies",
        "workbox-precaching",
        "workbox-cacheable-response",
    ]
    assert worker_config(response.content.decode()) == {
        "user": 7,
        "version": offline_version(),
        "scope": "/judging/",
        "workbox": static("vendor/workbox/"),
        "modules": {name: static(f"vendor/workbox/{name}.prod.js") for name in modules},
        "precache": [static(name) for name in OFFLINE_STATIC],
        "static": settings.STATIC_URL,
        "outbox": OUTBOX,
        "csrf": reverse("inspections:offline-csrf"),
    }


@pytest.mark.parametrize(("query", "user"), [("", 0), ("?user=abc", 0), ("?user=-3", 0), ("?user=0", 0)])
def test_the_service_workers_user_is_never_negative_or_garbage(client, query, user):
    assert worker_config(client.get(f"/sw.js{query}").content.decode())["user"] == user


def test_the_service_worker_answers_only_get(client):
    assert client.post("/sw.js").status_code == 405
    assert client.post(reverse("inspections:offline-manifest")).status_code == 405


def test_the_manifest_whole(client):
    response = client.get(reverse("inspections:offline-manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    assert "亮赛比" in response.content.decode()  # not escaped
    assert json.loads(response.content) == {
        "name": "亮赛比 · 我的评分",
        "short_name": "亮赛比评分",
        "description": "评委在手机上给各村打分，没有网络也能评分。",
        "lang": "zh-CN",
        "start_url": "/judging/",
        "scope": "/judging/",
        "display": "standalone",
        "background_color": "#f8f9fa",
        "theme_color": "#b01e24",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


def test_csrf_answers_whole(round_setup, login):
    logged_out = Client().get(reverse("inspections:offline-csrf"))
    assert (logged_out.status_code, logged_out.json()) == (401, LOGGED_OUT)
    client = login(round_setup.judge_a)
    response = client.get(reverse("inspections:offline-csrf"))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "user"} and body["user"] == round_setup.judge_a.pk
    assert len(body["token"]) == 64
    assert "no-cache" in response["Cache-Control"]
    assert client.post(reverse("inspections:offline-csrf")).status_code == 405


def test_round_version_whole(round_setup, login):
    s = round_setup
    url = reverse("inspections:offline-round-version", args=[s.rnd.pk])
    client = login(s.judge_a)
    version = criteria_version(s.rnd.criteria.all())
    assert client.get(url).json() == {"criteria": version, "open": False, "status": "draft"}
    s.open()
    response = client.get(url)
    assert response.json() == {"criteria": version, "open": True, "status": "open"}
    assert "no-cache" in response["Cache-Control"]
    assert client.post(url).status_code == 405
    assert Client().get(url).status_code == 302  # to the login page


def test_outbox_logged_out_and_get(round_setup, login):
    s = round_setup
    response = post(Client(), payload(s))
    assert (response.status_code, response.json()) == (401, LOGGED_OUT)
    assert login(s.judge_a).get(OUTBOX).status_code == 405


def test_a_submitted_sheet_answers_whole(round_setup, login):
    s = round_setup
    s.open()
    response = post(login(s.judge_a), payload(s))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    sheet = sheet_of(s, s.judge_a, s.cihang)
    assert response.json() == {
        "ok": True,
        "version": sheet.version,
        "submitted": True,
        "village": s.cihang.pk,
        "message": "慈航路社区的评分表已提交。",
    }
    assert sheet.values == {str(s.c1.pk): "8", str(s.c2.pk): "9"}


def test_a_draft_answers_whole_and_defaults_are_a_draft_without_remark(round_setup, login):
    s = round_setup
    s.open()
    data = payload(s, values={str(s.c1.pk): 8, f"c{s.c2.pk}": None}, remark=None, version=None)
    del data["submit"]
    response = post(login(s.judge_a), data)
    assert response.status_code == 200, response.content
    sheet = sheet_of(s, s.judge_a, s.cihang)
    assert response.json() == {
        "ok": True,
        "version": sheet.version,
        "submitted": False,
        "village": s.cihang.pk,
        "message": "慈航路社区的草稿已保存。",
    }
    assert (sheet.status, sheet.values, sheet.remark) == (ScoreSheet.Status.DRAFT, {str(s.c1.pk): "8"}, "")


def test_the_remark_is_kept(round_setup, login):
    s = round_setup
    s.open()
    post(login(s.judge_a), payload(s, remark="路面整洁"))
    assert sheet_of(s, s.judge_a, s.cihang).remark == "路面整洁"


def test_a_draft_with_no_values_at_all(round_setup, login):
    s = round_setup
    s.open()
    response = post(login(s.judge_a), payload(s, values=None, submit=False))
    assert response.status_code == 200, response.content
    assert response.json()["submitted"] is False


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe",
        "not json",
        "[]",
        "null",
        json.dumps({"village": 1}),
        json.dumps({"round": 1}),
        json.dumps({"round": "abc", "village": 1}),
        json.dumps({"round": None, "village": 1}),
        json.dumps({"round": 1, "village": 1, "values": [1, 2]}),
        json.dumps({"round": 1, "village": 1, "version": "v2"}),
    ],
)
def test_malformed_uploads(round_setup, login, body):
    response = post(login(round_setup.judge_a), body)
    assert (response.status_code, response.json()) == (400, MALFORMED)


def test_a_missing_round_or_village_answers_whole(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    gone = post(client, payload(s, round=999999))
    assert (gone.status_code, gone.json()) == (404, {"ok": False, "errors": ["这一轮观摩已不存在。"]})
    village = post(client, dict(payload(s), village=999999))
    assert (village.status_code, village.json()) == (404, {"ok": False, "errors": ["这个单位已不存在。"]})


def test_not_a_judge_answers_whole(round_setup, login):
    s = round_setup
    s.open()
    response = post(login(s.zone.users["nobody"]), payload(s))
    assert (response.status_code, response.json()) == (403, {"ok": False, "errors": ["您不是这一轮的评委。"]})


def test_a_round_not_open_answers_whole(round_setup, login):
    s = round_setup
    response = post(login(s.judge_a), payload(s))
    assert (response.status_code, response.json()) == (
        400,
        {"ok": False, "errors": ["本轮当前不在评分中，评分表没有保存。"], "kept": True},
    )


def test_form_errors_name_the_criterion_once(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    response = post(client, payload(s, values={f"c{s.c1.pk}": "30", f"c{s.c2.pk}": ""}))
    assert response.status_code == 400
    body = response.json()
    assert body["kept"] is True and body["ok"] is False
    errors = body["errors"]
    assert len(errors) == 2
    assert errors[0].startswith("“定标亮诺”") and errors[0].count("定标亮诺") == 1
    assert "0 到 10" in errors[0]
    assert errors[1].startswith("“人居环境整治”：") and "提交前请填写这一项" in errors[1]
    # A draft need not have every criterion.
    draft = post(client, payload(s, values={f"c{s.c1.pk}": "5", f"c{s.c2.pk}": ""}, submit=False))
    assert draft.status_code == 200


def test_a_rule_refusal_answers_whole(round_setup, login):
    s = round_setup
    s.open()
    response = post(login(s.secretary), payload(s))
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"ok", "errors", "kept"} and (body["ok"], body["kept"]) == (False, True)
    assert "自己担任书记" in body["errors"][0]


def test_a_stale_sheet_answers_whole(round_setup, login):
    s = round_setup
    s.open()
    kept = s.sheet(s.judge_a, s.cihang, 5, 5, submit=False)
    s.sheet(s.judge_a, s.cihang, 6, 6, submit=True)
    response = post(login(s.judge_a), payload(s, version=kept.version))
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"ok", "errors", "conflict", "version", "submitted"}
    assert (body["ok"], body["conflict"], body["version"], body["submitted"]) == (
        False,
        True,
        kept.version + 1,
        True,
    )
    assert body["errors"] and "已被" in body["errors"][0]
