"""Test helpers for background work: the production task backend, a live worker, a fake PDF."""

import pytest
from django.tasks import task_backends
from django.utils import timezone

from core.models import WorkerHeartbeat


@pytest.fixture
def database_task_backend(monkeypatch):
    """Swap the task backends for the production (database) one, restored afterwards."""
    from asgiref.local import Local

    config = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setitem(task_backends.__dict__, "settings", config)
    monkeypatch.setattr(task_backends, "_connections", Local(False))
    return task_backends["default"]


def live_worker(worker_id: str = "test-worker") -> WorkerHeartbeat:
    """A worker heartbeat renewed just now (as `run_worker` writes every few seconds)."""
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="test-host",
        pid=1,
        queue="default",
        started_at=now,
        last_seen=now,
    )
