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


# --- invitation e-mails: plain text, one-line subject (issue 11, item 6) ------------------


@pytest.mark.django_db
def test_invitation_email_is_plain_text_not_html_escaped(django_capture_on_commit_callbacks):
    from core import services
    from core.testing.factories import MembershipFactory

    owner = MembershipFactory(
        role=Role.OWNER,
        organisation__name='Smith & "Sons" <UK>',
        user__first_name="Siobhán",
        user__last_name="O'Brien",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            organisation=owner.organisation,
            email="new@example.test",
            role=Role.EDITOR,
            invited_by=owner.user,
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == 'You are invited to Smith & "Sons" <UK> on Stackscope'
    assert 'Siobhán O\'Brien invited you to join Smith & "Sons" <UK>' in message.body
    for entity in ("&quot;", "&amp;", "&lt;", "&#x27;", "&#39;"):
        assert entity not in message.subject
        assert entity not in message.body


@pytest.mark.django_db
def test_invitation_email_survives_a_stored_name_with_line_breaks():
    """A name stored before names were checked (or through the shell) still mails."""
    invitation = InvitationFactory(organisation__name="Acme\r\nBcc: all@x.example")
    assert send_invitation_email.call(invitation.pk, "https://example.test/i/abc/") is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "You are invited to Acme Bcc: all@x.example on Stackscope"
    assert "all@x.example" not in message.recipients()
    assert "\n" not in message.message()["Subject"]
