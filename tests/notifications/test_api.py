"""/api/v1/notifications/ and /api/v1/notification-settings/: every role, each person
their own; another person's or organisation's notification is a 404."""

import pytest
from django.urls import reverse

from core.models import Membership, Notification, NotificationPreference
from core.testing.access import ALL_ROLES
from core.testing.api import Action, APITestCases, api_client_for
from core.testing.factories import MembershipFactory
from tests.notifications.helpers import tell


class TestNotificationAPI(
    APITestCases.ReadOnly, APITestCases.DetailActions, APITestCases.ListActions
):
    """The per-role matrix (tests/api/test_matrix.py): every role reads and marks its own."""

    basename = "api-notification"
    model = Notification
    roles = {"view": ALL_ROLES, "change": ALL_ROLES}
    detail_actions = {"read": Action("post", "change")}
    list_actions = {"read-all": Action("post", "change")}

    def make_object(self, organisation):
        """A notification for the organisation's (first) member: the caller in the matrix."""
        membership = Membership.objects.filter(organisation=organisation).order_by("pk").first()
        return tell(membership or MembershipFactory(organisation=organisation), key="matrix")


pytestmark = pytest.mark.django_db

LIST = reverse("api-notification-list")
SETTINGS = reverse("api-notification-settings")


def test_the_list_is_the_callers_own_with_an_unread_filter():
    client, membership = api_client_for("viewer")
    read = tell(membership, key="a")
    unread = tell(
        membership, key="b", kind="notice_deadline", tool="Slack", date="2027-01-31", days=30
    )
    colleague = tell(MembershipFactory(organisation=membership.organisation), key="c")
    client.post(reverse("api-notification-read", args=[read.pk]))
    body = client.get(LIST).json()
    assert [row["id"] for row in body["results"]] == [unread.pk, read.pk]
    row = body["results"][0]
    assert row["title"] == "Notice deadline approaching"
    assert row["body"] == "Last day to cancel Slack: 2027-01-31 (30 days)"
    assert row["read"] is False and row["kind"] == "notice_deadline"
    assert [r["id"] for r in client.get(LIST, {"unread": "true"}).json()["results"]] == [unread.pk]
    assert [r["id"] for r in client.get(LIST, {"unread": "false"}).json()["results"]] == [read.pk]
    assert client.get(LIST, {"unread": "maybe"}).status_code == 400
    # a colleague's notification: 404, and unchanged
    assert client.get(reverse("api-notification-detail", args=[colleague.pk])).status_code == 404
    assert client.post(reverse("api-notification-read", args=[colleague.pk])).status_code == 404
    colleague.refresh_from_db()
    assert colleague.read_at is None


def test_read_all_marks_only_the_callers():
    client, membership = api_client_for("reviewer")
    tell(membership, key="a")
    tell(membership, key="b")
    other = tell(MembershipFactory(organisation=membership.organisation), key="c")
    response = client.post(reverse("api-notification-read-all"))
    assert response.json() == {"marked": 2}
    other.refresh_from_db()
    assert other.read_at is None
    assert client.post(reverse("api-notification-read-all")).json() == {"marked": 0}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_and_changes_its_settings(role):
    client, membership = api_client_for(role)
    assert client.get(SETTINGS).json() == {
        "email_mode": "immediate",
        "muted_kinds": [],
        "language": "",
        "last_digest_at": None,
    }
    response = client.put(
        SETTINGS,
        {"email_mode": "daily", "muted_kinds": ["mention"], "language": "ar"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["email_mode"] == "daily"
    preference = NotificationPreference.objects.get(user=membership.user)
    assert (preference.email_mode, preference.muted_kinds, preference.language) == (
        "daily",
        ["mention"],
        "ar",
    )


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email_mode": "weekly"},
        {"email_mode": "daily", "muted_kinds": ["nope"]},
        {"email_mode": "daily", "language": "xx"},
        {"email_mode": "daily", "muted_kinds": "mention"},
    ],
)
def test_bad_settings_are_a_400(body):
    client, membership = api_client_for("viewer")
    response = client.put(SETTINGS, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400
    assert not NotificationPreference.objects.filter(user=membership.user).exists()


def test_signed_out_is_refused(client):
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(SETTINGS).status_code in (401, 403)
