"""seed_demo: one user per role, prints the logins; a re-run adds only what is missing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from assessment import demo_questionnaire, demo_results
from assessment.inventory.services import update_object
from assessment.models import (
    Assessment,
    DataObject,
    Integration,
    ItemStatus,
    RoadmapItem,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from assessment.questionnaire import services as questionnaire
from assessment.questionnaire.selectors import questionnaire_state
from assessment.results import services as results
from core.demo import DEMO_PASSWORD, DEMO_USERS
from core.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_logins():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert Organisation.objects.filter(name="Acme Retail").count() == 1
    acme = Organisation.objects.get(slug="acme-retail")
    roles = set(Membership.objects.filter(organisation=acme).values_list("role", flat=True))
    assert roles == {"owner", "editor", "reviewer", "viewer"}
    assert User.objects.count() == len(DEMO_USERS)
    text = out.getvalue()
    for demo in DEMO_USERS:
        assert demo.email in text
        assert User.objects.get(email=demo.email).check_password(DEMO_PASSWORD)


def _seed():
    call_command("seed_demo", stdout=StringIO())
    return Organisation.objects.get(slug="acme-retail"), Organisation.objects.get(
        slug="acme-wholesale"
    )


def _demo_assessment(organisation):
    return Assessment.objects.get(organisation=organisation, title=demo_questionnaire.TITLE)


def test_demo_assessment_is_about_60_percent_answered_with_notes():
    acme, _second = _seed()
    assessment = _demo_assessment(acme)
    state = questionnaire_state(assessment)
    assert 55 <= state.overall.percent <= 65, state.overall
    notes = {a.question_key: a for a in assessment.answers.exclude(note="")}
    assert len(notes) >= 5
    # Notes sit on answered questions (one is deliberately on a question left open).
    on_open_questions = [key for key, answer in notes.items() if not answer.has_answer]
    assert len(on_open_questions) <= 1, on_open_questions
    assert all(state.is_visible(key) for key in notes)


def test_second_organisation_has_its_taxonomy(client):
    _acme, second = _seed()
    assert ToolCategory.objects.for_organisation(second).count() == 6
    assert ToolSubcategory.objects.for_organisation(second).count() == 49
    assert DataObject.objects.for_organisation(second).exists()
    # Its owner (the demo editor) finds the categories in the tool form.
    editor = User.objects.get(email="editor@acme.example")
    client.force_login(editor)
    client.post(reverse("organisation_switch", args=[second.pk]))
    form = client.get(reverse("tool_add")).content.decode()
    assert escape(ToolCategory.objects.for_organisation(second).first().name) in form


def test_an_organisation_seeded_without_its_taxonomy_gets_it_on_the_next_run():
    Organisation.objects.create(name="Acme Wholesale", slug="acme-wholesale")
    _acme, second = _seed()
    assert ToolSubcategory.objects.for_organisation(second).count() == 49


def test_second_run_changes_nothing_and_keeps_edits_made_in_between():
    acme, _second = _seed()
    assessment = _demo_assessment(acme)
    editor = User.objects.get(email="editor@acme.example")
    answers = {a.question_key: a for a in assessment.answers.all()}
    # Edits in the app between two runs: an answer changed, one cleared, a note rewritten,
    # a tool, a roadmap item and an accepted item reopened, a role changed.
    edited = questionnaire.save_answer(
        assessment=assessment,
        question_key="self_service_share",
        raw_value=50,
        base_version=answers["self_service_share"].version,
        user=editor,
    )
    cleared = questionnaire.save_answer(
        assessment=assessment,
        question_key="purchase_paths",
        raw_value=None,
        base_version=answers["purchase_paths"].version,
        user=editor,
    )
    questionnaire.save_note(
        assessment=assessment,
        question_key="digital_nps",
        note="Checked with the CX team.",
        base_version=answers["digital_nps"].note_version,
        user=editor,
    )
    questionnaire.save_note(
        assessment=assessment,
        question_key="overlap_known",
        note="",
        base_version=answers["overlap_known"].note_version,
        user=editor,
    )
    tool = Tool.objects.get(organisation=acme, name="Mailchimp")
    update_object(
        instance=tool, user=None, vendor="Mailchimp (Intuit)", annual_cost=Decimal("5000")
    )
    item = RoadmapItem.objects.filter(assessment=assessment, generated=True).first()
    results.update_item(item=item, data={"title": "Our own wording"}, user=editor)
    accepted = RoadmapItem.objects.get(assessment=assessment, key=demo_results.ACCEPTED[0])
    results.reopen_item(item=accepted, user=editor)
    viewer = Membership.objects.get(organisation=acme, user__email="viewer@acme.example")
    viewer.role = "editor"
    viewer.save()
    # The edited answers change the results: the app refreshes them when they are shown.
    results.ensure_results(assessment)
    before = {
        "answers": dict(assessment.answers.values_list("question_key", "version")),
        "notes": dict(assessment.answers.values_list("question_key", "note_version")),
        "tools": Tool.objects.filter(organisation=acme).count(),
        "integrations": Integration.objects.filter(organisation=acme).count(),
        "touchpoints": Touchpoint.objects.filter(organisation=acme).count(),
        "roadmap": RoadmapItem.objects.filter(assessment=assessment).count(),
        "assessments": Assessment.objects.filter(organisation=acme).count(),
    }

    _seed()

    after = {
        "answers": dict(assessment.answers.values_list("question_key", "version")),
        "notes": dict(assessment.answers.values_list("question_key", "note_version")),
        "tools": Tool.objects.filter(organisation=acme).count(),
        "integrations": Integration.objects.filter(organisation=acme).count(),
        "touchpoints": Touchpoint.objects.filter(organisation=acme).count(),
        "roadmap": RoadmapItem.objects.filter(assessment=assessment).count(),
        "assessments": Assessment.objects.filter(organisation=acme).count(),
    }
    assert after == before
    stored = {a.question_key: a for a in assessment.answers.all()}
    assert stored["self_service_share"].value == edited.value == 50
    assert not stored["purchase_paths"].has_answer and cleared.version
    assert stored["digital_nps"].note == "Checked with the CX team."
    assert stored["overlap_known"].note == ""
    tool.refresh_from_db()
    assert tool.vendor == "Mailchimp (Intuit)" and tool.annual_cost == Decimal("5000")
    item.refresh_from_db()
    assert item.title == "Our own wording"
    accepted.refresh_from_db()
    assert accepted.status == ItemStatus.OPEN
    viewer.refresh_from_db()
    assert viewer.role == "editor"
