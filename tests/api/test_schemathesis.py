"""Schemathesis against the generated schema, in-process (WSGI), as an editor.

Every operation, a bounded number of examples each (positive and negative data), in a
database seeded with a few rows of every kind: no 5xx, and every response conforms to
the schema (documented status code, content type and body).

Every other example's path parameters name real rows — each parameter the row of the
collection it follows (`/assessments/{assessment_pk}/roadmap/{id}/`: the seeded
assessment and the seeded roadmap item) — so success bodies are checked as well as
errors. Each operation must get at least one 2xx during its run: an operation that
only ever answers 404 or 400 has had its success body checked by nobody.
"""

from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from assessment.comments import services as comment_services
from assessment.inventory.own_products.services import create_own_product
from assessment.inventory.services import seed_taxonomy
from assessment.models import (
    DataObject,
    DiscoveredTool,
    ExportStatus,
    Finding,
    ImportJob,
    ImportJobStatus,
    ReportExport,
    ScanStatus,
    SiteScan,
    ToolCategory,
    ToolSubcategory,
)
from assessment.questionnaire import services as questionnaire
from assessment.results import services as results
from assessment.team import services as team_services
from assessment.testing.factories import IntegrationFactory, ToolFactory, TouchpointFactory
from core import services
from core.notifications.services import notify
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory
from tests.results.helpers import answer, make_inventory

MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

#: Operations an editor may never succeed at: they run as an owner, so their success
#: bodies are checked too (tests/api/test_core_api.py and test_endpoints.py check that
#: an editor gets a 403).
AS_OWNER = {
    "PUT /api/v1/members/{id}/",
    "PATCH /api/v1/members/{id}/",
    "DELETE /api/v1/members/{id}/",
    "POST /api/v1/integrations/{id}/review/",
    "POST /api/v1/assessments/{id}/archive/",
    "POST /api/v1/assessments/{id}/unarchive/",
}


def _integration_body(seeded):
    return {"source": seeded["tools"][1], "target": seeded["tools"][2], "method": "api"}


#: Operations whose valid bodies name rows or follow rules no schema can express (two
#: different tools of the organisation): one request with this body starts their run.
SEED_BODIES = {
    "POST /api/v1/integrations/": _integration_body,
    "POST /api/v1/discovered-tools/{id}/link/": lambda seeded: {"tool": seeded["tools"][0]},
    "POST /api/v1/threads/": lambda seeded: {
        "target": "tool",
        "tool": seeded["tools"][0],
        "body": "Seeded thread",
    },
    "POST /api/v1/comments/": lambda seeded: {"thread": seeded["ids"]["threads"], "body": "Hi"},
    "POST /api/v1/assignments/": lambda seeded: {
        "assessment": seeded["ids"]["assessments"],
        "step": "gaps",
        "assignee": seeded["owner_user"],
    },
}


def load_schema():
    """The schema as /api/schema/ serves it, called in-process through Django's WSGI app."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = WSGIHandler()
    return loaded


schema = load_schema()


@pytest.fixture
def keep_connection():
    """Like Django's test client: the WSGI handler must not close the test's connection
    at the end of each request (PostgreSQL would lose the test transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, keep_connection, settings):
    """Tokens of an editor and an owner, and a few rows of every kind in their
    organisation; `ids` maps each collection's path segment to a real row's key."""
    # Exports are queued, not rendered: a PDF per example would dominate the run (the
    # rendered export's body is checked through the seeded one).
    settings.REPORT_SYNC_MAX_TOOLS = 0
    membership = MembershipFactory(role="editor")
    organisation = membership.organisation
    owner = MembershipFactory(organisation=organisation, role="owner")
    seed_taxonomy(organisation=organisation)
    tools = [ToolFactory(organisation=organisation) for _ in range(3)]
    integration = IntegrationFactory(organisation=organisation, source=tools[0], target=tools[1])
    touchpoint = TouchpointFactory(organisation=organisation)
    touchpoint.tools.set(tools[:2])
    # A primary key no roadmap item has: a path parameter resolved to the wrong
    # collection's row (the assessment's pk for a roadmap item) then finds nothing.
    assessment = AssessmentFactory(organisation=organisation, pk=10**9)
    question_key = assessment.framework.steps[0].sections[0].questions[0].key
    questionnaire.save_answer(
        assessment=assessment,
        question_key=question_key,
        raw_value=None,
        na=False,
        base_version=0,
        user=membership.user,
    )
    make_inventory(organisation)
    answer(assessment, "stack_fully_used", 2, membership.user)
    results.ensure_results(assessment)
    finding = Finding.objects.filter(assessment=assessment).first()
    item = results.add_item(assessment=assessment, data={"title": "Seeded item"})
    export = ReportExport.objects.create(
        organisation=organisation,
        assessment=assessment,
        cache_key="seeded",
        status=ExportStatus.DONE,
        progress=100,
    )
    export.file.save("report.pdf", ContentFile(b"%PDF-1.4 seeded"), save=True)
    import_job = ImportJob.objects.create(
        organisation=organisation,
        user=membership.user,
        inventory="tools",
        token="seeded",
        status=ImportJobStatus.DONE,
        progress=100,
        counts={"created": 1, "updated": 0, "unchanged": 0},
    )
    scan = SiteScan.objects.create(
        organisation=organisation, urls=["https://e.example/"], status=ScanStatus.DONE
    )
    discovered = DiscoveredTool.objects.create(
        organisation=organisation,
        slug="hotjar",
        name="Hotjar",
        evidence=[{"kind": "script", "detail": "https://static.hotjar.com/c/hotjar-1.js"}],
        first_seen_at=scan.created_at,
        last_seen_at=scan.created_at,
        last_scan=scan,
    )
    own_product = create_own_product(organisation=organisation, user=None, name="Acme CRM")
    (assignment,) = team_services.assign(
        assessment=assessment,
        step="touchpoints",
        question_keys=None,
        assignees=[owner.user],
        due_date=None,
        note="",
        user=membership.user,
    )
    thread = comment_services.start_thread(
        organisation=organisation, user=membership.user, body="Seeded", obj=tools[0]
    )
    comment = comment_services.add_comment(thread=thread, user=membership.user, body="Reply")
    _row, token = services.create_api_token(membership=membership, name="schemathesis")
    _row, owner_token = services.create_api_token(membership=owner, name="schemathesis")
    (notification,) = notify(
        organisation=organisation,
        recipients=[membership.user],
        kind="report_ready",
        key="seeded",
        params={"assessment": "Seeded"},
        url="/",
    )
    # a version of a tool to go back to (/api/v1/history/{id}/restore/, docs/history.md)
    from core.models import HistoryEntry

    for name in ("Seeded v2", "Seeded v3"):
        tools[2].name = name
        tools[2].save()
    version = HistoryEntry.objects.filter(
        object_id=tools[2].pk, content_type__model="tool", action=HistoryEntry.Action.UPDATE
    ).order_by("pk")
    ids = {
        "history": version.first().pk,
        "tools": tools[0].pk,
        "integrations": integration.pk,
        "touchpoints": touchpoint.pk,
        "assessments": assessment.pk,
        "answers": question_key,
        "findings": finding.key,
        "roadmap": item.pk,
        "members": membership.pk,
        "organisations": organisation.pk,
        "frameworks": assessment.framework_version_id,
        "categories": ToolCategory.objects.for_organisation(organisation).first().pk,
        "subcategories": ToolSubcategory.objects.for_organisation(organisation).first().pk,
        "data-objects": DataObject.objects.for_organisation(organisation).first().pk,
        "report-exports": export.pk,
        "import-jobs": import_job.pk,
        "website-scans": scan.pk,
        "discovered-tools": discovered.pk,
        "own-products": own_product.pk,
        "notifications": notification.pk,
        "assignments": assignment.pk,
        "threads": thread.pk,
        "comments": comment.pk,
    }
    return {
        "tokens": {"editor": token, "owner": owner_token},
        "ids": ids,
        "tools": [tool.pk for tool in tools],
        "owner_user": owner.user.pk,
    }


def collection(path: str, parameter: str) -> str:
    """The path segment a parameter names a row of: `roadmap` for the `id` of
    `/api/v1/assessments/{assessment_pk}/roadmap/{id}/accept/`, `assessments` for its
    `assessment_pk`."""
    segments = path.strip("/").split("/")
    return segments[segments.index("{" + parameter + "}") - 1]


def real_path_parameters(operation, seeded) -> dict:
    values = {}
    for parameter in operation.path_parameters:
        name = collection(operation.path, parameter.name)
        if name not in seeded["ids"]:
            pytest.fail(f"{operation.label}: seed a row of “{name}” for `{parameter.name}`")
        value = seeded["ids"][name]
        if parameter.definition.get("schema", {}).get("type") == "string":
            value = str(value)  # e.g. `assessment_pk`, a string of digits in the schema
        values[parameter.name] = value
    return values


def test_path_parameters_name_rows_of_the_collection_they_follow():
    path = "/api/v1/assessments/{assessment_pk}/roadmap/{id}/accept/"
    assert collection(path, "assessment_pk") == "assessments"
    assert collection(path, "id") == "roadmap"
    assert (
        collection("/api/v1/assessments/{assessment_pk}/answers/{question_key}/", "question_key")
        == "answers"
    )
    assert collection("/api/v1/taxonomy/data-objects/{id}/", "id") == "data-objects"
    assert collection("/api/v1/report-exports/{id}/download/", "id") == "report-exports"


@pytest.fixture
def statuses(request):
    """The status codes one operation got during its run; at the end, one must be a 2xx."""
    got: Counter[int] = Counter()
    yield got
    if not any(200 <= code < 300 for code in got):
        pytest.fail(
            f"{request.node.name}: no 2xx in {got.total()} responses "
            f"({dict(sorted(got.items()))}); seed real rows for its path (`ids`) or a "
            "valid body (SEED_BODIES)"
        )


def _headers(label, seeded) -> dict:
    token = seeded["tokens"]["owner" if label in AS_OWNER else "editor"]
    return {"Authorization": f"Bearer {token}"}


def _send_seed_body(operation, seeded, statuses) -> None:
    case = operation.Case(
        path_parameters=real_path_parameters(operation, seeded),
        body=SEED_BODIES[operation.label](seeded),
        media_type="application/json",
    )
    response = case.call(headers=_headers(operation.label, seeded))
    statuses[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, seeded, statuses):
    operation = case.operation
    calls = statuses.total()
    if calls == 0 and operation.label in SEED_BODIES:
        _send_seed_body(operation, seeded, statuses)
    # Negative path parameters stay as generated: they must be refused.
    negative_path = case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH)
    if calls % 2 == 0 and not negative_path:
        # Assigned, not changed in place, so Schemathesis re-checks the case's metadata.
        case.path_parameters = {
            **(case.path_parameters or {}),
            **real_path_parameters(operation, seeded),
        }
    response = case.call(headers=_headers(operation.label, seeded))
    statuses[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)
