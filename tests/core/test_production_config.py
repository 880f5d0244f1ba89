"""The production configuration in the repo: gunicorn.conf.py and the shared cache.

gunicorn.conf.py is plain Python read by gunicorn; these tests run it with a given
environment and check the values gunicorn would take (docs/deployment.md).
"""

import runpy

import pytest

from tests.core.test_deploy import PRODUCTION, ROOT, run_manage

CONFIG = ROOT / "gunicorn.conf.py"
GUNICORN_ENV = (
    "WEB_CONCURRENCY",
    "WEB_THREADS",
    "DEBUG",
    "BEHIND_HTTPS_PROXY",
    "FORWARDED_ALLOW_IPS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_PRELOAD",
    "GUNICORN_CONTROL_SOCKET",
)


def load_config(monkeypatch, cores=2, **env):
    for name in GUNICORN_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: cores)
    return runpy.run_path(str(CONFIG))


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (4, 9), (16, 12)])
def test_sync_workers_follow_the_cores_with_a_cap(monkeypatch, cores, workers):
    config = load_config(monkeypatch, cores=cores)
    assert config["worker_class"] == "sync"
    assert config["workers"] == workers


def test_web_concurrency_and_threads_override(monkeypatch):
    assert load_config(monkeypatch, WEB_CONCURRENCY="2")["workers"] == 2
    config = load_config(monkeypatch, cores=4, WEB_THREADS="4")
    assert (config["worker_class"], config["threads"], config["workers"]) == ("gthread", 4, 4)


def test_timeouts_recycling_and_preload(monkeypatch):
    config = load_config(monkeypatch)
    assert config["timeout"] == 30
    assert config["graceful_timeout"] == 30
    assert config["max_requests"] == 1000
    assert 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["preload_app"] is True
    assert config["control_socket_disable"] is True
    assert load_config(monkeypatch, GUNICORN_TIMEOUT="60")["timeout"] == 60


def test_behind_the_proxy_gunicorn_trusts_only_the_proxy_addresses(monkeypatch):
    config = load_config(monkeypatch)
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert "secure_scheme_headers" not in config  # gunicorn's default X-Forwarded-Proto
    config = load_config(monkeypatch, FORWARDED_ALLOW_IPS="10.0.0.5")
    assert config["forwarded_allow_ips"] == "10.0.0.5"


@pytest.mark.parametrize("env", [{"BEHIND_HTTPS_PROXY": "0"}, {"DEBUG": "1"}])
def test_facing_clients_gunicorn_trusts_no_forwarding_header(monkeypatch, env):
    """As the app itself (core/env.py proxy_settings): no proxy, no X-Forwarded-Proto."""
    config = load_config(monkeypatch, **env)
    assert config["forwarded_allow_ips"] == ""
    assert config["secure_scheme_headers"] == {}


CACHES_CODE = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache"),
        ({"CACHE_URL": "redis://127.0.0.1:6379/1"}, "django.core.cache.backends.redis.RedisCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/1"}, "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_cache_is_per_process_unless_a_shared_one_is_configured(env, backend):
    result = run_manage(
        "shell", "-c", CACHES_CODE, env_extra={**PRODUCTION, **env}, drop=("CACHE_URL", "REDIS_URL")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend
