"""Read-side queries for organisations and members (HackSoft-style selectors)."""

from datetime import timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from core.models import Invitation, Membership, Organisation, WorkerHeartbeat
from core.models.jobs import worker_stale_seconds


def memberships_for_user(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def current_membership(user, organisation_id) -> Membership | None:
    """The membership for the organisation in the session, else the user's first one."""
    memberships = memberships_for_user(user).order_by("organisation__name")
    if organisation_id is not None:
        found = memberships.filter(organisation_id=organisation_id).first()
        if found is not None:
            return found
    return memberships.first()


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__email")
    )


def member_users(organisation: Organisation | None):
    """Users who are members of the organisation (none without one)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if organisation is None:
        return users.none()
    return users.filter(memberships__organisation=organisation).distinct()


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return (
        Invitation.objects.pending().filter(organisation=organisation).select_related("invited_by")
    )


def role_counts(organisation: Organisation) -> dict[str, int]:
    rows = (
        Membership.objects.filter(organisation=organisation).values("role").annotate(n=Count("id"))
    )
    return {row["role"]: row["n"] for row in rows}


def api_tokens_for(user, organisation):
    from core.models import ApiToken

    return ApiToken.objects.filter(user=user, organisation=organisation).order_by("-created_at")


# --- background work (docs/tasks.md) -----------------------------------------------------


def worker_last_seen():
    """When a task worker last renewed its heartbeat (None: never, or its row is gone)."""
    return (
        WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    )


def worker_is_alive(now=None) -> bool:
    """A worker renewed its heartbeat within WORKER_STALE_SECONDS (one query)."""
    cutoff = (now or timezone.now()) - timedelta(seconds=worker_stale_seconds())
    return WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).exists()
