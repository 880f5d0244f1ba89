from core.models.base import OrganisationQuerySet, OrganisationScopedModel, TimeStampedModel
from core.models.calendar_feeds import CalendarFeed
from core.models.files import StoredFile
from core.models.history import HistoryEntry, HistorySource
from core.models.jobs import JobStatus, LeasedJob, LeasedJobQuerySet, WorkerHeartbeat
from core.models.notifications import (
    EmailMode,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from core.models.organisations import Invitation, Membership, Organisation, PaperSize
from core.models.roles import Role
from core.models.tokens import ApiToken
from core.models.undo import UndoToken
from core.models.users import User

__all__ = [
    "ApiToken",
    "CalendarFeed",
    "EmailMode",
    "HistoryEntry",
    "HistorySource",
    "Invitation",
    "JobStatus",
    "LeasedJob",
    "LeasedJobQuerySet",
    "Membership",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Organisation",
    "OrganisationQuerySet",
    "OrganisationScopedModel",
    "PaperSize",
    "Role",
    "StoredFile",
    "TimeStampedModel",
    "UndoToken",
    "User",
    "WorkerHeartbeat",
]
