"""The domain's endpoints under /api/v1/, with the pages' URL slugs (the roadmap of an
assessment is `assessments/{id}/roadmap/` here as on the pages)."""

from assessment.api import (
    assessments,
    catalogue,
    discovery,
    inventory,
    questionnaire,
    renewals,
    reports,
    results,
    team,
)
from assessment.api import comments as comments_api


def register(router) -> None:
    router.register("frameworks", questionnaire.FrameworkViewSet, basename="api-framework")
    router.register("assessments", assessments.AssessmentViewSet, basename="api-assessment")
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
    router.register(
        r"assessments/(?P<assessment_pk>[0-9]+)/findings",
        results.FindingViewSet,
        basename="api-finding",
    )
    router.register(
        r"assessments/(?P<assessment_pk>[0-9]+)/roadmap",
        results.RoadmapViewSet,
        basename="api-roadmapitem",
    )
    router.register("import-jobs", inventory.ImportJobViewSet, basename="api-importjob")
    router.register("report-exports", reports.ReportExportViewSet, basename="api-reportexport")
    router.register("catalogue", catalogue.CatalogueViewSet, basename="api-catalogue")
    router.register("own-products", catalogue.OwnProductViewSet, basename="api-ownproduct")
    router.register("website-scans", discovery.SiteScanViewSet, basename="api-sitescan")
    router.register(
        "discovered-tools", discovery.DiscoveredToolViewSet, basename="api-discoveredtool"
    )
    router.register("renewals", renewals.RenewalViewSet, basename="api-renewal")
    router.register("assignments", team.AssignmentViewSet, basename="api-assignment")
    router.register("my-work", team.MyWorkViewSet, basename="api-mywork")
    router.register("threads", comments_api.ThreadViewSet, basename="api-thread")
    router.register("comments", comments_api.CommentViewSet, basename="api-comment")
