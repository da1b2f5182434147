"""Settings for 亮赛比.

Everything a deployment changes comes from the environment; the defaults are
safe for a local run on SQLite. See `.env.example` for the full list.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.security import DEVELOPMENT_KEY, weak_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def cache_from_url(url, default, *, key_prefix=""):
    """A CACHES entry from a URL: redis://host:6379/0 (or rediss://) through Django's RedisCache,
    db://TABLE (run `manage.py createcachetable`), file:///PATH, locmem:// or dummy://; empty: `default`."""
    if not url:
        return default
    scheme, _sep, rest = url.partition("://")
    backends = "django.core.cache.backends."
    if scheme in {"redis", "rediss"}:
        config = {"BACKEND": backends + "redis.RedisCache", "LOCATION": url}
    elif scheme == "db":
        config = {"BACKEND": backends + "db.DatabaseCache", "LOCATION": rest or "cache_table"}
    elif scheme == "file":
        config = {"BACKEND": backends + "filebased.FileBasedCache", "LOCATION": rest}
    elif scheme == "locmem":
        config = {"BACKEND": backends + "locmem.LocMemCache", "LOCATION": rest}
    elif scheme == "dummy":
        config = {"BACKEND": backends + "dummy.DummyCache"}
    else:
        raise ImproperlyConfigured(f"Unknown cache URL scheme {scheme!r} in {url!r}.")
    if key_prefix:
        config["KEY_PREFIX"] = key_prefix
    return config


DEBUG = env_bool("DEBUG", False)


def _management_command_without_requests():
    """manage.py commands other than runserver (migrate, check, …) sign nothing a user sees."""
    return Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != ["runserver"]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not (DEBUG or _management_command_without_requests()):
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if weakness := weak_secret_key(SECRET_KEY):
        raise ImproperlyConfigured(f"SECRET_KEY is refused when DEBUG is off: {weakness}.")
SECRET_KEY = SECRET_KEY or DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "config.login_throttle.LoginThrottleConfig",  # django-axes
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "villages",
    "accounts",
    "inspections",
    "reports",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages compressed by the app (with Django's BREACH mitigation); static files come compressed
    # from WhiteNoise. A front web server may compress instead: see README.
    "django.middleware.gzip.GZipMiddleware",
    # Outermost of ours, so it sees every final response (a 403 from any layer) and makes the
    # request known to security events logged by the services.
    "config.security.SecurityEventMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.DatabaseBusyMiddleware",
    # Idle and absolute session limits; a password that must be changed first.
    "accounts.identity.IdentityMiddleware",
    # Last, so it sees the final response of a login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "villages.context_processors.access",
                "accounts.context_processors.session_limits",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must take a round's judges writing at once: write-ahead logging lets
    # readers go on while one request writes; IMMEDIATE transactions take the write lock at their
    # start (no deadlocked upgrade from a read), and others wait for it up to `timeout` seconds.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20),
        **DATABASES["default"].get("OPTIONS", {}),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password policy (身份鉴别, accounts/passwords.py): length, three of the four character classes,
# not like the username, name or phone, not common, not one of the last few; a password older than
# PASSWORD_MAX_AGE_DAYS (0: never) or set by someone else must be changed at the next login.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 10)
PASSWORD_MIN_CLASSES = env_int("PASSWORD_MIN_CLASSES", 3)
PASSWORD_HISTORY_COUNT = env_int("PASSWORD_HISTORY_COUNT", 5)
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.SimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.HistoryValidator", "OPTIONS": {"count": PASSWORD_HISTORY_COUNT}},
]

# Sessions (accounts/identity.py): logged out after SESSION_IDLE_MINUTES without a request (the page
# warns a minute before, with a button to stay), and SESSION_MAX_HOURS after the login whatever
# happens (0: no limit). SESSION_SINGLE: a new login of an account ends its other sessions.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
SESSION_SINGLE = env_bool("SESSION_SINGLE", False)
# Administrators (staff accounts) with an authenticator app enter its code after the password
# (accounts/two_factor.py); with this on, one without must set one up first.
ADMIN_TWO_FACTOR_REQUIRED = env_bool("ADMIN_TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "亮赛比"
if SESSION_MAX_HOURS:
    SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And one address, whichever accounts it tries: this many failures within the cool-off time lock
# every login from it (config/login_text.py). Higher than the per-account limit: an office's
# computers may share one address.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 10)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Behind the reverse proxy every request comes from the proxy's address: count the proxies in
# front of the app (each appends what it saw to X-Forwarded-For) so each client is counted under
# its own address. 0 (the default) trusts no header: the app is reached directly.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_USERNAME_CALLABLE = "config.login_text.attempted_username"  # cleaned as it is stored
AXES_HANDLER = "config.login_text.CleanTextHandler"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Behind nginx: the internal location that serves MEDIA_ROOT once the app has allowed a request.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")

# Caches come from the environment (see cache_from_url). The default cache is per process unless
# CACHE_URL names a shared one. Built summaries (PDF, Excel, brief) are kept on disk, shared by
# every worker on the machine; several app servers either share DOCUMENT_CACHE_URL or each build
# their own copy (both are correct: keys are fingerprints of what a document shows).
CACHES = {
    "default": cache_from_url(
        os.environ.get("CACHE_URL", ""), {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "documents": cache_from_url(
        os.environ.get("DOCUMENT_CACHE_URL", ""),
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DOCUMENT_CACHE_DIR", str(BASE_DIR / "var" / "documents")),
        },
        key_prefix="documents",
    ),
}
CACHES["documents"].setdefault("OPTIONS", {})
if CACHES["documents"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["documents"]["OPTIONS"].setdefault("MAX_ENTRIES", 2000)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The keying grid posts villages × criteria inputs (1,000 × 12 in a large office).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 20000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
# Off by default so a local run over plain HTTP works; docs/deploy.md turns them on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: our own origin only, no inline script or style (every script is a
# static file; the charts are inline SVG drawn with attributes, which need nothing more).
# data: images are Bootstrap's icons inside its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_FAILURE_VIEW = "villages.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_forbidden": {"()": "config.security.WithoutForbidden"}},
    "formatters": {"line": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Security events are JSON lines of their own (time included), to be collected as they are.
        "security": {"class": "logging.StreamHandler", "formatter": "line"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # A refused request is the security log's "denied" line, not a traceback.
        "django.request": {"filters": ["without_forbidden"]},
        "liangsaibi.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        # The PDF engine logs every layout step at INFO and unsupported CSS at WARNING.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Accounts made by office staff: how many days a printed activation code (开通码) stays valid.
ACTIVATION_CODE_DAYS = env_int("ACTIVATION_CODE_DAYS", 7)
# The server's address in printed QR codes (account slips, an issued 通报's 核验 code), e.g.
# https://lsb.example.gov.cn; empty: the address of the request (a command then needs it or prints
# the path only).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# The demo data's title, shown in the navigation bar.
SITE_TITLE = _("亮赛比")
ZONE_NAME = os.environ.get("ZONE_NAME", "航空港区")
# The public 核验 page: uploads up to this size, this many checks per address and minute.
VERIFY_MAX_UPLOAD = 20 * 1024 * 1024
VERIFY_RATE_PER_MINUTE = 20

# The audit trail is kept at least this many days (网络安全法 第二十一条: 不少于六个月); the privacy
# notice states it.
AUDIT_RETENTION_DAYS = 180
