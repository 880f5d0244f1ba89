"""The in-app centre: bell (lazy, hidden at 0, 9+), list, open (marks read, local links
only), mark all read, settings; only the person's own notifications in the organisation."""

import pytest
from django.urls import reverse

from core.models import Notification, NotificationPreference
from core.testing.factories import MembershipFactory
from tests.notifications.helpers import tell

pytestmark = pytest.mark.django_db


def test_pages_load_the_bell_lazily(client, signed_in):
    membership = signed_in("viewer")
    tell(membership)
    page = client.get(reverse("dashboard")).content.decode()
    assert f'hx-get="{reverse("notification_bell")}"' in page
    assert 'data-testid="notification-count"' not in page  # no count query on the page


def test_the_bell_counts_unread_hidden_at_zero_nine_plus_above_nine(client, signed_in):
    membership = signed_in("viewer")
    body = client.get(reverse("notification_bell")).content.decode()
    assert 'data-testid="notification-count"' not in body
    tell(membership)
    body = client.get(reverse("notification_bell")).content.decode()
    assert 'aria-label="1 unread notification"' in body
    assert ">1</span>" in body
    for n in range(2, 12):
        tell(membership, key=f"event:{n}")
    body = client.get(reverse("notification_bell")).content.decode()
    assert 'aria-label="11 unread notifications"' in body
    assert ">9+</span>" in body


def test_the_bell_is_empty_when_signed_out(client):
    assert client.get(reverse("notification_bell")).content == b""


def test_the_list_is_the_persons_own_newest_first(client, signed_in):
    membership = signed_in("editor")
    colleague = MembershipFactory(organisation=membership.organisation)
    first = tell(
        membership, key="a", kind="notice_deadline", tool="Slack", date="2027-01-31", days=30
    )
    second = tell(membership, key="b")
    tell(colleague, key="c", assessment="Secret")
    other_org = MembershipFactory(user=membership.user)
    tell(other_org, key="d", assessment="Elsewhere")
    response = client.get(reverse("notifications"))
    assert [i["notification"] for i in response.context["items"]] == [second, first]
    page = response.content.decode()
    assert "Last day to cancel Slack: 2027-01-31 (30 days)" in page
    assert "Secret" not in page and "Elsewhere" not in page
    assert "notification-unread" in page


def test_the_list_is_paged(client, signed_in):
    membership = signed_in("viewer")
    for n in range(30):
        tell(membership, key=f"e{n}")
    assert len(client.get(reverse("notifications")).context["items"]) == 25
    assert len(client.get(reverse("notifications"), {"page": 2}).context["items"]) == 5


def test_open_marks_read_and_follows_local_links_only(client, signed_in):
    membership = signed_in("viewer")
    local = tell(membership, key="a", url="/tools/4/")
    response = client.get(reverse("notification_open", args=[local.pk]))
    assert response.status_code == 302 and response["Location"] == "/tools/4/"
    local.refresh_from_db()
    assert local.read_at is not None
    for n, url in enumerate(["https://evil.example/", "//evil.example/", "/\\evil", ""]):
        bad = tell(membership, key=f"bad{n}", url=url)
        response = client.get(reverse("notification_open", args=[bad.pk]))
        assert response["Location"] == reverse("notifications")


def test_anyone_elses_notification_is_a_404(client, signed_in):
    membership = signed_in("owner")
    colleague = MembershipFactory(organisation=membership.organisation)
    theirs = tell(colleague)
    foreign = tell(MembershipFactory())
    for notification in (theirs, foreign):
        assert client.get(reverse("notification_open", args=[notification.pk])).status_code == 404
        notification.refresh_from_db()
        assert notification.read_at is None


def test_mark_all_read_plain_and_htmx(client, signed_in):
    membership = signed_in("reviewer")
    tell(membership, key="a")
    colleague = tell(MembershipFactory(organisation=membership.organisation), key="b")
    assert client.get(reverse("notifications_read_all")).status_code == 405
    response = client.post(reverse("notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=membership.user, read_at=None).exists()
    colleague.refresh_from_db()
    assert colleague.read_at is None
    tell(membership, key="c")
    response = client.post(reverse("notifications_read_all"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    body = response.content.decode()
    assert 'id="notification-list"' in body and "<html" not in body
    assert 'data-testid="mark-all-read"' not in body


def test_settings_are_saved_per_person(client, signed_in):
    membership = signed_in("viewer")
    page = client.get(reverse("notification_settings"))
    assert page.status_code == 200
    assert page.context["form"].initial["email_mode"] == "immediate"
    response = client.post(
        reverse("notification_settings"),
        {"email_mode": "daily", "muted_kinds": ["mention", "overdue"], "language": "ro"},
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=membership.user)
    assert (preference.email_mode, preference.muted_kinds, preference.language) == (
        "daily",
        ["mention", "overdue"],
        "ro",
    )


@pytest.mark.parametrize(
    "data",
    [
        {"email_mode": "weekly"},
        {"email_mode": "daily", "muted_kinds": ["nope"]},
        {"email_mode": "daily", "language": "xx"},
        {},
    ],
)
def test_bad_settings_are_a_400_with_the_form(client, signed_in, data):
    signed_in("viewer")
    response = client.post(reverse("notification_settings"), data)
    assert response.status_code == 400
    assert response.context["form"].errors


def test_the_user_menu_and_the_list_link_to_settings(client, signed_in):
    signed_in("viewer")
    assert reverse("notification_settings") in client.get(reverse("dashboard")).content.decode()
    assert (
        'data-testid="notification-settings-link"'
        in client.get(reverse("notifications")).content.decode()
    )


def test_signed_out_is_sent_to_sign_in(client):
    for name in ("notifications", "notification_settings"):
        assert client.get(reverse(name)).status_code == 302
