"""Every domain endpoint × every role, from core.testing.api (another organisation's
object is a 404 on every detail route, for every role; another organisation's parent on
every nested collection route). tests/api/test_matrix.py checks that no route is missing."""

from django.core.files.base import ContentFile

from assessment.models import (
    Answer,
    Assessment,
    ExportStatus,
    Finding,
    ImportJob,
    Integration,
    ReportExport,
    RoadmapItem,
    Tool,
    Touchpoint,
)
from assessment.models.taxonomy import DataObject, ToolCategory, ToolSubcategory
from assessment.results import services as results
from assessment.testing.factories import (
    DataObjectFactory,
    IntegrationFactory,
    ToolCategoryFactory,
    ToolFactory,
    ToolSubcategoryFactory,
    TouchpointFactory,
)
from core.testing.access import ALL_ROLES
from core.testing.api import Action, APITestCases
from tests.questionnaire.factories import AssessmentFactory, custom_framework_version
from tests.results.helpers import answer, make_assessment, make_inventory

EDITORS = ("owner", "editor")
IT = ("owner", "editor", "reviewer")


EXPORT = Action("get", "view")


class TestToolAPI(APITestCases.AllEndpoints, APITestCases.DetailActions, APITestCases.ListActions):
    basename = "api-tool"
    model = Tool
    roles = {
        "view": ALL_ROLES,
        "add": EDITORS,
        "change": EDITORS,
        "delete": EDITORS,
        # The tool has no owner member: only an organisation owner confirms it.
        "confirm": ("owner",),
    }
    detail_actions = {"confirm": Action("post", "confirm", {})}
    list_actions = {
        "import": Action("post", "add", {"rows": [{"Tool": "Imported CRM", "Seats": "5"}]}),
        "export": EXPORT,
    }

    def make_object(self, organisation):
        return ToolFactory(organisation=organisation)

    def create_data(self, organisation):
        return {"name": "Brand new tool", "annual_cost": "1200.50", "stages": ["awareness"]}

    def update_data(self, obj):
        return {"vendor": "Another vendor"}


def _integration_rows(case, organisation):
    source, target = (ToolFactory(organisation=organisation) for _ in range(2))
    return {"rows": [{"Source": source.name, "Target": target.name, "Method": "api"}]}


class TestIntegrationAPI(
    APITestCases.AllEndpoints, APITestCases.DetailActions, APITestCases.ListActions
):
    basename = "api-integration"
    model = Integration
    roles = {
        "view": ALL_ROLES,
        "add": IT,
        "change": IT,
        "delete": IT,
        "review": ("owner", "reviewer"),
    }
    detail_actions = {"review": Action("post", "review", {"state": "verified"})}
    list_actions = {"import": Action("post", "add", _integration_rows), "export": EXPORT}

    def make_object(self, organisation):
        return IntegrationFactory(organisation=organisation)

    def create_data(self, organisation):
        source = ToolFactory(organisation=organisation)
        target = ToolFactory(organisation=organisation)
        return {"source": source.pk, "target": target.pk, "method": "webhook"}

    def update_data(self, obj):
        return {"status": "broken"}


class TestTouchpointAPI(APITestCases.AllEndpoints, APITestCases.ListActions):
    basename = "api-touchpoint"
    model = Touchpoint
    roles = {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS, "delete": EDITORS}
    list_actions = {
        "import": Action(
            "post",
            "add",
            {"rows": [{"Touchpoint": "Welcome call", "Stage": "purchase", "Channel": "phone"}]},
        ),
        "export": EXPORT,
    }

    def make_object(self, organisation):
        return TouchpointFactory(organisation=organisation)

    def create_data(self, organisation):
        tool = ToolFactory(organisation=organisation)
        return {
            "name": "Welcome e-mail",
            "stage": "purchase",
            "channel": "email",
            "tools": [tool.pk],
        }

    def update_data(self, obj):
        return {"ease": 4}


class TestAssessmentAPI(APITestCases.AllEndpoints):
    basename = "api-assessment"
    model = Assessment
    roles = {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS, "delete": EDITORS}

    def make_object(self, organisation):
        return AssessmentFactory(organisation=organisation)

    def create_data(self, organisation):
        return {"title": "Assessment Q3", "targets": {"stack": 80}}

    def update_data(self, obj):
        return {"title": "Renamed", "status": "in_review"}


def _question(assessment, *, architecture: bool):
    return next(
        question
        for step in assessment.framework.steps
        if (step.key == "architecture") == architecture
        for question in step.questions()
        if question.type == "yes_partly_no"
    )


def _answer_rows(*, architecture=False, note=False):
    """A bulk body of one row for the organisation's assessment, on its stored versions."""

    def rows(case, organisation):
        assessment = _assessment_of(organisation)
        key = _question(assessment, architecture=architecture).key
        stored = Answer.objects.filter(assessment=assessment, question_key=key).first()
        row = {"question_key": key, "base_version": stored.version if stored else 0}
        if note:
            row.update(note="Checked with IT", note_base_version=getattr(stored, "note_version", 0))
        else:
            row["value"] = "partly"
        return [row]

    return rows


class TestAnswerAPI(
    APITestCases.List, APITestCases.Retrieve, APITestCases.ListActions, APITestCases.Nested
):
    """`assessments/{id}/answers/` (by question key) and `…/bulk/`: owners and editors
    answer every step, reviewers the architecture step and notes on any step."""

    basename = "api-answer"
    model = Answer
    id_field = id_attribute = "question_key"
    roles = {"view": ALL_ROLES, "answer": EDITORS, "architecture": IT, "note": IT}
    list_actions = {
        "bulk: another step": Action("post", "answer", _answer_rows(), route="bulk"),
        "bulk: architecture": Action(
            "post", "architecture", _answer_rows(architecture=True), route="bulk"
        ),
        "bulk: a note": Action("post", "note", _answer_rows(note=True), route="bulk"),
    }

    def make_object(self, organisation):
        assessment = _assessment_of(organisation)
        return answer(assessment, _question(assessment, architecture=False).key, "yes")

    def list_args(self, organisation):
        return [_assessment_of(organisation).pk]

    def detail_args(self, obj):
        return [obj.assessment_id, obj.question_key]


class TestFrameworkAPI(APITestCases.ReadOnly):
    basename = "api-framework"
    model = None
    roles = {"view": ALL_ROLES}

    def make_object(self, organisation):
        return custom_framework_version(organisation=organisation)


class TestToolCategoryAPI(APITestCases.ReadOnly):
    basename = "api-toolcategory"
    model = ToolCategory
    roles = {"view": ALL_ROLES}

    def make_object(self, organisation):
        return ToolCategoryFactory(organisation=organisation)


class TestToolSubcategoryAPI(APITestCases.ReadOnly):
    basename = "api-toolsubcategory"
    model = ToolSubcategory
    roles = {"view": ALL_ROLES}

    def make_object(self, organisation):
        return ToolSubcategoryFactory(organisation=organisation)


class TestDataObjectAPI(APITestCases.ReadOnly):
    basename = "api-dataobject"
    model = DataObject
    roles = {"view": ALL_ROLES}

    def make_object(self, organisation):
        return DataObjectFactory(organisation=organisation)


# --- results and reports ---------------------------------------------------------------


class TestAssessmentArchiveAPI(APITestCases.DetailActions):
    """`assessments/{id}/archive/` and `…/unarchive/`: owners only (docs/questionnaire.md)."""

    basename = "api-assessment"
    roles = {"archive": ("owner",)}
    detail_actions = {
        "archive": Action("post", "archive"),
        "unarchive": Action("post", "archive"),
    }

    def make_object(self, organisation):
        return AssessmentFactory(organisation=organisation)


class TestAssessmentPinAPI(APITestCases.DetailActions):
    """`assessments/{id}/pin/` and `…/unpin/`: owners only (docs/questionnaire.md)."""

    basename = "api-assessment"
    roles = {"pin": ("owner",)}
    detail_actions = {
        "pin": Action("post", "pin"),
        "unpin": Action("post", "pin"),
    }

    def make_object(self, organisation):
        return AssessmentFactory(organisation=organisation)


def _assessment_of(organisation):
    return Assessment.objects.for_organisation(organisation).first() or AssessmentFactory(
        organisation=organisation
    )


class TestAssessmentResultActionsAPI(APITestCases.DetailActions):
    """`assessments/{id}/scores/`, `…/regenerate/`, `…/report-exports/`."""

    basename = "api-assessment"
    roles = {"view": ALL_ROLES, "regenerate": EDITORS, "export": ALL_ROLES}
    detail_actions = {
        "scores": ("get", "view", None),
        "regenerate": ("post", "regenerate", None),
        "report-exports": ("post", "export", {"sections": ["summary"]}),
    }

    def make_object(self, organisation):
        return AssessmentFactory(organisation=organisation)


class TestFindingAPI(APITestCases.ReadOnly, APITestCases.Nested):
    basename = "api-finding"
    model = Finding
    roles = {"view": ALL_ROLES}

    def make_object(self, organisation):
        make_inventory(organisation)
        assessment = make_assessment(organisation)
        results.ensure_results(assessment)
        return Finding.objects.filter(assessment=assessment).first()

    def list_args(self, organisation):
        return [_assessment_of(organisation).pk]

    def detail_args(self, obj):
        return [obj.assessment_id, obj.key]


def _reorder_body(case, organisation):
    item = results.add_item(assessment=_assessment_of(organisation), data={"title": "Moved"})
    return {"later": [item.pk]}


class TestRoadmapItemAPI(
    APITestCases.List,
    APITestCases.Retrieve,
    APITestCases.Create,
    APITestCases.Update,
    APITestCases.DetailActions,
    APITestCases.ListActions,
    APITestCases.Nested,
):
    basename = "api-roadmapitem"
    model = RoadmapItem
    roles = {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS}
    detail_actions = {
        "accept": ("post", "change", None),
        "dismiss": ("post", "change", {"reason": "Out of scope this year"}),
        "reopen": ("post", "change", None),
        "move": ("post", "change", {"horizon": "now", "position": 0}),
    }
    list_actions = {"reorder": Action("post", "change", _reorder_body)}

    def make_object(self, organisation):
        return results.add_item(
            assessment=_assessment_of(organisation), data={"title": "Consolidate e-mail tools"}
        )

    def list_args(self, organisation):
        return [_assessment_of(organisation).pk]

    def detail_args(self, obj):
        return [obj.assessment_id, obj.pk]

    def create_data(self, organisation):
        return {"title": "Train the team", "step": "stack", "horizon": "now", "impact": 3}

    def update_data(self, obj):
        return {"owner": "CRM team", "due_date": "2026-12-31"}


class TestReportExportAPI(APITestCases.ReadOnly, APITestCases.DetailActions):
    basename = "api-reportexport"
    model = ReportExport
    roles = {"view": ALL_ROLES, "export": ALL_ROLES}
    detail_actions = {"download": ("get", "export", None)}

    def make_object(self, organisation):
        export = ReportExport.objects.create(
            organisation=organisation,
            assessment=AssessmentFactory(organisation=organisation),
            cache_key="test",
            status=ExportStatus.DONE,
            progress=100,
        )
        export.file.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        return export


class TestImportJobAPI(APITestCases.ReadOnly):
    """An integration import's job: read by those who may import integrations (the
    reviewer too); a tool import's job is the editors' (tests/api/test_import_jobs_api.py)."""

    basename = "api-importjob"
    model = ImportJob
    roles = {"view": IT}

    def make_object(self, organisation):
        return ImportJob.objects.create(
            organisation=organisation, inventory="integrations", token="t", filename="i.csv"
        )
