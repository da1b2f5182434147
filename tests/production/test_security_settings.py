"""Security settings from the environment: a weak SECRET_KEY is refused with DEBUG off, the
documented production environment passes `check --deploy`, HSTS and the HTTPS redirect switch on."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
STRONG = secrets.token_urlsafe(50)


def documented_environment():
    """The production environment as .env.example documents it (docs/deploy.md points to it)."""
    env = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    return env


def run(code_or_args, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


SERVE = "import django; django.setup(); from config.wsgi import application; print('served')"


@pytest.mark.parametrize(
    "key, why",
    [
        ("local-development-only-not-secret", "development default"),
        ("django-insecure-" + "x7" * 30, "development default"),
        ("change-me", "shorter than 50"),
        ("a" * 80, "too little entropy"),
        ("abcde" * 12, "too little entropy"),
        ("my-secret-phrase-" * 4, "too little entropy"),
    ],
)
def test_a_weak_secret_key_is_refused_when_debug_is_off(key, why):
    result = run(SERVE, {"SECRET_KEY": key, "DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is refused" in result.stderr and why in result.stderr
    assert "served" not in result.stdout


def test_a_missing_secret_key_is_refused_and_a_strong_one_serves():
    assert "SECRET_KEY must be set" in run(SERVE, {"DEBUG": "0"}).stderr
    result = run(SERVE, {"SECRET_KEY": STRONG, "DEBUG": "0"})
    assert result.returncode == 0, result.stderr
    assert "served" in result.stdout
    # A local run with DEBUG on keeps working without any key.
    assert run(SERVE, {"DEBUG": "1"}).returncode == 0


def test_the_documented_production_environment_passes_check_deploy():
    env = documented_environment()
    assert env["SECRET_KEY"] == "change-me"  # the example must be replaced, and is refused as it is
    env["SECRET_KEY"] = STRONG
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_hsts_and_the_redirect_check_deploy_complains():
    env = documented_environment() | {
        "SECRET_KEY": STRONG,
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_SSL_REDIRECT": "0",
    }
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_hsts_and_the_https_redirect_follow_their_settings(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_by_default_there_is_no_redirect_and_no_hsts(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
