"""Demo activity for "Acme Retail": a few weeks of the team's edits and conversations, so
the History tabs, the Activity page, the comment threads and the mention in the reviewer's
My work show what they are for (docs/history.md).

Idempotent: nothing is added once the organisation has a comment thread.
"""

from datetime import timedelta

from django.utils import timezone

from assessment.comments import services as comments
from assessment.demo_questionnaire import TITLE
from assessment.inventory import services as inventory
from assessment.models import Assessment, Integration, ReviewState, Thread, Tool
from core.history.context import attributed
from core.models import HistoryEntry, HistorySource, Role


def _backdate(since, days: float) -> None:
    """The entries written since ``since`` happened ``days`` ago (a demo has no past)."""
    when = timezone.now() - timedelta(days=days)
    HistoryEntry.objects.filter(timestamp__gte=since).update(timestamp=when)


def _edit(name: str, organisation, user, days: float, **fields) -> None:
    tool = Tool.objects.for_organisation(organisation).filter(name=name).first()
    if tool is None:
        return
    since = timezone.now()
    with attributed(actor=user, source=HistorySource.PAGE):
        inventory.update_object(instance=tool, user=user, **fields)
    _backdate(since, days)


def seed_activity(*, organisation, users, **_kwargs) -> None:
    if Thread.objects.for_organisation(organisation).exists():
        return
    # What the seeders made is the team's first import, three weeks before the edits below.
    HistoryEntry.objects.filter(organisation=organisation).update(
        timestamp=timezone.now() - timedelta(days=21)
    )
    owner, editor = users[Role.OWNER], users[Role.EDITOR]
    reviewer, viewer = users[Role.REVIEWER], users[Role.VIEWER]

    _edit("Braze", organisation, editor, 12, annual_cost=71500, active_users_30d=9)
    _edit("Mailchimp", organisation, editor, 9, lifecycle="eliminate", notes="Moving to Braze.")
    _edit("Semrush", organisation, owner, 4, annual_cost=5400)

    integration = (
        Integration.objects.for_organisation(organisation)
        .filter(review_state=ReviewState.UNREVIEWED)
        .select_related("source", "target")
        .order_by("pk")
        .first()
    )
    if integration is not None:
        since = timezone.now()
        with attributed(actor=reviewer, source=HistorySource.PAGE):
            inventory.review_integration(
                integration=integration,
                user=reviewer,
                state=ReviewState.FLAGGED,
                note="The nightly job failed three times last week; "
                "*no alerting* is set up for it.",
            )
        _backdate(since, 2)

    braze = Tool.objects.for_organisation(organisation).filter(name="Braze").first()
    if braze is not None:
        thread = comments.start_thread(
            organisation=organisation,
            user=editor,
            obj=braze,
            body="The contract says 12 seats but only 9 people log in. "
            "Shall we drop two at renewal?",
        )
        comments.add_comment(
            thread=thread,
            user=owner,
            body="Yes, and ask for the **multi-year** discount while we are at it.",
        )
        comments.resolve_thread(thread=thread, user=editor)

    assessment = Assessment.objects.for_organisation(organisation).filter(title=TITLE).first()
    if assessment is not None and not assessment.is_final:
        thread = comments.start_thread(
            organisation=organisation,
            user=editor,
            assessment=assessment,
            question_key="chatbot_handover",
            body="@reviewer can you confirm the Intercom hand-over hours? "
            "I only found the 8:00-18:00 rule in the old runbook.",
        )
        comments.add_comment(
            thread=thread,
            user=viewer,
            body="Customer Care mentioned a weekend pilot in their last newsletter.",
        )
