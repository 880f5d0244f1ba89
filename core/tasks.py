"""Background tasks (Django's Tasks framework; run by `manage.py db_worker` in production)."""

import logging

from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string

from core.models import Invitation

logger = logging.getLogger(__name__)


@task()
def send_invitation_email(invitation_id: int, url: str) -> bool:
    """Mail the invitation link. The owner also sees the link, so a failure is not fatal."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return False
    context = {"invitation": invitation, "url": url, "inviter": invitation.invited_by}
    # Plain text, so the templates turn autoescaping off; a subject is one header line.
    subject = " ".join(render_to_string("emails/invitation_subject.txt", context).split())
    send_mail(
        subject=subject,
        message=render_to_string("emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return True
