"""E-mail: at once through a task (default), never for muted kinds or digest people, never
twice; in the reader's language; the daily digest once a day."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import EmailMode, Notification, NotificationPreference
from core.notifications import emails
from core.testing.factories import MembershipFactory
from tests.notifications.helpers import tell

pytestmark = pytest.mark.django_db


def told(membership, capture, **kwargs):
    with capture(execute=True):
        return tell(membership, **kwargs)


def test_immediate_is_the_default_and_sends_once(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://stack.example"
    membership = MembershipFactory()
    notification = told(membership, django_capture_on_commit_callbacks, url="/tools/4/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [membership.user.email]
    assert "Report ready" in message.subject
    assert "The report of Q3 review is ready to download" in message.body
    assert "https://stack.example/tools/4/" in message.body
    assert "https://stack.example/tools/4/" in message.alternatives[0][0]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # a retried task, or the same event again: nothing more
    assert emails.send_one(notification.pk) is False
    assert told(membership, django_capture_on_commit_callbacks) is None
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("mode", "muted", "sent"),
    [
        (EmailMode.IMMEDIATE, [], 1),
        (EmailMode.IMMEDIATE, ["report_ready"], 0),
        (EmailMode.IMMEDIATE, ["mention"], 1),
        (EmailMode.DAILY, [], 0),
        (EmailMode.OFF, [], 0),
    ],
)
def test_preferences_decide_what_is_mailed_at_once(
    django_capture_on_commit_callbacks, mode, muted, sent
):
    membership = MembershipFactory()
    NotificationPreference.objects.create(user=membership.user, email_mode=mode, muted_kinds=muted)
    notification = told(membership, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(pk=notification.pk).exists()  # always in the app


def test_the_email_is_in_the_readers_language(django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    NotificationPreference.objects.create(user=membership.user, language="ro")
    assert emails.language_for(membership.user, membership.organisation) == "ro"
    told(membership, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    other = MembershipFactory()
    other.organisation.language = "fa"
    other.organisation.save()
    assert emails.language_for(other.user, other.organisation) == "fa"


def test_a_person_without_an_address_is_not_mailed(django_capture_on_commit_callbacks):
    membership = MembershipFactory(user__email="")
    told(membership, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_site_url_falls_back_to_the_first_allowed_host(settings, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["*", ".stack.example"]
    assert emails.site_url() == "https://stack.example"
    assert emails.absolute("https://evil.example/") == "https://stack.example/notifications/"


def test_the_digest_sends_a_days_notifications_once(capsys):
    membership = MembershipFactory()
    NotificationPreference.objects.create(user=membership.user, email_mode=EmailMode.DAILY)
    tell(membership, key="a")
    tell(membership, key="b", kind="notice_deadline", tool="Slack", date="2027-01-31", days=30)
    old = tell(membership, key="old")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    call_command("send_digests")
    assert "1 digest(s) sent" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Last day to cancel Slack" in body and "Q3 review" in body
    assert Notification.objects.filter(emailed_at=None).get() == old
    # hourly runs: nothing more within the day, even with a new notification
    tell(membership, key="c")
    call_command("send_digests")
    assert len(mail.outbox) == 1
    # a day later the new one goes out
    preference = NotificationPreference.objects.get(user=membership.user)
    preference.last_digest_at = timezone.now() - dt.timedelta(hours=23, minutes=5)
    preference.save()
    call_command("send_digests")
    assert len(mail.outbox) == 2
    assert "Q3 review" in mail.outbox[1].body


def test_the_digest_leaves_out_muted_kinds_and_immediate_people():
    daily = MembershipFactory()
    NotificationPreference.objects.create(
        user=daily.user, email_mode=EmailMode.DAILY, muted_kinds=["report_ready"]
    )
    tell(daily)
    tell(MembershipFactory())  # immediate (no preference): not in any digest
    assert emails.send_digests() == []
    assert mail.outbox == []
