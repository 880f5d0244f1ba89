"""Every domain endpoint × every role, from core.testing.api (another organisation's
object is a 404 on every detail route, for every role)."""

from assessment.models import Assessment, Integration, Tool, Touchpoint
from assessment.models.taxonomy import DataObject, ToolCategory, ToolSubcategory
from assessment.testing.factories import (
    DataObjectFactory,
    IntegrationFactory,
    ToolCategoryFactory,
    ToolFactory,
    ToolSubcategoryFactory,
    TouchpointFactory,
)
from core.testing.access import ALL_ROLES
from core.testing.api import APITestCases
from tests.questionnaire.factories import AssessmentFactory, custom_framework_version

EDITORS = ("owner", "editor")
IT = ("owner", "editor", "reviewer")


class TestToolAPI(APITestCases.AllEndpoints):
    basename = "api-tool"
    model = Tool
    roles = {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS, "delete": EDITORS}

    def make_object(self, organisation):
        return ToolFactory(organisation=organisation)

    def create_data(self, organisation):
        return {"name": "Brand new tool", "annual_cost": "1200.50", "stages": ["awareness"]}

    def update_data(self, obj):
        return {"vendor": "Another vendor"}


class TestIntegrationAPI(APITestCases.AllEndpoints):
    basename = "api-integration"
    model = Integration
    roles = {"view": ALL_ROLES, "add": IT, "change": IT, "delete": IT}

    def make_object(self, organisation):
        return IntegrationFactory(organisation=organisation)

    def create_data(self, organisation):
        source = ToolFactory(organisation=organisation)
        target = ToolFactory(organisation=organisation)
        return {"source": source.pk, "target": target.pk, "method": "webhook"}

    def update_data(self, obj):
        return {"status": "broken"}


class TestTouchpointAPI(APITestCases.AllEndpoints):
    basename = "api-touchpoint"
    model = Touchpoint
    roles = {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS, "delete": EDITORS}

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
