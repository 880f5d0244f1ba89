"""Answers: validation and storage per type, N/A, conditions, conflicts, final assessments."""

import pytest
from django.urls import reverse

from assessment.assessments.services import default_targets
from assessment.models import Answer, AssessmentStatus
from assessment.questionnaire import selectors, services
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory, custom_framework_version

pytestmark = pytest.mark.django_db

VALID = [
    ("q_maturity", "3", 3),
    ("q_ypn", "partly", "partly"),
    ("q_single", "b", "b"),
    ("q_multi", ["y", "x"], ["x", "y"]),
    ("q_number", "12.5", 12.5),
    ("q_percent", "40%", 40),
    ("q_short", "  Salesforce  ", "Salesforce"),
    ("q_long", "Line one\nline two", "Line one\nline two"),
]
INVALID = [
    ("q_maturity", "6", "1 to 5"),
    ("q_ypn", "maybe", "yes, partly or no"),
    ("q_single", "zzz", "options offered"),
    ("q_multi", ["x", "nope"], "not one of the options"),
    ("q_number", "2000", "from 0 to 1000"),
    ("q_number", "twelve", "not a number"),
    ("q_short", "x" * 201, "200 characters"),
]


@pytest.fixture
def assessment(organisation):
    version = custom_framework_version(organisation=organisation)
    return AssessmentFactory(organisation=organisation, framework_version=version)


@pytest.fixture
def editor(assessment):
    return MembershipFactory(organisation=assessment.organisation, role="editor").user


@pytest.mark.parametrize("key,raw,stored", VALID)
def test_each_type_is_validated_and_stored(assessment, editor, key, raw, stored):
    answer = services.save_answer(
        assessment=assessment, question_key=key, raw_value=raw, base_version=0, user=editor
    )
    answer.refresh_from_db()
    assert answer.value == stored
    assert answer.version == 1 and answer.answered_by == editor and answer.answered_at


@pytest.mark.parametrize("key,raw,message", INVALID)
def test_invalid_answers_are_refused_with_a_message(assessment, editor, key, raw, message):
    with pytest.raises(services.AnswerInvalid) as error:
        services.save_answer(
            assessment=assessment, question_key=key, raw_value=raw, base_version=0, user=editor
        )
    assert message in " ".join(error.value.messages)
    assert not Answer.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("key,raw,stored", VALID)
def test_each_type_through_the_view(client, signed_in, assessment, key, raw, stored):
    signed_in("editor", assessment.organisation)
    url = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": key})
    response = client.post(
        url, {f"q-{key}-value": raw, f"q-{key}-base_version": 0}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200, response.content[:500]
    assert "Saved" in response.content.decode()
    assert Answer.objects.get(assessment=assessment, question_key=key).value == stored
    page = client.get(
        reverse("assessment_step", kwargs={"pk": assessment.pk, "step": "current_state"})
    )
    assert "Answered by" in page.content.decode()


def test_invalid_answer_through_the_view_keeps_the_input(client, signed_in, assessment):
    signed_in("editor", assessment.organisation)
    url = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": "q_number"})
    response = client.post(url, {"q-q_number-value": "lots", "q-q_number-base_version": 0})
    assert response.status_code == 422
    body = response.content.decode()
    assert "is not a number" in body and 'value="lots"' in body


def test_not_applicable(assessment, editor):
    answer = services.save_answer(
        assessment=assessment,
        question_key="q_number",
        raw_value="5",
        na=True,
        base_version=0,
        user=editor,
    )
    assert answer.is_na and answer.value is None and answer.has_answer
    with pytest.raises(services.AnswerInvalid):
        services.save_answer(
            assessment=assessment,
            question_key="q_ypn",
            raw_value="",
            na=True,
            base_version=0,
            user=editor,
        )
    state = selectors.questionnaire_state(assessment)
    assert state.is_done("q_number")
    assert "q_number" not in [q.key for b in state.unanswered() for q in b["questions"]]


def test_clearing_an_answer_makes_it_unanswered(assessment, editor):
    services.save_answer(
        assessment=assessment, question_key="q_multi", raw_value=["x"], base_version=0, user=editor
    )
    answer = services.save_answer(
        assessment=assessment, question_key="q_multi", raw_value=[], base_version=1, user=editor
    )
    assert answer.value is None and not answer.has_answer


def test_condition_chain_shows_and_hides_live_and_keeps_hidden_answers():
    """chatbot_use → chatbot_handover → handover_context in the default framework."""
    assessment = AssessmentFactory()
    user = MembershipFactory(organisation=assessment.organisation).user

    def save(key, value):
        current = Answer.objects.filter(assessment=assessment, question_key=key).first()
        services.save_answer(
            assessment=assessment,
            question_key=key,
            raw_value=value,
            base_version=current.version if current else 0,
            user=user,
        )
        return selectors.questionnaire_state(assessment)

    state = selectors.questionnaire_state(assessment)
    assert not state.is_visible("chatbot_handover") and not state.is_visible("handover_context")
    state = save("chatbot_use", "live")
    assert state.is_visible("chatbot_handover") and not state.is_visible("handover_context")
    state = save("chatbot_handover", "yes")
    assert state.is_visible("handover_context")
    state = save("handover_context", 4)
    total_with_chain = state.step_progress("touchpoints").total
    assert "handover_context" in state.visible_answers()
    # Hiding the root hides the whole chain: answers are kept but excluded.
    state = save("chatbot_use", "none")
    assert not state.is_visible("chatbot_handover") and not state.is_visible("handover_context")
    assert Answer.objects.filter(assessment=assessment, question_key="handover_context").exists()
    assert "handover_context" not in state.visible_answers()
    assert state.step_progress("touchpoints").total == total_with_chain - 2
    # Showing it again brings the kept answers back.
    state = save("chatbot_use", "pilot")
    assert state.visible_answers()["handover_context"] == 4


def test_visibility_change_is_sent_out_of_band(client, signed_in):
    membership = signed_in("editor")
    assessment = AssessmentFactory(organisation=membership.organisation)
    url = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": "chatbot_use"})
    response = client.post(
        url,
        {"q-chatbot_use-value": "live", "q-chatbot_use-base_version": 0},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert 'id="question-chatbot_handover"' in body and 'hx-swap-oob="true"' in body
    assert 'id="questionnaire-progress"' in body
    step = client.get(
        reverse("assessment_step", kwargs={"pk": assessment.pk, "step": "touchpoints"})
    )
    html = step.content.decode()
    # Hidden questions are in the page with the `hidden` attribute, ready to appear.
    start = html.index('id="question-handover_context"')
    assert " hidden" in html[start : html.index(">", start)]


# -- conflicts -----------------------------------------------------------------------------


def test_stale_save_is_refused_and_carries_the_current_answer(assessment, editor):
    other = MembershipFactory(organisation=assessment.organisation, role="editor").user
    services.save_answer(
        assessment=assessment, question_key="q_ypn", raw_value="yes", base_version=0, user=other
    )
    with pytest.raises(services.AnswerConflict) as conflict:
        services.save_answer(
            assessment=assessment, question_key="q_ypn", raw_value="no", base_version=0, user=editor
        )
    assert conflict.value.current.value == "yes"
    assert conflict.value.current.answered_by == other
    assert Answer.objects.get(assessment=assessment, question_key="q_ypn").value == "yes"
    # Choosing "keep mine" resubmits against their version.
    answer = services.save_answer(
        assessment=assessment,
        question_key="q_ypn",
        raw_value="no",
        base_version=conflict.value.current.version,
        user=editor,
    )
    assert answer.value == "no" and answer.version == 2


def test_own_stale_save_from_another_tab_is_a_conflict_too(assessment, editor):
    """The same person in two tabs (or on two devices): the older tab's save must not
    silently overwrite the newer answer, nor the newer note."""
    services.save_answer(
        assessment=assessment, question_key="q_short", raw_value="new", base_version=0, user=editor
    )
    with pytest.raises(services.AnswerConflict) as conflict:
        services.save_answer(
            assessment=assessment,
            question_key="q_short",
            raw_value="old",
            base_version=0,
            user=editor,
        )
    assert conflict.value.current.value == "new" and conflict.value.current.answered_by == editor
    services.save_note(
        assessment=assessment, question_key="q_short", note="new", base_version=0, user=editor
    )
    with pytest.raises(services.AnswerConflict) as conflict:
        services.save_note(
            assessment=assessment, question_key="q_short", note="old", base_version=0, user=editor
        )
    assert conflict.value.field == "note" and conflict.value.current.note == "new"
    stored = Answer.objects.get(assessment=assessment, question_key="q_short")
    assert (stored.value, stored.note) == ("new", "new")


def test_own_stale_save_from_another_tab_gets_the_conflict_choice_in_the_page(
    client, signed_in, assessment
):
    membership = signed_in("editor", assessment.organisation)
    me = membership.user
    services.save_answer(
        assessment=assessment, question_key="q_single", raw_value="a", base_version=0, user=me
    )
    services.save_note(
        assessment=assessment, question_key="q_single", note="newer", base_version=0, user=me
    )
    url = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": "q_single"})
    response = client.post(url, {"q-q_single-value": "b", "q-q_single-base_version": 0})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Keep mine" in body and "Use theirs" in body and "another tab or device" in body
    note = reverse("answer_note", kwargs={"pk": assessment.pk, "question_key": "q_single"})
    response = client.post(note, {"n-q_single-note": "older", "n-q_single-base_version": 0})
    assert response.status_code == 409 and "another tab or device" in response.content.decode()
    stored = Answer.objects.get(assessment=assessment, question_key="q_single")
    assert (stored.value, stored.note) == ("a", "newer")
    # Keep mine: resubmitted against the stored versions, it goes through.
    response = client.post(url, {"q-q_single-value": "b", "q-q_single-base_version": 1})
    assert response.status_code == 200
    assert Answer.objects.get(assessment=assessment, question_key="q_single").value == "b"


def test_conflict_view_and_resolution(client, signed_in, assessment):
    other = MembershipFactory(organisation=assessment.organisation, role="editor").user
    signed_in("editor", assessment.organisation)
    services.save_answer(
        assessment=assessment, question_key="q_single", raw_value="a", base_version=0, user=other
    )
    url = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": "q_single"})
    response = client.post(url, {"q-q_single-value": "b", "q-q_single-base_version": 0})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Keep mine" in body and "Use theirs" in body and other.display_name in body
    assert 'name="q-q_single-base_version" value="1"' in body  # ready to keep mine
    # Use theirs: nothing changes.
    response = client.post(
        url, {"q-q_single-value": "b", "q-q_single-base_version": 1, "discard": "1"}
    )
    assert response.status_code == 200
    assert Answer.objects.get(assessment=assessment, question_key="q_single").value == "a"
    # Keep mine.
    response = client.post(
        url, {"q-q_single-value": "b", "q-q_single-base_version": 1, "keep": "mine"}
    )
    assert response.status_code == 200
    assert Answer.objects.get(assessment=assessment, question_key="q_single").value == "b"


def test_note_conflict_and_reviewer_notes(client, signed_in, assessment):
    other = MembershipFactory(organisation=assessment.organisation, role="editor").user
    signed_in("reviewer", assessment.organisation)
    services.save_note(
        assessment=assessment, question_key="q_ypn", note="theirs", base_version=0, user=other
    )
    url = reverse("answer_note", kwargs={"pk": assessment.pk, "question_key": "q_ypn"})
    response = client.post(url, {"n-q_ypn-note": "mine", "n-q_ypn-base_version": 0})
    assert response.status_code == 409 and "theirs" in response.content.decode()
    response = client.post(url, {"n-q_ypn-note": "mine", "n-q_ypn-base_version": 1})
    assert response.status_code == 200
    answer = Answer.objects.get(assessment=assessment, question_key="q_ypn")
    assert answer.note == "mine" and answer.value is None
    # A reviewer may not answer outside the architecture step.
    save = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": "q_ypn"})
    assert client.post(save, {"q-q_ypn-value": "yes"}).status_code == 403


# -- final ---------------------------------------------------------------------------------


def test_final_assessment_is_read_only(client, signed_in, assessment, editor):
    services.save_answer(
        assessment=assessment, question_key="q_ypn", raw_value="yes", base_version=0, user=editor
    )
    assessment.status = AssessmentStatus.FINAL
    assessment.save()
    signed_in("owner", assessment.organisation)
    save = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": "q_ypn"})
    note = reverse("answer_note", kwargs={"pk": assessment.pk, "question_key": "q_ypn"})
    assert client.post(save, {"q-q_ypn-value": "no", "q-q_ypn-base_version": 1}).status_code == 403
    assert client.post(note, {"n-q_ypn-note": "x"}).status_code == 403
    assert client.get(reverse("assessment_edit", kwargs={"pk": assessment.pk})).status_code == 403
    page = client.get(
        reverse("assessment_step", kwargs={"pk": assessment.pk, "step": "current_state"})
    )
    assert page.status_code == 200 and "final" in page.content.decode()
    with pytest.raises(services.ServiceError):
        services.save_answer(
            assessment=assessment, question_key="q_ypn", raw_value="no", base_version=1, user=editor
        )
    assert Answer.objects.get(assessment=assessment, question_key="q_ypn").value == "yes"


def test_framework_version_is_pinned(organisation):
    from tests.questionnaire.factories import framework_text

    first = custom_framework_version(organisation=organisation)
    assessment = AssessmentFactory(organisation=organisation, framework_version=first)
    second = services.load_framework_version(
        text=framework_text(version=2).replace("text: Short", "text: Short answer"),
        organisation=organisation,
    )
    assessment.refresh_from_db()
    assert assessment.framework_version == first
    assert any("q_short" in change for change in second.changes)


def test_create_from_dashboard_lands_on_step_one(client, signed_in):
    membership = signed_in("editor")
    dashboard = client.get("/").content.decode()
    assert reverse("assessment_add") in dashboard
    form = client.get(reverse("assessment_add"))
    assert "Assessment Q" in form.content.decode()
    data = {
        "title": "Assessment Q4 2026",
        "framework_version": services.ensure_default_framework().pk,
    }
    data.update({f"target_{k}": 70 for k in default_targets()})
    response = client.post(reverse("assessment_add"), data)
    assessment = (
        membership.organisation and selectors.assessments_for(membership.organisation).get()
    )
    assert response["Location"] == reverse(
        "assessment_step", kwargs={"pk": assessment.pk, "step": "current_state"}
    )
    assert list(assessment.participants.all()) == [membership.user]


def test_period_end_before_start_is_refused(client, signed_in):
    signed_in("editor")
    data = {
        "title": "X",
        "framework_version": services.ensure_default_framework().pk,
        "period_start": "2026-12-01",
        "period_end": "2026-01-01",
    }
    data.update({f"target_{k}": 70 for k in default_targets()})
    response = client.post(reverse("assessment_add"), data)
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
