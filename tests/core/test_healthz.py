"""`/healthz` for load balancers and supervisors (issue 13, item 2; docs/tasks.md)."""

import pytest
from django.db import OperationalError, connection

from core import health
from core.testing.tasks import live_worker

pytestmark = pytest.mark.django_db


def test_healthy_without_a_worker_by_default(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["database"] == "ok" and body["storage"] == "ok"
    assert body["worker"] == "stale" and body["worker_last_seen_seconds"] is None
    assert body["status"] == "ok"


def test_strict_fails_without_a_live_worker(client):
    assert client.get("/healthz?strict=1").status_code == 503
    live_worker()
    response = client.get("/healthz?strict=1")
    assert response.status_code == 200
    body = response.json()
    assert body["worker"] == "ok" and body["worker_last_seen_seconds"] >= 0


def test_database_down_is_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "error",
        "worker": "unknown",
        "worker_last_seen_seconds": None,
        "storage": "ok",
        "status": "error",
    }


def test_storage_failure_is_reported_and_fails_strict(client, monkeypatch):
    def broken(name):
        raise OSError("bucket unreachable")

    monkeypatch.setattr(health.default_storage, "exists", broken)
    assert health.check_storage() == (False, "OSError")
    live_worker()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["storage"] == "error"
    assert client.get("/healthz?strict=1").status_code == 503


def test_plain_http_from_any_host_is_answered_without_login(client, settings):
    """A load balancer probes the server's own address over HTTP inside the network."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["stackscope.example"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert client.get("/healthz/", HTTP_HOST="10.0.0.7:8000").status_code == 200
    # Everything else is still redirected to HTTPS.
    assert client.get("/accounts/login/", HTTP_HOST="stackscope.example").status_code == 301


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code != 200
