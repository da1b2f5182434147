"""Control characters cannot break the backup: every way in cleans text, the data migration cleans
what was stored before (rows and their history), and a backup that still meets such a value
names the table, row and field and writes no file."""

import importlib
import io
import json
import types

import pytest
from axes.models import AccessAttempt
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.urls import reverse

from config import stored_text
from inspections.models import Adjustment, Commentary
from reports.models import SummaryHeading
from tests.production.test_backup_restore import DUMP, manage, rows
from tests.production.test_backup_restore import empty_target as empty_target  # the fixture
from villages.models import Pledge, PledgeProgress
from villages.text import CleanTextMixin

# What a paste from a terminal, a PDF or a crafted request can hold (lone surrogates cannot be sent).
HOSTILE = "甲\x00乙\x01\x07\x08\x0b\x0c\x1b[31m\x7f\x85\x9f\u2028\ufffe\uffff丙"
CLEAN = "甲乙\n\n[31m\n\n丙"

MIGRATION = importlib.import_module("reports.migrations.0002_clean_stored_text")


def dirty_heading(rnd, user):
    """A heading as the unclean form stored it, in its row and its history row (no NUL:
    PostgreSQL never stores one)."""
    heading = SummaryHeading.objects.create(
        round=rnd, document_number="郑港党工〔2022〕12号", updated_by=user
    )
    SummaryHeading.objects.filter(pk=heading.pk).update(issuer="朱永立\x07", reviewer="刘\x1b倩")
    heading.history.update(document_number="郑港\x0b党工〔2022〕12号\x01", issuer="朱永立\x07")
    return heading


def test_the_migration_cleans_a_dirty_history_row_and_the_rows_beside_it(round_setup):
    s = round_setup
    heading = dirty_heading(s.round, s.staff)
    adjustment = Adjustment.objects.create(round=s.round, village=s.cihang, points=1, reason="表彰")
    Adjustment.objects.filter(pk=adjustment.pk).update(reason="表\x1b彰")
    Adjustment.history.update(reason="表\x1b彰\x0c")
    history_before = heading.history.get().history_date
    # The migration's function with the models as the migration sees them.
    state = MigrationExecutor(connection).loader.project_state(
        ("reports", "0002_clean_stored_text"), at_end=False
    )
    MIGRATION.clean_stored_text(state.apps, types.SimpleNamespace(connection=connection))

    heading.refresh_from_db()
    assert (heading.issuer, heading.reviewer) == ("朱永立", "刘倩")
    record = heading.history.get()  # repaired in place: no new history row
    assert (record.document_number, record.issuer) == ("郑港\n党工〔2022〕12号", "朱永立")
    assert record.history_date == history_before
    adjustment.refresh_from_db()
    assert adjustment.reason == "表彰"
    assert adjustment.history.get().reason == "表彰\n"
    assert not list(stored_text.find(stored_text.stored_models(apps, connection)))


def test_a_backup_names_the_bad_value_and_writes_no_file_until_repair_text_is_run(
    round_setup, tmp_path, security_log
):
    s = round_setup
    heading = dirty_heading(s.round, s.staff)
    record = heading.history.get()
    archive = tmp_path / "lsb.tar.gz"
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(archive))
    message = str(refused.value)
    assert "没有写出备份文件" in message
    assert (
        f"表 reports_historicalsummaryheading（historical 通报文头）第 history_id={record.pk} 行，"
        "字段 document_number（文号）：U+0001、U+000B"
    ) in message
    assert (
        f"表 reports_summaryheading（通报文头）第 id={heading.pk} 行，字段 issuer（签发人）：U+0007"
        in message
    )
    assert "manage.py repair_text" in message
    assert not list(tmp_path.iterdir())  # neither the archive nor a partial one

    call_command("repair_text", "--dry-run", stdout=(out := io.StringIO()))
    assert "共 4 处含控制字符，未修改。" in out.getvalue()
    assert SummaryHeading.history.get().issuer == "朱永立\x07"
    call_command("repair_text", stdout=(out := io.StringIO()))
    assert "已清理 4 处。" in out.getvalue()
    [event] = security_log.of("repair_text")
    assert event["values"] == 4
    assert "reports_historicalsummaryheading" in event["tables"]
    call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.is_file()


def test_a_control_character_posted_to_the_login_page_is_stored_clean_and_still_counted(
    client, zone, settings
):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for expected in (200, 200, 429):
        response = client.post(
            reverse("login") + "?next=/\x01x",
            {"username": "staff\x01", "password": "wrong", "extra": HOSTILE},
            HTTP_USER_AGENT="curl\x07",
        )
        assert response.status_code == expected
    attempts = list(AccessAttempt.objects.all())
    assert sum(a.failures_since_start for a in attempts) == 3
    for attempt in attempts:
        assert attempt.username == "staff"  # counted under the name as stored
        for value in (attempt.user_agent, attempt.get_data, attempt.post_data, attempt.path_info):
            assert not stored_text.XML_UNSAFE.search(value), value


def test_every_form_that_stores_text_cleans_it(zone):
    """The pages' forms and the admin's editable forms: a CharField is cleaned by CleanTextMixin."""
    from django.urls import get_resolver

    assert get_resolver().url_patterns  # every view module, so every form class, is imported

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    # A GET filter stores nothing; the activation form stores only the password's hash (a password
    # is taken as typed) and checks the username and code against what is stored.
    filters = {"RectificationFilterForm", "ActivationForm"}
    unclean = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in set(subclasses(forms.BaseForm))
        if cls.__module__.split(".")[0] in {"villages", "inspections", "reports", "config", "accounts"}
        and cls.__name__ not in filters
        and any(type(f) is forms.CharField for f in cls.base_fields.values())
        and not issubclass(cls, CleanTextMixin)
    ]
    assert unclean == []

    request = RequestFactory().get("/")
    request.user = zone.users["admin"]
    editable = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_change_permission(request) and not model_admin.has_add_permission(request):
            continue
        if model._meta.app_label == "axes":  # written by the login, already cleaned there
            continue
        form = model_admin.get_form(request, obj=model())
        text = [n for n, f in form.base_fields.items() if type(f) is forms.CharField]
        editable.append(model._meta.label)
        assert not text or issubclass(form, CleanTextMixin), (model._meta.label, text)
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            text = [n for n, f in formset.form.base_fields.items() if type(f) is forms.CharField]
            assert not text or issubclass(formset.form, CleanTextMixin), (inline, text)
    assert {"reports.SummaryHeading", "auth.User", "villages.Secretary"} <= set(editable)


def test_hostile_text_in_every_free_text_form_survives_backup_and_restore(
    empty_target,  # first: on PostgreSQL it creates a database, outside the test's transaction
    round_setup,
    login,
    tmp_path,
    settings,
):
    s = round_setup
    settings.MEDIA_ROOT = tmp_path / "source-media"
    database_url, media_root = empty_target
    s.open()
    staff = login(s.staff)
    pledge = s.zone.pledges["慈航路社区"]
    posts = [
        (
            reverse("reports:office-summary", args=[s.round.pk]),
            {"document_number": HOSTILE, "reviewer": HOSTILE, "issuer": HOSTILE},
        ),
        (
            reverse("inspections:round-adjustments", args=[s.round.pk]),
            {"village": s.cihang.pk, "points": "1", "reason": HOSTILE},
        ),
        (
            reverse("inspections:round-review", args=[s.round.pk]),
            {"form": "commentary", "c-kind": "highlight", "c-text": HOSTILE, "c-speaker": HOSTILE},
        ),
        (
            reverse("villages:pledge-create", args=[s.cihang.pk]),
            {
                "year": "2022",
                "category": "economy",
                "title": "村集体经济",
                "content": HOSTILE,
                "measure": HOSTILE,
                "deadline": "2022-12-31",
            },
        ),
        (
            reverse("villages:pledge-edit", args=[pledge.pk]),
            {
                "year": "2022",
                "category": pledge.category,
                "title": pledge.title,
                "content": "垃圾清零" + HOSTILE,
                "measure": pledge.measure,
                "deadline": "2022-12-31",
                "reason": HOSTILE,
            },
        ),
        (
            reverse("villages:pledge-progress", args=[pledge.pk]),
            {"quarter": "2", "status": "delayed", "note": HOSTILE, "caption": HOSTILE},
        ),
    ]
    for url, data in posts:
        response = staff.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    s.sheet(s.judge_a, s.cihang, 8, 9, remark=HOSTILE)
    heading = SummaryHeading.objects.get()
    assert (heading.document_number, heading.history.get().issuer) == (CLEAN, CLEAN)
    assert Adjustment.objects.get().reason == CLEAN
    assert Commentary.objects.get().text == CLEAN
    assert Pledge.objects.get(title="村集体经济").content == CLEAN
    assert PledgeProgress.objects.get(pledge=pledge, quarter=2).note == CLEAN
    assert pledge.changes.get().reason == CLEAN

    archive = tmp_path / "lsb.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    restored = manage("restore", str(archive), database_url=database_url, media_root=media_root)
    assert restored.returncode == 0, restored.stderr

    out = tmp_path / "before.json"
    call_command(*DUMP, output=str(out), verbosity=0)
    before = rows(json.loads(out.read_text()))
    after_dump = manage(*DUMP, database_url=database_url, media_root=media_root)
    assert after_dump.returncode == 0, after_dump.stderr
    after = rows(json.loads(after_dump.stdout))
    assert after == before
    carried = {model for model, _pk, fields in after if json.dumps(CLEAN)[1:-1] in fields}
    assert {
        "reports.summaryheading",
        "reports.historicalsummaryheading",
        "inspections.adjustment",
        "inspections.historicaladjustment",
        "inspections.commentary",
        "villages.pledge",
        "villages.pledgechange",
        "villages.pledgeprogress",
        "inspections.scoresheet",
    } <= carried
