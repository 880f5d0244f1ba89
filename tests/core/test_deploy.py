"""Production settings: `check --deploy` is clean with DEBUG=0, a real secret and a host."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra, drop=()):
    # A clean production-like environment: no test-only variables leak into the check.
    # DATABASE_URL stays when set, so the PostgreSQL run checks the PostgreSQL settings.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE", *drop}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!k2p" + "q" * 40 + "Zr9#Lm4@vT8&wY1$",
    "ALLOWED_HOSTS": "stackscope.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://stackscope.example.com",
}


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_uses_the_database_under_test():
    """The check above runs on the same database engine as this test run (PostgreSQL in CI)."""
    code = "from django.db import connection; print(connection.vendor)"
    result = run_manage("shell", "-c", code, env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == connection.vendor


def test_missing_secret_key_is_refused_in_production():
    result = run_manage("check", env_extra={"DEBUG": "0", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_malformed_boolean_setting_is_explained(value):
    result = run_manage("check", env_extra={"DEBUG": value})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


PROXY_VARIABLES = ("BEHIND_HTTPS_PROXY", "PROXY_COUNT")
PROXY_PROBE = (
    "from django.conf import settings; "
    "print(settings.SECURE_PROXY_SSL_HEADER, settings.STACKSCOPE_PROXY_COUNT, "
    "settings.AXES_CLIENT_IP_CALLABLE)"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "('HTTP_X_FORWARDED_PROTO', 'https') 1 core.security.client_ip"),
        ({"BEHIND_HTTPS_PROXY": "0"}, "None 0 core.security.client_ip"),
        ({"PROXY_COUNT": "2"}, "('HTTP_X_FORWARDED_PROTO', 'https') 2 core.security.client_ip"),
    ],
)
def test_proxy_settings_are_consistent_in_production(env, expected):
    """Issue 11, item 7: trusting the proxy's X-Forwarded-Proto and reading the client
    address from its X-Forwarded-For are one setting, not two that can disagree."""
    result = run_manage(
        "shell", "-c", PROXY_PROBE, env_extra={**PRODUCTION, **env}, drop=PROXY_VARIABLES
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_without_a_proxy_by_default_in_development():
    result = run_manage("shell", "-c", PROXY_PROBE, env_extra={"DEBUG": "1"}, drop=PROXY_VARIABLES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "None 0 core.security.client_ip"
