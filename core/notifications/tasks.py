"""Background e-mail of one notification (Django's Tasks framework)."""

from django.tasks import task

from core.notifications import emails


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification in its reader's language; never twice (``emailed_at``)."""
    return emails.send_one(notification_id)
