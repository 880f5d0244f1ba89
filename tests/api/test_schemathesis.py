"""Schemathesis against the generated schema, in-process (WSGI), as an editor.

Every operation, a bounded number of examples each (positive and negative data), in a
database seeded with a few rows of every kind: no 5xx, and every response conforms to
the schema (documented status code, content type and body).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from assessment.inventory.services import seed_taxonomy
from assessment.models import (
    DataObject,
    ExportStatus,
    Finding,
    ReportExport,
    ToolCategory,
    ToolSubcategory,
)
from assessment.results import services as results
from assessment.testing.factories import IntegrationFactory, ToolFactory, TouchpointFactory
from core import services
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
def seeded(db, keep_connection, settings, tmp_path):
    """An editor's token and a few rows of every kind in the editor's organisation."""
    settings.MEDIA_ROOT = tmp_path / "media"
    membership = MembershipFactory(role="editor")
    organisation = membership.organisation
    MembershipFactory(organisation=organisation, role="owner")
    seed_taxonomy(organisation=organisation)
    tools = [ToolFactory(organisation=organisation) for _ in range(3)]
    integration = IntegrationFactory(organisation=organisation, source=tools[0], target=tools[1])
    touchpoint = TouchpointFactory(organisation=organisation)
    touchpoint.tools.set(tools[:2])
    assessment = AssessmentFactory(organisation=organisation)
    question_key = assessment.framework.steps[0].sections[0].questions[0].key
    from assessment.questionnaire import services as questionnaire

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
    _row, token = services.create_api_token(membership=membership, name="schemathesis")
    ids = {
        "tools": tools[0].pk,
        "integrations": integration.pk,
        "touchpoints": touchpoint.pk,
        "assessments": assessment.pk,
        "members": membership.pk,
        "organisations": organisation.pk,
        "frameworks": assessment.framework_version_id,
        "categories": ToolCategory.objects.for_organisation(organisation).first().pk,
        "subcategories": ToolSubcategory.objects.for_organisation(organisation).first().pk,
        "data-objects": DataObject.objects.for_organisation(organisation).first().pk,
        "roadmap": item.pk,
        "report-exports": export.pk,
    }
    return {
        "token": token,
        "ids": ids,
        "assessment": assessment.pk,
        "question": question_key,
        "finding": finding.key,
    }


def _use_real_ids(case, seeded) -> None:
    """Half of the generated ids point at real rows, so success bodies are checked too."""
    params = case.path_parameters or {}
    path = case.operation.path
    if "id" in params and isinstance(params["id"], int) and params["id"] % 2 == 0:
        resource = path.split("/api/v1/")[1].split("/{")[0].split("/")[-1]
        params["id"] = seeded["ids"].get(resource, params["id"])
    pk = params.get("assessment_pk")
    if isinstance(pk, int) and pk % 2 == 0:
        params["assessment_pk"] = seeded["assessment"]
    if "question_key" in params and len(str(params["question_key"])) % 2 == 0:
        params["question_key"] = seeded["question"]
    if "key" in params and len(str(params["key"])) % 2 == 0:
        params["key"] = seeded["finding"]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, seeded):
    _use_real_ids(case, seeded)
    response = case.call(headers={"Authorization": f"Bearer {seeded['token']}"})
    case.validate_response(response, checks=CHECKS)
