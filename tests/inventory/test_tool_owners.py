"""Tool owners as members and the owner's confirmation (issue 16): the form and the API
offer members only, the owner member (or an organisation owner) confirms, someone else's
edit clears the confirmation (page, API, bulk, import), staleness, the list's filters and
the "Decide by" column."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.inventory import confirmation, services
from assessment.inventory.forms import ToolForm
from assessment.inventory.tables import decide_by
from assessment.models import Tool
from assessment.testing.factories import ToolFactory
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def tool_form(organisation, **data):
    return ToolForm(data={"name": "Hotjar", "status": "active", **data}, organisation=organisation)


# -- owner member: form and API ---------------------------------------------------------------


def test_the_form_offers_members_only_and_refuses_another_organisations_user(organisation):
    member = MembershipFactory(organisation=organisation, role="viewer").user
    stranger = MembershipFactory(role="owner").user  # a member of another organisation
    form = tool_form(organisation, owned_by=member.pk)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owned_by"] == member
    assert list(tool_form(organisation).fields["owned_by"].queryset) == [member]
    refused = tool_form(organisation, owned_by=stranger.pk)
    assert not refused.is_valid()
    assert refused.errors["owned_by"] == ["Choose a member of this organisation as the owner."]


def test_the_page_saves_the_owner_member_and_shows_it(client, signed_in):
    membership = signed_in("editor")
    tool = ToolFactory(organisation=membership.organisation, name="Brevo")
    data = {"name": "Brevo", "status": "active", "currency": "EUR"}
    stranger = MembershipFactory(role="owner").user
    refused = client.post(reverse("tool_edit", args=[tool.pk]), {**data, "owned_by": stranger.pk})
    assert refused.status_code == 200
    assert "Choose a member of this organisation as the owner." in refused.content.decode()
    response = client.post(
        reverse("tool_edit", args=[tool.pk]), {**data, "owned_by": membership.user.pk}
    )
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.owned_by == membership.user
    body = client.get(tool.get_absolute_url()).content.decode()
    assert membership.user.email in body or str(membership.user) in body


def test_the_api_refuses_another_organisations_user_with_a_clear_message():
    client, membership = api_client_for("editor")
    stranger = MembershipFactory(role="owner").user
    tool = ToolFactory(organisation=membership.organisation)
    url = reverse("api-tool-detail", args=[tool.pk])
    response = client.patch(url, {"owned_by": stranger.pk}, format="json")
    assert response.status_code == 400, response.content
    assert "member of this organisation" in response.content.decode()
    colleague = MembershipFactory(organisation=membership.organisation, role="viewer").user
    response = client.patch(url, {"owned_by": colleague.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["owned_by"] == colleague.pk
    assert response.json()["confirmation"] == "missing"
    assert response.json()["confirmed_by"] is None


# -- confirmation: who may -------------------------------------------------------------------


def confirm_url(tool):
    return reverse("tool_confirm", args=[tool.pk])


def test_the_owner_member_confirms_on_the_page_with_htmx(client, signed_in):
    membership = signed_in("editor")
    tool = ToolFactory(organisation=membership.organisation, owned_by=membership.user)
    detail = client.get(tool.get_absolute_url())
    assert "Not confirmed" in detail.content.decode()
    assert 'data-testid="confirm-tool"' in detail.content.decode()
    response = client.post(confirm_url(tool), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Confirmed by" in body and "<html" not in body
    tool.refresh_from_db()
    assert tool.confirmed_by == membership.user and tool.confirmed_at is not None


def test_an_organisation_owner_confirms_on_the_owner_members_behalf(client, signed_in):
    membership = signed_in("owner")
    other = MembershipFactory(organisation=membership.organisation, role="editor").user
    tool = ToolFactory(organisation=membership.organisation, owned_by=other)
    response = client.post(confirm_url(tool))
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.confirmed_by == membership.user


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_anyone_else_is_refused(client, signed_in, role):
    membership = signed_in(role)
    owner = MembershipFactory(organisation=membership.organisation, role="editor").user
    tool = ToolFactory(organisation=membership.organisation, owned_by=owner)
    assert client.post(confirm_url(tool)).status_code == 403
    detail = client.get(tool.get_absolute_url()).content.decode()
    assert 'data-testid="confirm-tool"' not in detail
    tool.refresh_from_db()
    assert tool.confirmed_at is None


@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_another_organisations_tool_is_a_404(client, signed_in, role):
    signed_in(role)
    tool = ToolFactory(organisation=OrganisationFactory())
    assert client.post(confirm_url(tool)).status_code == 404
    tool.refresh_from_db()
    assert tool.confirmed_at is None


def test_the_api_confirm_action_for_the_owner_member_and_not_for_another_editor():
    client, membership = api_client_for("editor")
    tool = ToolFactory(organisation=membership.organisation, owned_by=membership.user)
    response = client.post(reverse("api-tool-confirm", args=[tool.pk]), {}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["confirmed_by"] == membership.user.email
    assert body["confirmed_at"] and body["confirmation"] == "confirmed"
    other_client, _other = api_client_for("editor", membership.organisation)
    response = other_client.post(reverse("api-tool-confirm", args=[tool.pk]), {}, format="json")
    assert response.status_code == 403


# -- an edit by someone else clears it ---------------------------------------------------------


def confirmed_tool(organisation, user, **fields):
    tool = ToolFactory(organisation=organisation, owned_by=user, **fields)
    return services.confirm_tool(tool=tool, user=user)


def test_an_edit_by_someone_else_clears_the_confirmation_but_not_the_owners_own():
    organisation = OrganisationFactory()
    owner, other = UserFactory(), UserFactory()
    tool = confirmed_tool(organisation, owner)
    services.update_object(instance=tool, user=owner, annual_cost=1)
    tool.refresh_from_db()
    assert tool.confirmed_by == owner  # the confirming person's own edit keeps it
    services.update_object(instance=tool, user=other, notes="A note", active_users_30d=3)
    tool.refresh_from_db()
    assert tool.confirmed_by == owner  # not a confirmed field
    services.update_object(instance=tool, user=other, licensed_seats=99)
    tool.refresh_from_db()
    assert tool.confirmed_by is None and tool.confirmed_at is None


def test_an_api_edit_by_someone_else_clears_the_confirmation():
    client, membership = api_client_for("editor")
    owner = MembershipFactory(organisation=membership.organisation, role="editor").user
    tool = confirmed_tool(membership.organisation, owner)
    url = reverse("api-tool-detail", args=[tool.pk])
    response = client.patch(url, {"lifecycle": "eliminate"}, format="json")
    assert response.status_code == 200
    assert response.json()["confirmation"] == "missing"


def test_a_page_edit_by_someone_else_clears_the_confirmation(client, signed_in):
    membership = signed_in("editor")
    owner = MembershipFactory(organisation=membership.organisation, role="editor").user
    tool = confirmed_tool(membership.organisation, owner, name="Brevo")
    response = client.post(
        reverse("tool_edit", args=[tool.pk]),
        {"name": "Brevo", "status": "retired", "currency": "EUR", "owned_by": owner.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tool.refresh_from_db()
    assert tool.status == "retired" and tool.confirmed_at is None


def test_a_bulk_update_by_someone_else_clears_the_confirmation():
    organisation = OrganisationFactory()
    owner, other = UserFactory(), UserFactory()
    kept = confirmed_tool(organisation, owner, status="active")
    same = confirmed_tool(organisation, owner, status="inactive")
    queryset = Tool.objects.filter(pk__in=[kept.pk, same.pk])
    services.bulk_update(queryset=queryset, user=other, action="status", value="inactive")
    kept.refresh_from_db()
    same.refresh_from_db()
    assert kept.confirmed_at is None
    assert same.confirmed_at is not None  # its value did not change


def test_an_import_by_someone_else_clears_the_confirmation():
    from assessment.inventory import imports

    organisation = OrganisationFactory()
    owner = UserFactory()
    importer = MembershipFactory(organisation=organisation, role="editor").user
    tool = confirmed_tool(organisation, owner, name="Brevo", licensed_seats=10)
    outcome = imports.import_rows(
        organisation=organisation,
        user=importer,
        inventory="tools",
        headers=["Tool", "Seats"],
        rows=[["Brevo", "25"]],
        filename="t.csv",
        day_first=True,
        use_catalogue=False,
        resolutions={},
        row_numbers=None,
        overrides={},
        dry_run=False,
        read_errors=[],
        read_warnings=[],
    )
    assert outcome.counts is not None, outcome
    tool.refresh_from_db()
    assert tool.licensed_seats == 25 and tool.confirmed_at is None


# -- staleness and the list's filters ----------------------------------------------------------


def test_a_confirmation_goes_stale_after_the_organisations_days():
    organisation = OrganisationFactory(confirmation_stale_days=30)
    user = UserFactory()
    tool = confirmed_tool(organisation, user)
    assert confirmation.state(tool, organisation) == confirmation.CONFIRMED
    later = timezone.now() + dt.timedelta(days=31)
    assert confirmation.state(tool, organisation, now=later) == confirmation.STALE
    tool.confirmed_at = None
    assert confirmation.state(tool, organisation) == confirmation.MISSING


def test_the_page_says_when_a_confirmation_is_stale(client, signed_in):
    membership = signed_in("editor")
    tool = confirmed_tool(membership.organisation, membership.user)
    Tool.objects.filter(pk=tool.pk).update(confirmed_at=timezone.now() - dt.timedelta(days=200))
    body = client.get(tool.get_absolute_url()).content.decode()
    assert "Confirmation stale (older than 180 days)" in body


def test_the_list_filters_by_owner_and_by_confirmation(client, signed_in):
    membership = signed_in("editor")
    organisation = membership.organisation
    colleague = MembershipFactory(organisation=organisation, role="viewer").user
    mine = confirmed_tool(organisation, membership.user, name="Mine")
    theirs = ToolFactory(organisation=organisation, owned_by=colleague, name="Theirs")
    stale = confirmed_tool(organisation, colleague, name="Old")
    Tool.objects.filter(pk=stale.pk).update(confirmed_at=timezone.now() - dt.timedelta(days=365))
    ToolFactory(organisation=organisation, name="Nobody's")

    def names(**query):
        response = client.get(reverse("tool_list"), query)
        assert response.status_code == 200
        return {tool.name for tool in response.context["object_list"]}

    assert names(owned_by="me") == {"Mine"}
    assert names(owned_by=str(colleague.pk)) == {"Theirs", "Old"}
    assert names(owned_by="none") == {"Nobody's"}
    assert names(confirmation="confirmed") == {"Mine"}
    assert names(confirmation="stale") == {"Old"}
    assert names(confirmation="missing") == {"Theirs", "Nobody's"}
    assert names(confirmation="attention") == {"Theirs", "Nobody's", "Old"}
    assert mine.pk and theirs.pk


def test_the_api_filters_by_owner_me():
    client, membership = api_client_for("viewer")
    ToolFactory(organisation=membership.organisation, owned_by=membership.user, name="Mine")
    ToolFactory(organisation=membership.organisation, name="Other")
    response = client.get(reverse("api-tool-list"), {"owned_by": "me"})
    assert [row["name"] for row in response.json()["results"]] == ["Mine"]


# -- decide by ---------------------------------------------------------------------------------


def test_the_decide_by_column_marks_a_last_day_to_cancel_within_90_days(client, signed_in):
    today = timezone.localdate()
    soon = Tool(status="active", renewal_date=today + dt.timedelta(days=40), notice_period_days=30)
    later = Tool(status="active", renewal_date=today + dt.timedelta(days=300))
    passed = Tool(status="active", renewal_date=today - dt.timedelta(days=1))
    retired = Tool(status="retired", renewal_date=today + dt.timedelta(days=40))
    assert "in 10 days" in decide_by(soon)
    assert "badge" not in decide_by(later)
    assert "—" in decide_by(passed) and "—" in decide_by(retired)
    membership = signed_in("viewer")
    ToolFactory(
        organisation=membership.organisation,
        renewal_date=today + dt.timedelta(days=40),
        notice_period_days=30,
    )
    body = client.get(reverse("tool_list")).content.decode()
    assert "Decide by" in body and "in 10 days" in body


def test_the_stack_map_lists_tools_to_decide_on_within_90_days(client, signed_in):
    membership = signed_in("viewer")
    today = timezone.localdate()
    ToolFactory(
        organisation=membership.organisation,
        name="Soon",
        renewal_date=today + dt.timedelta(days=60),
        notice_period_days=30,
    )
    ToolFactory(
        organisation=membership.organisation,
        name="Later",
        renewal_date=today + dt.timedelta(days=200),
        notice_period_days=30,
    )
    ToolFactory(
        organisation=membership.organisation,
        name="Gone",
        status="retired",
        renewal_date=today + dt.timedelta(days=40),
    )
    body = client.get(reverse("stack_map")).content.decode()
    assert 'data-testid="decide-soon"' in body
    caption = body.split('data-testid="decide-soon"')[1].split("</figcaption>")[0]
    assert "Soon" in caption and "decide by" in caption
    assert "Later" not in caption and "Gone" not in caption


def test_tool_confirm_is_for_owners_and_editors_with_an_object_rule():
    from core.permissions import can, roles_allowed

    assert roles_allowed("tool.confirm") == ["owner", "editor"]
    organisation = OrganisationFactory()
    editor = MembershipFactory(organisation=organisation, role="editor")
    owner = MembershipFactory(organisation=organisation, role="owner")
    tool = ToolFactory(organisation=organisation)
    assert not can(editor, "tool.confirm", tool) and can(owner, "tool.confirm", tool)
    tool.owned_by = editor.user
    assert can(editor, "tool.confirm", tool)
    assert not can(editor, "tool.confirm", ToolFactory(owned_by=editor.user))  # foreign


def test_owner_me_still_filters_after_the_schema_read_the_class_filters():
    """drf-spectacular builds the filters' form fields from the class: the owner choices,
    made per request, must not be lost to that cached field."""
    from assessment.inventory.filtersets import ToolFilterSet

    ToolFilterSet.base_filters["owned_by"].field  # noqa: B018 (what the schema does)
    client, membership = api_client_for("viewer")
    ToolFactory(organisation=membership.organisation, owned_by=membership.user, name="Mine")
    ToolFactory(organisation=membership.organisation, name="Other")
    response = client.get(reverse("api-tool-list"), {"owned_by": "me"})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Mine"]
