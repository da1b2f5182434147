"""Cache backends come from the environment: per process and a folder by default, Redis (or a
database table, a folder) where CACHE_URL / DOCUMENT_CACHE_URL name one."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"


def caches(**env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CACHE_URL", "DOCUMENT_CACHE_URL", "DOCUMENT_CACHE_DIR"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env=base | {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result


def test_defaults_are_per_process_and_a_folder():
    found, _ = caches(DOCUMENT_CACHE_DIR="/srv/lsb/var/documents")
    assert found["default"]["BACKEND"].endswith("locmem.LocMemCache")
    assert found["documents"]["BACKEND"].endswith("filebased.FileBasedCache")
    assert found["documents"]["LOCATION"] == "/srv/lsb/var/documents"


def test_redis_and_a_database_table_are_named_by_url():
    found, _ = caches(CACHE_URL="redis://10.0.0.5:6379/0", DOCUMENT_CACHE_URL="db://lsb_documents")
    assert found["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://10.0.0.5:6379/0",
    }
    assert found["documents"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert found["documents"]["LOCATION"] == "lsb_documents"
    assert found["documents"]["KEY_PREFIX"] == "documents"


def test_an_unknown_scheme_is_refused_with_its_name():
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=base | {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "CACHE_URL": "memcache://x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Unknown cache URL scheme 'memcache'" in result.stderr
