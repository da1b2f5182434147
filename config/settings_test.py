"""Test settings: the real settings with a fast hasher, no manifest static files and no throttling."""

import os

# Long and random-looking, so the settings accept it with DEBUG off, as in production.
os.environ.setdefault("SECRET_KEY", "test-only-9fQz2LrX7vK1mW4pB8sT0yH6nD3cJ5gA-eU_iO7qRtYxZ")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

from .settings import *  # noqa: E402,F403
from .settings import CACHES, STORAGES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = False
# `make test` runs the SQLite and PostgreSQL suites at once; each keeps its uploads apart.
MEDIA_ROOT = BASE_DIR / "test-artifacts" / os.environ.get("TEST_RUN", "local") / "media"  # noqa: F405
LANGUAGE_CODE = "zh-hans"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Live-server threads must not keep connections open, or the test database can't be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
CACHES["documents"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "documents"}
