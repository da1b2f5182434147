"""Scoring offline, the server's side: the service worker and manifest, and the outbox endpoint a
phone sends its kept sheets to (through the same service as the online form)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from inspections.models import ScoreSheet

pytestmark = pytest.mark.django_db

OUTBOX = "/judging/offline/outbox/"


def send(client, s, village, v1, v2, *, submit=True, version=0, remark="", round_pk=None):
    payload = {
        "round": round_pk or s.rnd.pk,
        "village": village.pk,
        "values": {f"c{s.c1.pk}": v1, f"c{s.c2.pk}": v2},
        "remark": remark,
        "submit": submit,
        "version": version,
    }
    return client.post(OUTBOX, json.dumps(payload), content_type="application/json")


def sheet_of(s, judge, village):
    return ScoreSheet.objects.filter(round=s.rnd, judge=judge, village=village).first()


def test_the_service_worker_is_served_from_the_root_for_a_user(round_setup, login):
    client = login(round_setup.judge_a)
    response = client.get(f"/sw.js?user={round_setup.judge_a.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert f'"user": {round_setup.judge_a.pk}' in body
    assert '"scope": "/judging/"' in body
    assert "vendor/workbox/workbox-sw.js" in body
    assert "googleapis" not in body  # Workbox comes from our static files, never a CDN


def test_the_worker_version_follows_the_static_files(settings, tmp_path):
    from inspections import offline

    before = offline.offline_version()
    settings.OFFLINE_VERSION = "next-release"
    assert offline.offline_version() != before


def test_only_judging_pages_link_the_manifest(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    for url in (
        reverse("inspections:judging"),
        reverse("inspections:judge-round", args=[s.rnd.pk]),
        reverse("inspections:score-sheet", args=[s.rnd.pk, s.cihang.pk]),
    ):
        response = client.get(url)
        assert 'rel="manifest"' in response.content.decode(), url
        assert response["X-Offline-User"] == str(s.judge_a.pk)
    staff = login(s.staff)
    page = staff.get(reverse("inspections:round-detail", args=[s.rnd.pk]))
    assert 'rel="manifest"' not in page.content.decode()
    assert "X-Offline-User" not in page


def test_the_manifest_is_chinese_and_starts_at_my_scoring(client):
    data = json.loads(client.get(reverse("inspections:offline-manifest")).content)
    assert data["start_url"] == "/judging/"
    assert data["display"] == "standalone"
    assert "评分" in data["name"]
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}


def test_a_kept_sheet_is_submitted_through_the_service_with_history(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    response = send(client, s, s.cihang, "8", "9.5", remark="离线评分")
    assert response.status_code == 200, response.content
    assert response.json()["submitted"] is True
    sheet = sheet_of(s, s.judge_a, s.cihang)
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.values == {str(s.c1.pk): "8", str(s.c2.pk): "9.5"}
    assert sheet.remark == "离线评分"
    assert sheet.history.first().history_user == s.judge_a
    # Sent twice (the page and Background Sync): the second changes nothing.
    again = send(client, s, s.cihang, "8", "9.5", remark="离线评分")
    assert again.status_code == 200
    assert sheet_of(s, s.judge_a, s.cihang).version == sheet.version


def test_a_draft_stays_a_draft(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    response = send(client, s, s.cihang, "8", "", submit=False)
    assert response.status_code == 200, response.content
    assert sheet_of(s, s.judge_a, s.cihang).status == ScoreSheet.Status.DRAFT


def test_a_sheet_changed_since_it_was_kept_is_not_overwritten(round_setup, login):
    s = round_setup
    s.open()
    kept = s.sheet(s.judge_a, s.cihang, 5, 5, submit=False)
    s.sheet(s.judge_a, s.cihang, 6, 6, submit=False)  # saved again elsewhere meanwhile
    client = login(s.judge_a)
    response = send(client, s, s.cihang, "9", "9", version=kept.version)
    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] is True
    assert "已被" in body["errors"][0]
    assert body["version"] == kept.version + 1
    assert sheet_of(s, s.judge_a, s.cihang).values == {str(s.c1.pk): "6", str(s.c2.pk): "6"}


def test_refusals_give_the_reason_in_chinese(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    out_of_range = send(client, s, s.cihang, "30", "5")
    assert out_of_range.status_code == 400
    assert "定标亮诺" in " ".join(out_of_range.json()["errors"])
    assert "0 到 10" in " ".join(out_of_range.json()["errors"])
    blank = send(client, s, s.cihang, "5", "")
    assert blank.status_code == 400
    assert "提交前请填写这一项" in " ".join(blank.json()["errors"])
    # The secretary of 慈航路社区 is a judge of the round but may not score their own village.
    own = send(login(s.secretary), s, s.cihang, "5", "5")
    assert own.status_code == 400
    assert "自己担任书记" in own.json()["errors"][0]
    assert not ScoreSheet.objects.exists()


def test_the_round_must_be_open(round_setup, login):
    s = round_setup
    client = login(s.judge_a)
    draft = send(client, s, s.cihang, "5", "5")
    assert draft.status_code == 400
    assert draft.json()["errors"] == ["本轮当前不在评分中，评分表没有保存。"]
    s.open()
    s.sheet(s.judge_b, s.cihang, 5, 5)
    s.sheet(s.judge_c, s.cihang, 5, 5)
    s.sheet(s.judge_a, s.guzhuang, 5, 5)
    s.close()
    closed = send(client, s, s.cihang, "5", "5")
    assert closed.status_code == 400
    assert "不在评分中" in closed.json()["errors"][0]
    assert sheet_of(s, s.judge_a, s.cihang) is None


def test_only_the_judges_own_sheets(round_setup, login):
    s = round_setup
    s.open()
    theirs = s.sheet(s.judge_b, s.cihang, 7, 7)
    client = login(s.judge_a)
    # A field naming another judge is ignored: the sheet saved is always the sender's own.
    payload = {
        "round": s.rnd.pk,
        "village": s.cihang.pk,
        "judge": s.judge_b.pk,
        "values": {str(s.c1.pk): "1", str(s.c2.pk): "1"},
        "submit": True,
        "version": 0,
    }
    response = client.post(OUTBOX, json.dumps(payload), content_type="application/json")
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.values == {str(s.c1.pk): "7", str(s.c2.pk): "7"}
    assert sheet_of(s, s.judge_a, s.cihang).values == {str(s.c1.pk): "1", str(s.c2.pk): "1"}
    # Someone who is not a judge of the round is refused.
    nobody = send(login(s.zone.users["nobody"]), s, s.cihang, "1", "1")
    assert nobody.status_code == 403
    assert "不是这一轮的评委" in nobody.json()["errors"][0]


def test_csrf_is_required_and_a_fresh_token_is_handed_out(round_setup):
    s = round_setup
    s.open()
    client = Client(enforce_csrf_checks=True)
    client.force_login(s.judge_a)
    refused = send(client, s, s.cihang, "5", "5")
    assert refused.status_code == 403
    assert not ScoreSheet.objects.exists()
    token = client.get(reverse("inspections:offline-csrf")).json()["token"]
    payload = {
        "round": s.rnd.pk,
        "village": s.cihang.pk,
        "values": {str(s.c1.pk): "5", str(s.c2.pk): "5"},
        "submit": True,
        "version": 0,
    }
    accepted = client.post(
        OUTBOX, json.dumps(payload), content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 200, accepted.content
    assert sheet_of(s, s.judge_a, s.cihang).is_submitted


def test_logged_out_gets_a_reason_not_a_login_page(round_setup):
    s = round_setup
    s.open()
    response = send(Client(), s, s.cihang, "5", "5")
    assert response.status_code == 401
    assert "重新登录" in response.json()["errors"][0]


def test_the_criteria_version_changes_with_the_criteria(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    url = reverse("inspections:offline-round-version", args=[s.rnd.pk])
    before = client.get(url).json()
    assert before["open"] is True
    page = client.get(reverse("inspections:score-sheet", args=[s.rnd.pk, s.cihang.pk])).content.decode()
    assert f'data-criteria="{before["criteria"]}"' in page
    s.c1.maximum = 20
    s.c1.save()
    assert client.get(url).json()["criteria"] != before["criteria"]
    assert login(s.zone.users["nobody"]).get(url).status_code == 403


def test_a_malformed_upload_is_refused_with_a_reason(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    for body in ("not json", "[]", json.dumps({"village": s.cihang.pk})):
        response = client.post(OUTBOX, body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["errors"] == ["上传的评分表格式不正确。"]
    # A value sent as null is a blank: fine in a draft.
    payload = {"round": s.rnd.pk, "village": s.cihang.pk, "values": {f"c{s.c1.pk}": "8", f"c{s.c2.pk}": None}}
    response = client.post(OUTBOX, json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.content
    assert sheet_of(s, s.judge_a, s.cihang).values == {str(s.c1.pk): "8"}
    missing = dict(payload, round=999999)
    assert client.post(OUTBOX, json.dumps(missing), content_type="application/json").status_code == 404


def test_the_offline_texts_follow_the_language(round_setup, login):
    s = round_setup
    s.open()
    client = login(s.judge_a)
    url = reverse("inspections:judge-round", args=[s.rnd.pk])
    assert 'data-kept="已可离线评分（保存于 {time}）"' in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(url).content.decode()
    assert 'data-kept="Ready to score offline (saved {time})"' in page
    assert 'data-waiting="{n} waiting to upload"' in page
