"""Settings for the benchmarks: the test settings plus a floor page to compare against."""

from config.settings_test import *  # noqa: F403
from config.settings_test import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [BASE_DIR / "templates", BASE_DIR / "bench" / "templates"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": True}
