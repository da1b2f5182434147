"""`manage.py backup FILE` / `restore FILE`: the demo (photos, history, every role) backed up,
restored into an empty database and an empty media folder by another process, and found whole:
every row of every table, every file, byte for byte. On SQLite and on PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from inspections.models import RectificationPhoto, ScoreSheet, SitePhoto
from villages.models import PledgePhoto

ROOT = Path(__file__).resolve().parents[2]
DUMP = [
    "dumpdata",
    "--exclude",
    "contenttypes",
    "--exclude",
    "auth.permission",
    "--exclude",
    "sessions",
    # The audit trail goes on in each database (the backup and the restore are rows of their own);
    # the restored one is checked by audit_verify below.
    "--exclude",
    "audit",
    "--natural-foreign",
]


@pytest.fixture
def empty_target(tmp_path, django_db_blocker):
    """An empty database of the kind the suite runs on (no tables at all), and an empty folder."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        name = "lsb_restore_target"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(f"CREATE DATABASE {name}")
        url = f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{name}"
        yield url, tmp_path / "media"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "media"


def manage(*args, database_url, media_root):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
    env |= {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def rows(dump_json):
    """Every row as (model, pk, fields), comparable across databases."""
    return sorted(
        (r["model"], json.dumps(r.get("pk")), json.dumps(r["fields"], sort_keys=True)) for r in dump_json
    )


def files(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()
    }


def test_a_backup_restores_every_row_and_file_into_an_empty_database(
    demo_db, settings, tmp_path, empty_target, db
):
    database_url, media_root = empty_target
    source_media = Path(settings.MEDIA_ROOT)
    assert SitePhoto.objects.exists() and ScoreSheet.history.exists()  # photos and history to carry
    archive = tmp_path / "lsb.tar.gz"
    call_command("backup", str(archive))

    restored = manage("restore", str(archive), database_url=database_url, media_root=media_root)
    assert restored.returncode == 0, restored.stderr
    assert "恢复完成并已核对" in restored.stdout

    out = tmp_path / "before.json"
    call_command(*DUMP, output=str(out), verbosity=0)
    before = rows(json.loads(out.read_text()))
    after_dump = manage(*DUMP, database_url=database_url, media_root=media_root)
    assert after_dump.returncode == 0, after_dump.stderr
    after = rows(json.loads(after_dump.stdout))
    assert len(before) > 3000
    models = {model for model, _pk, _fields in before}
    assert {
        "inspections.historicalscoresheet",
        "inspections.sitephoto",
        "auth.user",
        "villages.membership",
    } <= models
    missing, extra = sorted(set(before) - set(after)), sorted(set(after) - set(before))
    assert (missing[:3], extra[:3]) == ([], [])
    assert after == before
    assert files(media_root) == files(source_media)
    verified = manage("audit_verify", database_url=database_url, media_root=media_root)
    assert verified.returncode == 0, verified.stderr
    # Every photo (site visits, pledge progress, rectification evidence) is a picture and its thumbnail.
    photos = SitePhoto.objects.count() + PledgePhoto.objects.count() + RectificationPhoto.objects.count()
    assert len(files(media_root)) == 2 * photos

    # The restored database is usable: a new row gets a fresh id (sequences follow the data).
    created = manage(
        "shell",
        "-c",
        "from villages.models import Office; print(Office.objects.create(name='新办事处').pk)",
        database_url=database_url,
        media_root=media_root,
    )
    assert created.returncode == 0, created.stderr
    assert int(created.stdout.strip().splitlines()[-1]) > max(
        int(pk) for model, pk, _f in before if model == "villages.office"
    )


def test_a_restore_refuses_a_database_that_is_not_empty(demo_db, tmp_path, db):
    archive = tmp_path / "lsb.tar.gz"
    call_command("backup", str(archive))
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    assert manage("restore", str(archive), database_url=target, media_root=tmp_path / "m").returncode == 0
    again = manage("restore", str(archive), database_url=target, media_root=tmp_path / "m2")
    assert again.returncode != 0
    assert "只能恢复到空数据库" in again.stderr


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, db):
    import tarfile

    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    result = manage(
        "restore", str(bogus), database_url=f"sqlite:///{tmp_path / 't.sqlite3'}", media_root=tmp_path / "m"
    )
    assert result.returncode != 0 and "不是本系统的备份文件" in result.stderr
