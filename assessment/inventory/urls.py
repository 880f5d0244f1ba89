"""URLs of the inventories: tools, integrations, touchpoints, the taxonomy, imports,
exports, IT's review queue and the three maps."""

from django.urls import path

from assessment.inventory.views import (
    catalogue,
    imports,
    inventory,
    maps,
    own_products,
    review,
    taxonomy,
)


def crud(prefix: str, module, name: str, bulk: bool = True) -> list:
    views = {
        verb: getattr(module, f"{name}{verb}View")
        for verb in ("List", "Detail", "Create", "Update", "Delete")
    }
    patterns = [
        path(f"{prefix}/", views["List"].as_view(), name=f"{name.lower()}_list"),
        path(f"{prefix}/add/", views["Create"].as_view(), name=f"{name.lower()}_add"),
        path(f"{prefix}/<int:pk>/", views["Detail"].as_view(), name=f"{name.lower()}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views["Update"].as_view(), name=f"{name.lower()}_edit"),
        path(
            f"{prefix}/<int:pk>/delete/",
            views["Delete"].as_view(),
            name=f"{name.lower()}_delete",
        ),
    ]
    if bulk:
        patterns.append(
            path(
                f"{prefix}/bulk/",
                getattr(module, f"{name}BulkView").as_view(),
                name=f"{name.lower()}_bulk",
            )
        )
    return patterns


urlpatterns = [
    *crud("tools", inventory, "Tool"),
    path("tools/<int:pk>/confirm/", inventory.ToolConfirmView.as_view(), name="tool_confirm"),
    *crud("integrations", inventory, "Integration"),
    *crud("touchpoints", inventory, "Touchpoint"),
    *crud("taxonomy/categories", taxonomy, "ToolCategory", bulk=False),
    *crud("taxonomy/subcategories", taxonomy, "ToolSubcategory", bulk=False),
    *crud("taxonomy/data-objects", taxonomy, "DataObject", bulk=False),
    path(
        "integrations/review/",
        review.IntegrationReviewQueueView.as_view(),
        name="integration_review_queue",
    ),
    path(
        "integrations/review/bulk/",
        review.IntegrationReviewBulkView.as_view(),
        name="integration_review_bulk",
    ),
    path(
        "integrations/<int:pk>/review/",
        review.IntegrationReviewView.as_view(),
        name="integration_review",
    ),
    path("tools/products/", own_products.OwnProductListView.as_view(), name="ownproduct_list"),
    path("tools/products/add/", own_products.OwnProductCreateView.as_view(), name="ownproduct_add"),
    path(
        "tools/products/<int:pk>/edit/",
        own_products.OwnProductUpdateView.as_view(),
        name="ownproduct_edit",
    ),
    path(
        "tools/products/<int:pk>/delete/",
        own_products.OwnProductDeleteView.as_view(),
        name="ownproduct_delete",
    ),
    path(
        "tools/catalogue/",
        catalogue.ToolCatalogueSearchView.as_view(),
        name="tool_catalogue_search",
    ),
    path("tools/map/", maps.StackMapView.as_view(), name="stack_map"),
    path("integrations/map/", maps.IntegrationMapView.as_view(), name="integration_map"),
    path("touchpoints/matrix/", maps.TouchpointMatrixView.as_view(), name="touchpoint_matrix"),
    path("<str:inventory>/import/", imports.ImportUploadView.as_view(), name="inventory_import"),
    path(
        "<str:inventory>/import/<uuid:token>/",
        imports.ImportPreviewView.as_view(),
        name="inventory_import_preview",
    ),
    path(
        "<str:inventory>/import/jobs/<int:pk>/",
        imports.ImportJobView.as_view(),
        name="inventory_import_job",
    ),
    path("<str:inventory>/export/", imports.ExportView.as_view(), name="inventory_export"),
]
