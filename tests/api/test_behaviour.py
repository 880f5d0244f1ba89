"""What the API does beyond access: bulk answers, review, imports, filters, query counts."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from assessment.inventory import services as inventory
from assessment.models import Answer, AssessmentStatus, Integration, ReviewState, Tool
from assessment.testing.factories import IntegrationFactory, ToolFactory, TouchpointFactory
from core.models import ApiToken
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory, custom_framework_version

pytestmark = pytest.mark.django_db


# --- bulk answers --------------------------------------------------------------------------


@pytest.fixture
def editor():
    client, membership = api_client_for("editor")
    return client, membership


def make_assessment(organisation):
    version = custom_framework_version(organisation=organisation)
    return AssessmentFactory(organisation=organisation, framework_version=version)


def bulk_url(assessment):
    return reverse("api-answer-bulk", args=[assessment.pk])


def test_bulk_saves_every_row_and_lists_them(editor):
    client, membership = editor
    assessment = make_assessment(membership.organisation)
    rows = [
        {"question_key": "q_maturity", "value": 3, "base_version": 0},
        {"question_key": "q_multi", "value": ["y", "x"], "base_version": 0, "note": "Why"},
        {"question_key": "q_number", "na": True, "base_version": 0},
    ]
    response = client.post(bulk_url(assessment), rows, format="json")
    assert response.status_code == 200, response.content
    saved = {a["question_key"]: a for a in response.json()["answers"]}
    assert saved["q_multi"]["value"] == ["x", "y"] and saved["q_multi"]["note"] == "Why"
    assert saved["q_number"]["na"] is True
    listed = client.get(reverse("api-answer-list", args=[assessment.pk])).json()
    assert listed["count"] == 3
    detail = client.get(reverse("api-answer-detail", args=[assessment.pk, "q_maturity"]))
    assert detail.json()["version"] == 1


def test_bulk_with_one_bad_row_changes_nothing_and_names_the_row(editor):
    client, membership = editor
    assessment = make_assessment(membership.organisation)
    rows = [
        {"question_key": "q_maturity", "value": 3, "base_version": 0},
        {"question_key": "q_ypn", "value": "maybe", "base_version": 0},
        {"question_key": "nope", "value": 1, "base_version": 0},
    ]
    response = client.post(bulk_url(assessment), rows, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error["fields"]) == {"[1].value", "[2].question_key"}
    assert [r["index"] for r in error["rows"]] == [1, 2]
    assert error["message"] == "2 rows are invalid; nothing was saved."
    assert not Answer.objects.filter(assessment=assessment).exists()
    one = client.post(bulk_url(assessment), rows[:2], format="json").json()["error"]
    assert one["message"] == "1 row is invalid; nothing was saved."


def test_stale_row_is_409_with_the_current_answer_and_nothing_changes(editor):
    client, membership = editor
    assessment = make_assessment(membership.organisation)
    other = MembershipFactory(organisation=membership.organisation, role="editor")
    from assessment.questionnaire import services

    services.save_answer(
        assessment=assessment,
        question_key="q_ypn",
        raw_value="yes",
        base_version=0,
        user=other.user,
    )
    rows = [
        {"question_key": "q_maturity", "value": 2, "base_version": 0},
        {"question_key": "q_ypn", "value": "no", "base_version": 0},
    ]
    response = client.post(bulk_url(assessment), rows, format="json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert "[1].base_version" in error["fields"]
    conflict = error["conflicts"][0]
    assert conflict["index"] == 1 and conflict["current"]["value"] == "yes"
    assert conflict["current"]["answered_by"] == other.user.email
    assert not Answer.objects.filter(assessment=assessment, question_key="q_maturity").exists()
    # Based on the current version, it goes through.
    rows[1]["base_version"] = conflict["current"]["version"]
    assert client.post(bulk_url(assessment), rows, format="json").status_code == 200
    assert Answer.objects.get(assessment=assessment, question_key="q_ypn").value == "no"


@pytest.mark.parametrize(
    "role,step_row,status",
    [
        ("reviewer", "architecture", 200),
        ("reviewer", "other", 403),
        ("viewer", "architecture", 403),
        ("owner", "other", 200),
    ],
)
def test_bulk_uses_the_questionnaire_rule_per_row(role, step_row, status):
    client, membership = api_client_for(role)
    assessment = AssessmentFactory(organisation=membership.organisation)
    framework = assessment.framework
    question = next(
        q
        for step in framework.steps
        if (step.key == "architecture") == (step_row == "architecture")
        for q in step.questions()
        if q.type == "yes_partly_no"
    )
    rows = [{"question_key": question.key, "value": "yes", "base_version": 0}]
    response = client.post(bulk_url(assessment), rows, format="json")
    assert response.status_code == status, response.content
    assert Answer.objects.filter(assessment=assessment).exists() == (status == 200)


def test_reviewer_may_add_notes_on_any_step():
    client, membership = api_client_for("reviewer")
    assessment = make_assessment(membership.organisation)
    rows = [{"question_key": "q_ypn", "note": "Checked with IT", "base_version": 0}]
    response = client.post(bulk_url(assessment), rows, format="json")
    assert response.status_code == 200, response.content
    assert Answer.objects.get(assessment=assessment).note == "Checked with IT"


def test_final_assessment_is_read_only_through_the_api(editor):
    client, membership = editor
    assessment = make_assessment(membership.organisation)
    assessment.status = AssessmentStatus.FINAL
    assessment.save()
    rows = [{"question_key": "q_ypn", "value": "yes", "base_version": 0}]
    assert client.post(bulk_url(assessment), rows, format="json").status_code == 403
    url = reverse("api-assessment-detail", args=[assessment.pk])
    assert client.patch(url, {"title": "x"}, format="json").status_code == 403
    assert client.get(url).status_code == 200


def test_own_stale_row_from_another_tab_is_409_too(editor):
    """The token's own user saved a newer version elsewhere: a conflict, as for anyone."""
    from assessment.questionnaire import services

    client, membership = editor
    assessment = make_assessment(membership.organisation)
    me = membership.user
    services.save_answer(
        assessment=assessment, question_key="q_ypn", raw_value="yes", base_version=0, user=me
    )
    services.save_note(
        assessment=assessment, question_key="q_ypn", note="newer", base_version=0, user=me
    )
    rows = [{"question_key": "q_ypn", "value": "no", "base_version": 0}]
    response = client.post(bulk_url(assessment), rows, format="json")
    assert response.status_code == 409, response.content
    conflict = response.json()["error"]["conflicts"][0]
    assert conflict["current"]["answered_by"] == me.email
    rows = [{"question_key": "q_ypn", "note": "older", "note_base_version": 0}]
    rows[0]["base_version"] = 1
    response = client.post(bulk_url(assessment), rows, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["conflicts"][0]["field"] == "note_base_version"
    stored = Answer.objects.get(assessment=assessment, question_key="q_ypn")
    assert (stored.value, stored.note) == ("yes", "newer")


FINAL_BODY = {
    "status": 403,
    "code": "permission_denied",
    "message": "This assessment is final and cannot be changed.",
}


def test_bulk_racing_finalisation_is_the_documented_403(editor, monkeypatch):
    """Finalised after the request's up-front check, before the write: still 403 with the
    documented body (not a 400), and nothing is saved."""
    from assessment.questionnaire import services
    from assessment.results import services as results

    client, membership = editor
    assessment = make_assessment(membership.organisation)
    check = services.check_answer_rows

    def finalise_meanwhile(**kwargs):
        if assessment.status != AssessmentStatus.FINAL:
            results.finalise(assessment=assessment, user=membership.user)
        return check(**kwargs)

    monkeypatch.setattr(services, "check_answer_rows", finalise_meanwhile)
    rows = [{"question_key": "q_ypn", "value": "yes", "base_version": 0}]
    response = client.post(bulk_url(assessment), rows, format="json")
    assert response.status_code == 403, response.content
    assert response.json() == {"error": FINAL_BODY}
    assert not Answer.objects.filter(assessment=assessment).exists()
    # The same body as when the assessment was final before the request.
    again = client.post(bulk_url(assessment), rows, format="json")
    assert again.status_code == 403 and again.json() == {"error": FINAL_BODY}


def test_patch_racing_finalisation_is_403(editor, monkeypatch):
    """Finalised between the object check and the service's lock: 403, not 400."""
    from assessment.assessments import services

    client, membership = editor
    assessment = make_assessment(membership.organisation)
    update = services.update_assessment

    def finalised_meanwhile(**kwargs):
        type(assessment).objects.filter(pk=assessment.pk).update(status=AssessmentStatus.FINAL)
        return update(**kwargs)

    monkeypatch.setattr(services, "update_assessment", finalised_meanwhile)
    url = reverse("api-assessment-detail", args=[assessment.pk])
    response = client.patch(url, {"title": "Renamed"}, format="json")
    assert response.status_code == 403, response.content
    assert response.json() == {"error": FINAL_BODY}


def test_finalising_through_the_api_records_its_author(editor):
    """PATCH status=final goes through the same service as the page: the snapshot names
    the token's user."""
    from assessment.models import AssessmentSnapshot

    client, membership = editor
    assessment = make_assessment(membership.organisation)
    url = reverse("api-assessment-detail", args=[assessment.pk])
    response = client.patch(url, {"status": "final"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "final"
    snapshot = AssessmentSnapshot.objects.get(assessment=assessment)
    assert snapshot.created_by == membership.user


def test_finalising_in_the_page_records_its_author(client, signed_in):
    from assessment.assessments import services
    from assessment.models import AssessmentSnapshot

    membership = signed_in("editor")
    assessment = make_assessment(membership.organisation)
    data = {"title": assessment.title, "status": "final", "description": ""}
    data.update({f"target_{step}": 70 for step in services.default_targets()})
    response = client.post(reverse("assessment_edit", kwargs={"pk": assessment.pk}), data)
    assert response.status_code == 302, response.content[:2000]
    snapshot = AssessmentSnapshot.objects.get(assessment=assessment)
    assert snapshot.created_by == membership.user


def test_database_down_is_a_json_503_with_retry_after(editor, monkeypatch):
    from django.db import OperationalError

    from assessment.questionnaire import selectors

    client, _membership = editor

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(selectors, "assessments_for", down)
    response = client.get(reverse("api-assessment-list"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"].isdigit()
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (503, "service_unavailable")
    assert "temporarily unavailable" in error["message"]


def test_answers_of_another_organisation_are_404(editor):
    client, _membership = editor
    foreign = AssessmentFactory()
    assert client.get(reverse("api-answer-list", args=[foreign.pk])).status_code == 404
    assert client.post(bulk_url(foreign), [], format="json").status_code == 404


def test_framework_detail_has_steps_sections_and_questions(editor):
    client, membership = editor
    assessment = make_assessment(membership.organisation)
    data = client.get(reverse("api-framework-detail", args=[assessment.framework_version_id]))
    question = data.json()["steps"][0]["sections"][0]["questions"][0]
    assert {"key", "type", "text", "choices", "levels", "allow_na"} <= set(question)


# --- integrations: review and the review reset ---------------------------------------------


@pytest.mark.parametrize("role", ["owner", "editor", "reviewer", "viewer"])
def test_review_action_per_role(role):
    client, membership = api_client_for(role)
    integration = IntegrationFactory(organisation=membership.organisation)
    url = reverse("api-integration-review", args=[integration.pk])
    response = client.post(url, {"state": "verified"}, format="json")
    integration.refresh_from_db()
    if role in ("owner", "reviewer"):
        assert response.status_code == 200
        assert integration.review_state == ReviewState.VERIFIED
        assert integration.reviewed_by == membership.user
    else:
        assert response.status_code == 403
        assert integration.review_state == ReviewState.UNREVIEWED


def test_flag_needs_a_note():
    client, membership = api_client_for("reviewer")
    integration = IntegrationFactory(organisation=membership.organisation)
    url = reverse("api-integration-review", args=[integration.pk])
    response = client.post(url, {"state": "flagged"}, format="json")
    assert response.status_code == 400
    assert "flag" in str(response.json()["error"]["fields"])


def test_an_api_edit_sends_a_reviewed_integration_back_to_review():
    client, membership = api_client_for("editor")
    integration = IntegrationFactory(organisation=membership.organisation)
    inventory.review_integration(integration=integration, user=membership.user, state="verified")
    url = reverse("api-integration-detail", args=[integration.pk])
    # Saving the same values changes nothing, so the review stays.
    assert client.patch(url, {"method": "api"}, format="json").status_code == 200
    integration.refresh_from_db()
    assert integration.review_state == ReviewState.VERIFIED
    response = client.patch(url, {"frequency": "hourly"}, format="json")
    assert response.status_code == 200
    assert response.json()["review_state"] == ReviewState.UNREVIEWED


def test_form_rules_apply_to_the_api():
    client, membership = api_client_for("editor")
    tool = ToolFactory(organisation=membership.organisation, name="HubSpot")
    response = client.post(reverse("api-tool-list"), {"name": "hubspot"}, format="json")
    assert response.status_code == 400 and "name" in response.json()["error"]["fields"]
    response = client.post(
        reverse("api-integration-list"), {"source": tool.pk, "target": tool.pk}, format="json"
    )
    assert "target" in response.json()["error"]["fields"]
    foreign = ToolFactory()
    response = client.post(
        reverse("api-integration-list"), {"source": tool.pk, "target": foreign.pk}, format="json"
    )
    assert response.status_code == 400 and "target" in response.json()["error"]["fields"]


# --- imports and exports -------------------------------------------------------------------


def counts(response) -> tuple[int, int, int]:
    assert response.status_code == 200, response.content
    body = response.json()
    return body["created"], body["updated"], body["unchanged"]


def test_import_json_rows_all_or_nothing_with_row_errors():
    client, membership = api_client_for("editor")
    url = reverse("api-tool-import")
    rows = [{"Tool": "HubSpot", "Annual cost": "12k"}, {"Tool": "Salesforce", "Seats": "-3"}]
    response = client.post(url, {"rows": rows}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == "1 problem in the rows; nothing was imported."
    assert error["rows"][0]["index"] == 1 and error["rows"][0]["row"] == 3
    assert any(key.startswith("[1].") for key in error["fields"])
    assert not Tool.objects.for_organisation(membership.organisation).exists()
    rows[1]["Seats"] = "30"
    assert counts(client.post(url, {"rows": rows}, format="json")) == (2, 0, 0)
    # Re-import updates by name (case-insensitively).
    rows = [{"Tool": "hubspot", "Annual cost": "15000"}]
    assert counts(client.post(url, {"rows": rows}, format="json")) == (0, 1, 0)
    assert Tool.objects.get(name__iexact="hubspot").annual_cost == 15000


def test_import_csv_upload_of_integrations():
    client, membership = api_client_for("reviewer")
    ToolFactory(organisation=membership.organisation, name="HubSpot")
    ToolFactory(organisation=membership.organisation, name="Salesforce")
    csv = "Source,Target,Method\nHubSpot,Salesforce,Native connector\nHubSpot,Nope,api\n"
    upload = io.BytesIO(csv.encode())
    upload.name = "integrations.csv"
    response = client.post(reverse("api-integration-import"), {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["rows"][0]["row"] == 3
    assert not Integration.objects.exists()
    upload = io.BytesIO(csv.splitlines()[0].encode() + b"\n" + csv.splitlines()[1].encode())
    upload.name = "integrations.csv"
    response = client.post(reverse("api-integration-import"), {"file": upload}, format="multipart")
    assert counts(response) == (1, 0, 0)


def test_import_refuses_viewers():
    client, _membership = api_client_for("viewer")
    response = client.post(reverse("api-touchpoint-import"), {"rows": [{"a": 1}]}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_uses_the_filters(file_format):
    client, membership = api_client_for("viewer")
    ToolFactory(organisation=membership.organisation, name="Kept", status="active")
    ToolFactory(organisation=membership.organisation, name="Dropped", status="retired")
    response = client.get(reverse("api-tool-export"), {"format": file_format, "status": "active"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "text/csv" if file_format == "csv" else "application/vnd.openxml"
    )
    if file_format == "csv":
        assert b"Kept" in response.content and b"Dropped" not in response.content
    assert client.get(reverse("api-tool-export"), {"format": "pdf"}).status_code == 400


# --- filters, ordering, pagination, errors -------------------------------------------------


def test_filters_and_ordering_are_the_pages_filtersets():
    client, membership = api_client_for("viewer")
    organisation = membership.organisation
    ToolFactory(organisation=organisation, name="Beta", annual_cost=10, status="active")
    ToolFactory(organisation=organisation, name="Alpha", annual_cost=30, status="trial")
    ToolFactory(organisation=organisation, name="Gamma", annual_cost=20, status="retired")
    names = lambda params: [  # noqa: E731
        t["name"] for t in client.get(reverse("api-tool-list"), params).json()["results"]
    ]
    assert names({"o": "-annual_cost"}) == ["Alpha", "Gamma", "Beta"]
    assert names({"status": ["active", "trial"], "o": "name"}) == ["Alpha", "Beta"]
    assert names({"q": "amm"}) == ["Gamma"]
    bad = client.get(reverse("api-tool-list"), {"status": "nope"})
    assert bad.status_code == 400 and "status" in bad.json()["error"]["fields"]
    assert client.get(reverse("api-tool-list"), {"status": ""}).status_code == 400
    assert client.get(reverse("api-tool-list"), {"per_page": 500}).status_code == 400
    assert client.get(reverse("api-tool-list"), {"per_page": 2}).json()["next"]
    unknown = client.get("/api/v1/nothing-here/")
    assert unknown.status_code == 404 and unknown.json()["error"]["status"] == 404


def test_integration_filter_by_tool():
    client, membership = api_client_for("viewer")
    integration = IntegrationFactory(organisation=membership.organisation)
    IntegrationFactory(organisation=membership.organisation)
    rows = client.get(reverse("api-integration-list"), {"tool": integration.source_id}).json()
    assert [r["id"] for r in rows["results"]] == [integration.pk]


@pytest.mark.parametrize(
    "basename,make",
    [
        ("api-tool", lambda org: ToolFactory(organisation=org)),
        ("api-integration", lambda org: IntegrationFactory(organisation=org)),
        ("api-touchpoint", lambda org: TouchpointFactory(organisation=org)),
        ("api-assessment", lambda org: AssessmentFactory(organisation=org)),
    ],
)
def test_list_query_count_does_not_grow_with_rows(basename, make):
    client, membership = api_client_for("viewer")
    organisation = membership.organisation
    url = reverse(f"{basename}-list")
    client.get(url)  # token last-use written once
    counts = []
    made = 0
    for total in (10, 200):
        for _ in range(total - made):
            make(organisation)
        made = total
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"per_page": 200})
        assert len(response.json()["results"]) >= total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_token_last_use_is_recorded_by_domain_endpoints():
    client, membership = api_client_for("viewer")
    assert client.get(reverse("api-tool-list")).status_code == 200
    assert ApiToken.objects.get(user=membership.user).last_used_at is not None


def test_create_api_token_command_prints_a_working_token():
    membership = MembershipFactory(role="editor")
    out = io.StringIO()
    call_command(
        "create_api_token",
        membership.user.email,
        organisation=membership.organisation.slug,
        name="sync",
        stdout=out,
    )
    token = out.getvalue().strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(reverse("api-tool-list")).status_code == 200


# --- participants: no user-id oracle --------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "patch"])
def test_unknown_and_foreign_participant_ids_get_one_identical_error(editor, method):
    """Issue 11, item 5: a user of another organisation and an id nobody has are
    refused with the same body, so the API does not tell which user ids exist."""
    client, membership = editor
    foreign_user = MembershipFactory().user  # exists, in another organisation
    unknown_id = foreign_user.pk + 999_999
    if method == "post":
        url, base = reverse("api-assessment-list"), {"title": "Q4"}
    else:
        assessment = AssessmentFactory(organisation=membership.organisation)
        url, base = reverse("api-assessment-detail", args=[assessment.pk]), {}
    bodies = []
    for user_id in (foreign_user.pk, unknown_id):
        response = getattr(client, method)(url, {**base, "participants": [user_id]}, format="json")
        assert response.status_code == 400
        bodies.append(response.json())
    assert bodies[0] == bodies[1]
    assert str(unknown_id) not in str(bodies[1])  # the id is not echoed
    assert bodies[0]["error"]["fields"]["participants"] == [
        "Participants must be members of the organisation."
    ]


def test_members_are_accepted_as_participants(editor):
    client, membership = editor
    colleague = MembershipFactory(organisation=membership.organisation)
    response = client.post(
        reverse("api-assessment-list"),
        {"title": "Q4", "participants": [membership.user.pk, colleague.user.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["participants"]) == sorted(
        [membership.user.pk, colleague.user.pk]
    )


# --- names on one line (issue 11, item 6) -----------------------------------------------------


@pytest.mark.parametrize(
    ("basename", "body"),
    [
        ("api-tool", {"name": "CRM\r\nBcc: all@x.example"}),
        ("api-assessment", {"title": "Q4\nreview"}),
    ],
)
def test_the_api_refuses_control_characters_in_names(editor, basename, body):
    client, _membership = editor
    response = client.post(reverse(f"{basename}-list"), body, format="json")
    assert response.status_code == 400, response.json()
    field = next(iter(body))
    assert response.json()["error"]["fields"][field] == [
        "Line breaks, tabs and other control characters are not allowed here."
    ]


def test_bulk_accepts_a_reviewers_rows_of_the_questions_assigned_to_them():
    """The page's rule (docs/questionnaire.md, "Assignments"): being asked to answer a
    question lets a reviewer answer it through the API too, and nothing else of the step."""
    from assessment.team import services as team

    client, membership = api_client_for("reviewer")
    lead = MembershipFactory(organisation=membership.organisation, role="editor")
    assessment = AssessmentFactory(organisation=membership.organisation)
    touchpoints = [
        q for q in assessment.framework.step("touchpoints").questions() if q.type == "yes_partly_no"
    ]
    asked, other = touchpoints[0], touchpoints[1]
    team.assign(
        assessment=assessment,
        step="touchpoints",
        question_keys=[asked.key],
        assignees=[membership.user],
        due_date=None,
        note="",
        user=lead.user,
    )
    row = {"question_key": asked.key, "value": "yes", "base_version": 0}
    refused = client.post(bulk_url(assessment), [{**row, "question_key": other.key}], format="json")
    assert refused.status_code == 403
    assert client.post(bulk_url(assessment), [row], format="json").status_code == 200
    assert Answer.objects.get(assessment=assessment, question_key=asked.key).value == "yes"
