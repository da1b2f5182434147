"""Back up and restore the whole app: every row (history included) and every uploaded file, in one
.tar.gz that restores into an empty database of either kind (SQLite or PostgreSQL).

The archive holds `manifest.json` (format, the migrations the data belongs to, rows per table,
each file's size and SHA-256), `data.xml` (Django's dumpdata in XML, which keeps times to the
microsecond where JSON fixtures cut them to milliseconds; content types and permissions are named
by natural key, since a new database numbers them itself) and `media/…` (the uploaded files).
A restore migrates the empty database to the backup's migrations, loads the rows, writes the
files, checks every count and checksum, then migrates to this version's schema.

A value the XML cannot carry (a control character stored before every way in cleaned text) stops
the backup before anything is written, naming each table, row and field; `manage.py repair_text`
cleans them (config/stored_text.py).
"""

import hashlib
import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from . import stored_text

FORMAT = "liangsaibi-backup-1"
# Rebuilt by migrate in the new database, or not worth keeping (sessions: everyone logs in again).
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    pass


def _models():
    excluded = {"contenttypes", "sessions"}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in excluded and m._meta.label_lower != "auth.permission" and m._meta.managed
    ]


def _row_counts():
    tables = set(connection.introspection.table_names())
    return {m._meta.label_lower: m._default_manager.count() for m in _models() if m._meta.db_table in tables}


def _media_names(directory=""):
    """Every file in the default storage, as storage names."""
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}/{f}" if directory else f for f in files]
    for folder in folders:
        names += _media_names(f"{directory}/{folder}" if directory else folder)
    return sorted(names)


def _unsafe_text():
    """Refuse, naming every table, row and field, when a stored value cannot go into the XML.

    The backup is not cleaned on the fly: a backup holds what the database holds. The cure is
    `manage.py repair_text` (the cleaning the pages apply), and the backup is made again."""
    found = list(stored_text.find(_models(), stored_text.XML_UNSAFE))
    if not found:
        return
    lines = [stored_text.describe(*row, pattern=stored_text.XML_UNSAFE) for row in found[:20]]
    if len(found) > 20:
        lines.append(f"……另有 {len(found) - 20} 处")
    raise BackupError(
        f"没有写出备份文件：数据库中有 {len(found)} 处文字含有备份无法保存的控制字符——\n"
        + "\n".join(lines)
        + "\n请先运行 manage.py repair_text 清除这些字符（与页面录入时的清理相同，并记入安全日志），再备份。"
    )


def _applied_leaves():
    executor = MigrationExecutor(connection)
    applied = set(executor.loader.applied_migrations)
    return sorted(list(node) for node in executor.loader.graph.leaf_nodes() if node in applied)


def backup(path):
    """Write the archive to `path`; returns the manifest."""
    path = Path(path)
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise BackupError(
            f"数据库还有 {len(pending)} 个迁移没有执行(代码比数据库新):先运行 manage.py migrate,再备份。"
        )
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data.xml"
        # One transaction, so rows and counts agree even while people keep working.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:  # one snapshot for every table
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            _unsafe_text()
            try:
                call_command(
                    "dumpdata",
                    exclude=EXCLUDED,
                    natural_foreign=True,
                    # XML keeps times to the microsecond (JSON fixtures cut them to milliseconds).
                    format="xml",
                    output=str(data),
                    verbosity=0,
                )
            except CommandError as error:  # what the check above does not foresee: still no file
                raise BackupError(f"没有写出备份文件：数据无法导出（{error}）。") from error
            counts = _row_counts()
            migrations = _applied_leaves()
        files = {}
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(data, arcname="data.xml")
            for name in _media_names():
                with default_storage.open(name, "rb") as handle:
                    body = handle.read()
                files[name] = {"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
                info = tarfile.TarInfo(f"media/{name}")
                info.size = len(body)
                archive.addfile(info, io.BytesIO(body))
            manifest = {
                "format": FORMAT,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": connection.vendor,
                "migrations": migrations,
                "rows": counts,
                "files": files,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
        partial.replace(path)  # a half-written archive never carries the final name
    return manifest


def _safe_media_name(name):
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise BackupError(f"备份中的文件名不安全:{name}")
    return name


def _not_empty():
    """What the target already holds: a restore goes only into an empty database and folder."""
    found = [f"{label}: {n} 行" for label, n in _row_counts().items() if n]
    media = _media_names()
    if media:
        found.append(f"上传文件目录已有 {len(media)} 个文件")
    return found


def restore(path):
    """Restore the archive at `path` into the empty database and media storage; returns the manifest."""
    with tarfile.open(path, "r:gz") as archive:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
        except KeyError:
            raise BackupError("这不是本系统的备份文件(缺少 manifest.json)。")
        if manifest.get("format") != FORMAT:
            raise BackupError(f"备份格式不认识:{manifest.get('format')!r}。")
        problems = _not_empty()
        if problems:
            raise BackupError("只能恢复到空数据库和空的上传文件目录,目标已有数据:" + ";".join(problems))
        executor = MigrationExecutor(connection)
        targets = [tuple(node) for node in manifest["migrations"]]
        unknown = [f"{app}.{name}" for app, name in targets if (app, name) not in executor.loader.graph.nodes]
        if unknown:
            raise BackupError(
                "备份来自更新的版本(本版本没有这些迁移:" + "、".join(unknown) + "),请用不低于备份的版本恢复。"
            )
        # The schema the rows were written in; this version's later migrations run after loading.
        executor.migrate(targets)
        # Content types and permissions, which the rows name by natural key.
        emit_post_migrate_signal(0, False, connection.alias)
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data.xml"
            data.write_bytes(archive.extractfile("data.xml").read())
            call_command("loaddata", str(data), verbosity=0)
        for name, expected in manifest["files"].items():
            body = archive.extractfile(f"media/{_safe_media_name(name)}").read()
            if hashlib.sha256(body).hexdigest() != expected["sha256"]:
                raise BackupError(f"备份中的文件已损坏:{name}")
            saved = default_storage.save(name, ContentFile(body))
            if saved != name:
                raise BackupError(f"文件没有按原名恢复:{name} → {saved}")
    check(manifest)
    call_command("migrate", verbosity=0)
    return manifest


def check(manifest):
    """Every table has the backup's number of rows and every file its size and checksum."""
    counts = _row_counts()
    wrong = [
        f"{label}: 备份 {n} 行,恢复后 {counts.get(label, 0)} 行"
        for label, n in manifest["rows"].items()
        if counts.get(label, 0) != n
    ]
    for name, expected in manifest["files"].items():
        try:
            with default_storage.open(name, "rb") as handle:
                ok = hashlib.sha256(handle.read()).hexdigest() == expected["sha256"]
        except FileNotFoundError:
            ok = False
        if not ok:
            wrong.append(f"文件 {name} 缺失或不同")
    if wrong:
        raise BackupError("恢复后核对不一致:" + ";".join(wrong))
