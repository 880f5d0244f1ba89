"""The tools import's "Owner e-mail" column (issue 16): a member by e-mail becomes the
tool's owner member; an address no member has is a row error naming it; the export
writes the column back so a round trip changes nothing."""

import pytest

from assessment.inventory import exporters, imports
from assessment.inventory_core.fields import TOOL_FIELDS
from assessment.models import Tool
from assessment.testing.factories import ToolFactory
from core.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def run(organisation, user, headers, rows):
    return imports.import_rows(
        organisation=organisation,
        user=user,
        inventory="tools",
        headers=headers,
        rows=rows,
        filename="tools.csv",
        day_first=True,
        use_catalogue=False,
        resolutions={},
        row_numbers=None,
        overrides={},
        dry_run=False,
        read_errors=[],
        read_warnings=[],
    )


def errors_of(outcome) -> list[str]:
    return [str(error.message) for error in outcome.preview.result.errors]


def test_the_column_is_a_tool_field():
    assert any(f.key == "owner_email" and f.label == "Owner e-mail" for f in TOOL_FIELDS)


def test_a_members_e_mail_sets_the_owner_member():
    organisation = OrganisationFactory()
    importer = MembershipFactory(organisation=organisation, role="editor").user
    owner = MembershipFactory(organisation=organisation, role="viewer").user
    outcome = run(
        organisation, importer, ["Tool", "Owner e-mail"], [["Brevo", f"  {owner.email.upper()} "]]
    )
    assert outcome.counts == {"created": 1, "updated": 0, "unchanged": 0}, errors_of(outcome)
    assert Tool.objects.get(organisation=organisation, name="Brevo").owned_by == owner


def test_an_unknown_or_foreign_e_mail_is_a_row_error_naming_it():
    organisation = OrganisationFactory()
    importer = MembershipFactory(organisation=organisation, role="editor").user
    stranger = MembershipFactory(role="owner").user  # another organisation's member
    outcome = run(
        organisation,
        importer,
        ["Tool", "Owner e-mail"],
        [["Brevo", "nobody@example.com"], ["Asana", stranger.email], ["Canva", "not-an-address"]],
    )
    assert outcome.counts is None
    messages = errors_of(outcome)
    assert any("nobody@example.com" in m and "No member" in m for m in messages)
    assert any(stranger.email in m and "No member" in m for m in messages)
    assert any("not-an-address" in m and "not an e-mail address" in m for m in messages)
    assert not Tool.objects.filter(organisation=organisation).exists()


def test_the_export_writes_the_owners_e_mail_and_a_re_import_is_unchanged():
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role="editor").user
    ToolFactory(organisation=organisation, name="Brevo", owned_by=owner)
    ToolFactory(organisation=organisation, name="Asana")
    objects = exporters.queryset_for("tools", organisation).order_by("name")
    dataset = exporters.build_dataset("tools", objects)
    column = dataset.headers.index("Owner e-mail")
    assert [row[column] for row in dataset] == ["", owner.email]
    outcome = run(organisation, owner, dataset.headers, [list(row) for row in dataset])
    assert outcome.counts == {"created": 0, "updated": 0, "unchanged": 2}, errors_of(outcome)
