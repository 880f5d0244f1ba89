"""The domain's endpoints under /api/v1/, with the pages' URL slugs.

Later areas (findings, roadmap items, report exports) add their viewsets here.
"""

from assessment.api import inventory, questionnaire


def register(router) -> None:
    router.register("frameworks", questionnaire.FrameworkViewSet, basename="api-framework")
    router.register("assessments", questionnaire.AssessmentViewSet, basename="api-assessment")
    router.register(
        r"assessments/(?P<assessment_pk>[0-9]+)/answers",
        questionnaire.AnswerViewSet,
        basename="api-answer",
    )
    router.register("tools", inventory.ToolViewSet, basename="api-tool")
    router.register("integrations", inventory.IntegrationViewSet, basename="api-integration")
    router.register("touchpoints", inventory.TouchpointViewSet, basename="api-touchpoint")
    router.register(
        "taxonomy/categories", inventory.ToolCategoryViewSet, basename="api-toolcategory"
    )
    router.register(
        "taxonomy/subcategories", inventory.ToolSubcategoryViewSet, basename="api-toolsubcategory"
    )
    router.register("taxonomy/data-objects", inventory.DataObjectViewSet, basename="api-dataobject")
