"""What the judging pages keep on a phone for scoring without a network: the static files the
service worker stores, the version that names its caches, and a round's criteria version."""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# Every static file a judging page uses. The service worker stores them when it installs.
OFFLINE_STATIC = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "css/app.css",
    "css/print.css",
    "css/offline.css",
    "js/app.js",
    "js/scores.js",
    "js/scoresheet.js",
    "js/outbox.js",
    "js/offline.js",
    "favicon.ico",
    "icons/icon-192.png",
    "icons/icon-512.png",
]
# Loaded by the service worker itself (importScripts), so part of its version too.
WORKER_STATIC = [
    "vendor/workbox/workbox-sw.js",
    "vendor/workbox/workbox-core.prod.js",
    "vendor/workbox/workbox-routing.prod.js",
    "vendor/workbox/workbox-strategies.prod.js",
    "vendor/workbox/workbox-precaching.prod.js",
    "vendor/workbox/workbox-cacheable-response.prod.js",
    "js/outbox.js",
    "js/sw.js",
]


def _content(name):
    path = finders.find(name)
    if path is None and staticfiles_storage.exists(name):
        path = staticfiles_storage.path(name)
    if path is None:
        return b""
    with open(path, "rb") as f:
        return f.read()


def _compute_version():
    digest = hashlib.sha256(getattr(settings, "OFFLINE_VERSION", "").encode())
    for name in sorted(set(OFFLINE_STATIC + WORKER_STATIC)):
        digest.update(name.encode())
        digest.update(staticfiles_storage.url(name).encode())
        digest.update(_content(name))
    return digest.hexdigest()[:16]


_cached_version = lru_cache(maxsize=1)(_compute_version)


def offline_version():
    """Follows the static files: a release that changes any of them makes a new service worker,
    which replaces the old caches. Computed once per process unless the files may change live."""
    if settings.DEBUG or getattr(settings, "WHITENOISE_AUTOREFRESH", False):
        return _compute_version()
    return _cached_version()


def criteria_version(criteria):
    """Changes whenever what a judge scores against changes (a criterion added, removed, renamed,
    its maximum, weight, places or standard)."""
    rows = [
        [c.pk, c.name, c.description, str(c.maximum), str(c.weight), c.decimal_places, c.sort_order]
        for c in criteria
    ]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:12]
