"""The task framework is wired: tests run tasks immediately; production uses the database."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends
from django.tasks.backends.immediate import ImmediateBackend

from core.models import Role
from core.tasks import send_invitation_email
from core.testing.factories import InvitationFactory


def test_tests_use_the_immediate_backend():
    assert isinstance(task_backends["default"], ImmediateBackend)


@pytest.fixture
def database_task_backend(monkeypatch):
    """Swap the task backends for the production (database) one, restored afterwards."""
    from asgiref.local import Local

    config = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setitem(task_backends.__dict__, "settings", config)
    monkeypatch.setattr(task_backends, "_connections", Local(False))
    return task_backends["default"]


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_and_worker_runs_the_task(database_task_backend):
    from django_tasks_db.models import DBTaskResult

    invitation = InvitationFactory(role=Role.VIEWER)
    result = send_invitation_email.enqueue(invitation.pk, "https://example.test/i/abc/")
    assert DBTaskResult.objects.filter(id=result.id, status="READY").exists()
    assert mail.outbox == []
    call_command("db_worker", batch=True, verbosity=0)
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    assert "https://example.test/i/abc/" in mail.outbox[0].body
