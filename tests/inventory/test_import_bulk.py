"""The set-based commit (imports/bulk.py): links through the through models, rows that
changed nothing left alone, the review reset, touchpoint clashes, progress and a query
count that does not grow with the file (issue 13, item 1)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment.inventory import imports
from assessment.inventory.imports import bulk
from assessment.inventory.services import seed_taxonomy
from assessment.models import DataObject, Integration, ReviewState, Tool, Touchpoint
from assessment.testing.factories import IntegrationFactory, ToolFactory, TouchpointFactory
from core.services import ServiceError
from core.testing.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - dt.timedelta(days=30)


@pytest.fixture
def member():
    membership = MembershipFactory(role="editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def prepared(member, inventory, headers, rows):
    """A session and its preview, built before the commit (as the pages and the API do)."""
    session = imports.ImportSession.new(
        organisation=member.organisation,
        user=member.user,
        inventory=inventory,
        filename="test.csv",
        headers=headers,
        rows=rows,
        day_first=True,
        stored=False,
    )
    preview = session.preview(member.organisation)
    assert preview.ok, (preview.problems, preview.errors, preview.result.unresolved_choices)
    return session, preview


def run(member, inventory, headers, rows, **kwargs):
    session, preview = prepared(member, inventory, headers, rows)
    return imports.commit(session, member.organisation, member.user, preview=preview, **kwargs)


def age(queryset) -> None:
    """Make every row look last changed a month ago (auto_now cannot be set by save)."""
    queryset.update(updated_at=LONG_AGO)


def names(objects) -> set[str]:
    return {o.name for o in objects}


# --- links ----------------------------------------------------------------------------------


def test_integration_links_are_created_replaced_and_cleared(member):
    org = member.organisation
    ToolFactory(organisation=org, name="CRM")
    ToolFactory(organisation=org, name="Shop")
    headers = ["Source", "Target", "Data objects"]
    counts = run(member, "integrations", headers, [["CRM", "Shop", "Accounts; Leads"]])
    assert counts == {"created": 1, "updated": 0, "unchanged": 0}
    integration = Integration.objects.get(organisation=org)
    assert names(integration.data_objects.all()) == {"Accounts", "Leads"}

    counts = run(member, "integrations", headers, [["CRM", "Shop", "Leads, Orders & transactions"]])
    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    assert names(integration.data_objects.all()) == {"Leads", "Orders & transactions"}

    counts = run(member, "integrations", headers, [["CRM", "Shop", ""]])
    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    assert not integration.data_objects.exists()
    assert Integration.data_objects.through.objects.count() == 0


def test_touchpoint_tool_links_of_new_and_existing_rows(member):
    org = member.organisation
    for name in ("Site", "Chat", "Mail"):
        ToolFactory(organisation=org, name=name)
    kept = TouchpointFactory(organisation=org, name="Help", stage="service", channel="chat")
    kept.tools.set([Tool.objects.get(name="Mail")])
    headers = ["Name", "Journey stage", "Channel", "Tools"]
    rows = [
        ["Home page", "Awareness", "Website", "Site, Chat"],
        ["Help", "Service & retention", "Live chat / chatbot", "Chat"],
    ]
    counts = run(member, "touchpoints", headers, rows)
    assert counts == {"created": 1, "updated": 1, "unchanged": 0}
    new = Touchpoint.objects.get(name="Home page")  # its pk came back from bulk_create
    assert names(new.tools.all()) == {"Site", "Chat"}
    assert names(kept.tools.all()) == {"Chat"}


def test_created_entries_have_their_primary_keys(member):
    """bulk_create returns the new rows' ids on PostgreSQL and on SQLite ≥ 3.35: the links
    of new integrations are written with them."""
    org = member.organisation
    ToolFactory(organisation=org, name="CRM")
    headers = ["Source", "Target", "Data objects"]
    rows = [["CRM", f"Tool {n}", "Accounts"] for n in range(5)]
    for n in range(5):
        ToolFactory(organisation=org, name=f"Tool {n}")
    run(member, "integrations", headers, rows)
    accounts = DataObject.objects.get(organisation=org, name="Accounts")
    created = Integration.objects.filter(organisation=org)
    assert created.count() == 5
    assert {i.pk for i in accounts.integrations.all()} == {i.pk for i in created}


# --- unchanged rows, the review reset ---------------------------------------------------------


def test_an_unchanged_reimport_saves_nothing(member):
    org = member.organisation
    other = UserFactory()
    ToolFactory(organisation=org, name="CRM", vendor="Acme", updated_by=other)
    ToolFactory(organisation=org, name="Shop", vendor="Shopify", updated_by=other)
    integration = IntegrationFactory(
        organisation=org, source=Tool.objects.get(name="CRM"), target=Tool.objects.get(name="Shop")
    )
    integration.data_objects.set(DataObject.objects.filter(organisation=org, name="Leads"))
    age(Tool.objects.all())
    age(Integration.objects.all())
    counts = run(member, "tools", ["Name", "Vendor"], [["CRM", "Acme"], ["Shop", "Shopify"]])
    assert counts == {"created": 0, "updated": 0, "unchanged": 2}
    assert set(Tool.objects.values_list("updated_at", "updated_by")) == {(LONG_AGO, other.pk)}
    counts = run(
        member,
        "integrations",
        ["Source", "Target", "Method", "Frequency", "Data objects"],
        [["CRM", "Shop", "Direct API", "Daily", "Leads"]],
    )
    assert counts == {"created": 0, "updated": 0, "unchanged": 1}
    integration.refresh_from_db()
    assert integration.updated_at == LONG_AGO


def test_only_the_changed_rows_and_fields_are_written(member):
    org = member.organisation
    ToolFactory(organisation=org, name="CRM", vendor="Acme", owning_team="Sales")
    ToolFactory(organisation=org, name="Shop", vendor="Shopify", owning_team="Web")
    age(Tool.objects.all())
    counts = run(
        member,
        "tools",
        ["Name", "Vendor", "Owning team"],
        [["CRM", "Acme Corp", "Sales"], ["Shop", "Shopify", "Web"]],
    )
    assert counts == {"created": 0, "updated": 1, "unchanged": 1}
    crm, shop = Tool.objects.get(name="CRM"), Tool.objects.get(name="Shop")
    assert (crm.vendor, crm.owning_team, crm.updated_by) == ("Acme Corp", "Sales", member.user)
    assert crm.updated_at > LONG_AGO
    assert (shop.updated_at, shop.updated_by) == (LONG_AGO, None)


@pytest.mark.parametrize(
    "row,changed",
    [
        (["CRM", "Shop", "Daily", "Leads"], False),
        (["CRM", "Shop", "Hourly", "Leads"], True),
        (["CRM", "Shop", "Daily", "Leads, Accounts"], True),  # a link alone is a change
    ],
)
def test_a_reviewed_integration_goes_back_to_unreviewed_only_when_it_changed(member, row, changed):
    org = member.organisation
    reviewer = UserFactory()
    integration = IntegrationFactory(
        organisation=org,
        source=ToolFactory(organisation=org, name="CRM"),
        target=ToolFactory(organisation=org, name="Shop"),
        frequency="daily",
        review_state=ReviewState.VERIFIED,
        reviewed_by=reviewer,
        reviewed_at=LONG_AGO,
    )
    integration.data_objects.set(DataObject.objects.filter(organisation=org, name="Leads"))
    counts = run(member, "integrations", ["Source", "Target", "Frequency", "Data objects"], [row])
    assert counts["updated"] == int(changed)
    integration.refresh_from_db()
    expected = ReviewState.UNREVIEWED if changed else ReviewState.VERIFIED
    assert integration.review_state == expected
    assert (integration.updated_by == member.user) is changed
    assert integration.reviewed_by == reviewer  # who reviewed it last is kept


# --- refusals ---------------------------------------------------------------------------------

CLASH = "A touchpoint with this name, journey stage, channel and segment already exists"


def test_a_touchpoint_clash_with_a_stored_one_since_the_preview_is_refused(member):
    org = member.organisation
    session, preview = prepared(
        member,
        "touchpoints",
        ["Name", "Journey stage", "Channel"],
        [["Newsletter", "Engagement / consideration", "Email"], ["Home", "Awareness", "Website"]],
    )
    TouchpointFactory(organisation=org, name="HOME", stage="awareness", channel="web")
    with pytest.raises(ServiceError) as refused:
        imports.commit(session, org, member.user, preview=preview)
    assert refused.value.message.startswith(f"Row 3: {CLASH}")
    assert set(Touchpoint.objects.values_list("name", flat=True)) == {"HOME"}


def test_a_touchpoint_clash_between_rows_of_one_file_is_refused(member):
    """The preview reports such rows; the commit refuses them too (the writes do not rely on
    the preview having been clean)."""
    org = member.organisation
    stored = TouchpointFactory(organisation=org, name="Chat", stage="service", channel="chat")
    values = {"stage": "awareness", "channel": "web", "segment": "all"}
    rows = [
        (2, {"name": "Home", **values}, None),
        (3, {"name": "Blog", **values}, None),
        (4, {"name": "home ", **values}, None),  # same as row 2 once saved
    ]
    with pytest.raises(ServiceError) as refused:
        bulk.write_rows(model=Touchpoint, organisation=org, user=member.user, rows=rows)
    assert refused.value.message.startswith(f"Row 4: {CLASH}")
    # Renaming a stored one onto a new row's identity is refused the same way.
    rows = [(2, {"name": "Home", **values}, None), (3, {"name": "Home", **values}, stored.pk)]
    with pytest.raises(ServiceError) as refused:
        bulk.write_rows(model=Touchpoint, organisation=org, user=member.user, rows=rows)
    assert refused.value.message.startswith(f"Row 3: {CLASH}")
    # Two rows swapping nothing but their own values are fine.
    rows = [(2, {"name": "Chat", **values}, stored.pk), (3, {"name": "Chat2", **values}, None)]
    counts = bulk.write_rows(model=Touchpoint, organisation=org, user=member.user, rows=rows)
    assert counts == {"created": 1, "updated": 1, "unchanged": 0}


def test_an_entry_deleted_since_the_preview_refuses_the_whole_import(member):
    org = member.organisation
    ToolFactory(organisation=org, name="CRM")
    gone = ToolFactory(organisation=org, name="Old")
    session, preview = prepared(
        member, "tools", ["Name", "Vendor"], [["New", "x"], ["CRM", "y"], ["Old", "z"]]
    )
    gone.delete()
    with pytest.raises(ServiceError) as refused:
        imports.commit(session, org, member.user, preview=preview)
    assert refused.value.message == (
        "An entry was deleted while importing; preview again. Nothing was imported."
    )
    assert set(Tool.objects.values_list("name", "vendor")) == {("CRM", "Vendor Inc.")}


# --- progress and queries ---------------------------------------------------------------------


def test_progress_is_reported_after_each_chunk_up_to_the_total(member, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 10)
    calls = []
    rows = [[f"Tool {n}"] for n in range(25)]
    counts = run(member, "tools", ["Name"], rows, progress=lambda *call: calls.append(call))
    assert counts["created"] == 25
    assert calls == [(10, 25), (20, 25), (25, 25)]


def queries_for(member, django_assert_max_num_queries, size: int, limit: int) -> None:
    """Commit `size` new integrations, then the same rows changed, within `limit` queries."""
    org = member.organisation
    hub = ToolFactory(organisation=org, name="Hub")
    Tool.objects.bulk_create(Tool(organisation=org, name=f"Spoke {n}") for n in range(size))
    headers = ["Source", "Target", "Data objects", "Notes"]
    for objects, notes in (("Accounts; Leads", "first"), ("Leads, Orders & transactions", "2")):
        rows = [[hub.name, f"Spoke {n}", objects, notes] for n in range(size)]
        session, preview = prepared(member, "integrations", headers, rows)
        with django_assert_max_num_queries(limit):
            imports.commit(session, org, member.user, preview=preview)
    assert Integration.data_objects.through.objects.filter(
        integration__organisation=org
    ).count() == (2 * size)


@pytest.mark.parametrize("size", [30, 300])
def test_the_commit_makes_the_same_number_of_queries_for_30_and_300_rows(
    member, django_assert_max_num_queries, size
):
    # 14 before the change history; + its import entry (insert, counts update), per chunk
    # one insert of the rows' entries and one read of their data-object sets (the snapshots
    # a restore applies), the removed links' names, and the content type.
    queries_for(member, django_assert_max_num_queries, size, limit=20)


def test_every_kind_of_value_is_updated_and_cleared(member):
    """The UPDATE … FROM (VALUES …) path with dates, decimals, booleans, lists, foreign keys
    and blanks (PostgreSQL casts each column to its type)."""
    org = member.organisation
    ToolFactory(organisation=org, name="CRM", stages=["awareness"], auto_renewal=True)
    ToolFactory(organisation=org, name="Shop", stages=[], auto_renewal=None)
    headers = [
        "Name",
        "Category",
        "Annual cost",
        "Renewal date",
        "Auto-renewal",
        "Licensed seats",
        "Journey stages",
    ]
    rows = [
        ["CRM", "", "", "", "", "", ""],
        ["Shop", "Commerce & Sales", "99.50", "2027-03-01", "yes", "7", "Awareness, Purchase"],
    ]
    counts = run(member, "tools", headers, rows)
    assert counts == {"created": 0, "updated": 2, "unchanged": 0}
    crm, shop = Tool.objects.get(name="CRM"), Tool.objects.get(name="Shop")
    assert (crm.annual_cost, crm.renewal_date, crm.auto_renewal) == (None, None, None)
    assert (crm.licensed_seats, crm.stages, crm.category) == (None, [], None)
    assert shop.annual_cost == Decimal("99.50")
    assert (shop.renewal_date, shop.auto_renewal) == (dt.date(2027, 3, 1), True)
    assert (shop.licensed_seats, shop.stages) == (7, ["awareness", "purchase"])
    assert shop.category is not None and shop.category.organisation == org


def test_the_job_runner_hands_the_preview_and_progress_to_the_commit(member, monkeypatch):
    """`running.commit_session` (pages and background jobs) cleans once and reports."""
    from assessment.inventory.imports import running

    monkeypatch.setattr(bulk, "CHUNK_ROWS", 10)
    session, preview = prepared(member, "tools", ["Name"], [[f"Tool {n}"] for n in range(15)])
    monkeypatch.setattr(session, "preview", lambda organisation: pytest.fail("cleaned twice"))
    calls = []
    counts = running.commit_session(
        session,
        member.organisation,
        member.user,
        preview=preview,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert counts["created"] == 15
    assert calls == [(10, 15), (15, 15)]
