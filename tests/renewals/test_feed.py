"""The ICS feed (/renewals/feed/<token>.ics): per person, secret, revocable; parsed back
with icalendar it holds every upcoming renewal date and last day to cancel."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessment.renewals import services
from assessment.testing.factories import ToolFactory
from core.models import CalendarFeed, Membership, Role
from core.testing.access import sign_in
from core.testing.factories import MembershipFactory, OrganisationFactory


def today():
    return timezone.localdate()


def feed_url(feed):
    return reverse("renewals_feed", args=[feed.token])


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def member(db):
    return MembershipFactory(role=Role.VIEWER)


def tool(organisation, name, days, notice, **kwargs):
    return ToolFactory(
        organisation=organisation,
        name=name,
        renewal_date=today() + dt.timedelta(days=days),
        notice_period_days=notice,
        **kwargs,
    )


def test_the_feed_holds_every_upcoming_deadline(client, member):
    org = member.organisation
    hub = tool(org, "HubSpot", 400, 60, annual_cost=Decimal("24000"), currency="EUR")
    soon = tool(org, "Slack", 20, 0)
    tool(org, "Long gone", -90, 0)
    undated = ToolFactory(organisation=org, renewal_date=None)
    foreign = tool(OrganisationFactory(), "Foreign", 30, 10)
    feed = services.get_or_create_feed(membership=member)
    found = events(client.get(feed_url(feed)))
    assert set(found) == {
        f"tool-{hub.pk}-renewal@testserver",
        f"tool-{hub.pk}-last-day-to-cancel@testserver",
        f"tool-{soon.pk}-renewal@testserver",
        f"tool-{soon.pk}-last-day-to-cancel@testserver",
    }
    assert not any(str(undated.pk) in uid.split("-")[1] for uid in found)
    assert not any(f"tool-{foreign.pk}-" in uid for uid in found)
    renewal = found[f"tool-{hub.pk}-renewal@testserver"]
    cancel = found[f"tool-{hub.pk}-last-day-to-cancel@testserver"]
    assert str(renewal["SUMMARY"]) == "Renewal: HubSpot"
    assert str(cancel["SUMMARY"]) == "Last day to cancel: HubSpot"
    assert renewal.decoded("DTSTART") == hub.renewal_date  # an all-day date
    assert cancel.decoded("DTSTART") == hub.last_day_to_cancel
    assert cancel.decoded("DTEND") == hub.last_day_to_cancel + dt.timedelta(days=1)
    assert "24,000 EUR" in str(renewal["DESCRIPTION"])
    assert "Notice period: 60 days" in str(renewal["DESCRIPTION"])
    assert str(renewal["URL"]) == f"http://testserver{hub.get_absolute_url()}"
    (alarm,) = cancel.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=7)
    assert not renewal.walk("VALARM")


def test_the_feed_speaks_the_organisations_language(client, member):
    member.organisation.language = "ro"
    member.organisation.save()
    tool(member.organisation, "HubSpot", 50, 10)
    feed = services.get_or_create_feed(membership=member)
    summaries = {str(e["SUMMARY"]) for e in events(client.get(feed_url(feed))).values()}
    assert len(summaries) == 2 and all("HubSpot" in s for s in summaries)


def test_unknown_and_revoked_tokens_are_404(client, member):
    old = services.get_or_create_feed(membership=member)
    assert client.get(feed_url(old)).status_code == 200
    new = services.rotate_feed(membership=member)
    assert new.token != old.token
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert client.get(reverse("renewals_feed", args=["not-a-token"])).status_code == 404
    assert client.get("/renewals/feed/a.b.ics").status_code == 404


def test_a_member_who_left_or_was_deactivated_gets_404(client, member):
    feed = services.get_or_create_feed(membership=member)
    member.user.is_active = False
    member.user.save()
    assert client.get(feed_url(feed)).status_code == 404
    member.user.is_active = True
    member.user.save()
    assert client.get(feed_url(feed)).status_code == 200
    Membership.objects.filter(pk=member.pk).delete()
    assert client.get(feed_url(feed)).status_code == 404
    assert not CalendarFeed.objects.filter(pk=feed.pk).exists()


def test_feeds_are_per_person_and_created_once(db):
    member = MembershipFactory(role=Role.VIEWER)
    colleague = MembershipFactory(role=Role.EDITOR, organisation=member.organisation)
    first = services.get_or_create_feed(membership=member)
    assert services.get_or_create_feed(membership=member) == first
    assert services.get_or_create_feed(membership=colleague) != first
    assert len(first.token) >= 40


def test_the_page_creates_shows_and_rotates_the_address(client, db):
    membership = sign_in(client, "viewer")
    page = client.get(reverse("renewals")).content.decode()
    assert 'data-testid="feed-create"' in page and 'data-testid="feed-url"' not in page
    response = client.post(reverse("renewals_feed_create"))
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(membership=membership)
    page = client.get(reverse("renewals")).content.decode()
    assert f"http://testserver/renewals/feed/{feed.token}.ics" in page
    client.post(reverse("renewals_feed_create"))  # again: the same address
    assert CalendarFeed.objects.filter(membership=membership).count() == 1
    client.post(reverse("renewals_feed_rotate"))
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    fresh = CalendarFeed.objects.active().get(membership=membership)
    page = client.get(reverse("renewals")).content.decode()
    assert fresh.token in page and feed.token not in page


def test_another_members_feed_is_never_shown(client, db):
    membership = sign_in(client, "owner")
    other = MembershipFactory(organisation=membership.organisation, role=Role.VIEWER)
    theirs = services.get_or_create_feed(membership=other)
    page = client.get(reverse("renewals")).content.decode()
    assert theirs.token not in page
    client.post(reverse("renewals_feed_rotate"))
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_feed_in_the_other_organisation_is_that_organisations(client, db):
    """One person in two organisations has a feed per membership, each scoped."""
    first = MembershipFactory(role=Role.VIEWER)
    second = MembershipFactory(role=Role.EDITOR, user=first.user)
    a = tool(first.organisation, "Alpha", 30, 5)
    b = tool(second.organisation, "Beta", 30, 5)
    feed_a = services.get_or_create_feed(membership=first)
    feed_b = services.get_or_create_feed(membership=second)
    uids_a = set(events(client.get(feed_url(feed_a))))
    uids_b = set(events(client.get(feed_url(feed_b))))
    assert all(f"tool-{a.pk}-" in uid for uid in uids_a) and len(uids_a) == 2
    assert all(f"tool-{b.pk}-" in uid for uid in uids_b) and len(uids_b) == 2
