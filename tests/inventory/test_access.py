"""Per-role matrices (core.testing.PageAccessTests) for imports, exports, bulk actions, IT's
review and the maps: owners and editors change tools and touchpoints; reviewers change and
review integrations but not tools; viewers read and export. Another organisation's object
is a 404 for every role, and nothing of it changes."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.inventory.imports import ImportSession
from assessment.models import ImportPreview, Integration, ReviewState, Tool, Touchpoint
from assessment.testing.factories import IntegrationFactory, ToolFactory, TouchpointFactory
from core.testing.access import ALL_ROLES, Page, PageAccessTests
from core.testing.factories import MembershipFactory

EDITORS = ("owner", "editor")
INTEGRATORS = ("owner", "editor", "reviewer")  # integration.add / change / delete
REVIEWERS = ("owner", "reviewer")  # integration.review
ROLES = {"tools": EDITORS, "integrations": INTEGRATORS, "touchpoints": EDITORS}

# One row per inventory that imports cleanly once the tools "Alpha" and "Beta" exist.
IMPORT_ROWS = {
    "tools": (["Name"], [["Imported"]]),
    "integrations": (["Source", "Target", "Notes"], [["Alpha", "Beta", "Imported"]]),
    "touchpoints": (["Name", "Stage", "Channel"], [["Imported", "Awareness", "Web"]]),
}


def imported(inventory: str, organisation) -> bool:
    if inventory == "tools":
        return Tool.objects.filter(organisation=organisation, name="Imported").exists()
    if inventory == "integrations":
        return Integration.objects.filter(organisation=organisation, notes="Imported").exists()
    return Touchpoint.objects.filter(organisation=organisation, name="Imported").exists()


def import_session(inventory: str):
    """Setup: a clean preview of one row, started by the member (or a foreign member)."""

    def setup(membership):
        organisation = membership.organisation
        ToolFactory(organisation=organisation, name="Alpha")
        ToolFactory(organisation=organisation, name="Beta")
        headers, rows = IMPORT_ROWS[inventory]
        session = ImportSession.create(
            organisation=organisation, user=membership.user, inventory=inventory,
            filename="rows.csv", headers=headers, rows=rows, day_first=True,
        )  # fmt: skip
        return {"session": session, "target": organisation}

    return setup


def foreign_session(inventory: str):
    return lambda membership: import_session(inventory)(MembershipFactory(role="owner"))


def preview_url(inventory: str):
    return lambda c: reverse(
        "inventory_import_preview", kwargs={"inventory": inventory, "token": c["session"].token}
    )


def upload_file(context) -> dict:
    return {"file": SimpleUploadedFile("tools.csv", b"Name\nUploaded\n"), "day_first": "1"}


def started_preview(context) -> bool:
    return ImportPreview.objects.exists()


def import_pages(inventory: str) -> dict[str, Page]:
    roles = ROLES[inventory]
    url = reverse("inventory_import", kwargs={"inventory": inventory})
    return {
        f"{inventory}_import_form": Page(url, roles),
        f"{inventory}_import_upload": Page(
            url, roles, method="post", data=upload_file, ok=(302,), changed=started_preview
        ),
        f"{inventory}_import_preview": Page(
            preview_url(inventory),
            roles,
            setup=import_session(inventory),
            foreign=foreign_session(inventory),
        ),
        f"{inventory}_import_commit": Page(
            preview_url(inventory),
            roles,
            method="post",
            data={"action": "commit"},
            ok=(302,),
            setup=import_session(inventory),
            foreign=foreign_session(inventory),
            changed=lambda c, inventory=inventory: imported(inventory, c["target"]),
        ),
        f"{inventory}_export_csv": Page(
            reverse("inventory_export", kwargs={"inventory": inventory}), ALL_ROLES
        ),
        f"{inventory}_export_xlsx": Page(
            reverse("inventory_export", kwargs={"inventory": inventory}) + "?format=xlsx",
            ALL_ROLES,
        ),
    }


# -- bulk actions ------------------------------------------------------------------------------

MAKERS = {"tool": ToolFactory, "integration": IntegrationFactory, "touchpoint": TouchpointFactory}
MODELS = {"tool": Tool, "integration": Integration, "touchpoint": Touchpoint}
OWNER_FIELDS = {"tool": "business_owner", "integration": "technical_owner", "touchpoint": "owner"}
CHANGES = {  # the bulk choice, and the field and value it sets
    "tool": ("status:retired", "status", "retired"),
    "integration": ("status:broken", "status", "broken"),
    "touchpoint": ("personalisation:individual", "personalisation", "individual"),
}


def one(name: str, foreign: bool = False):
    def setup(membership):
        organisation = None if foreign else membership.organisation
        obj = MAKERS[name](**({"organisation": organisation} if organisation else {}))
        return {"obj": obj}

    return setup


def bulk_pages(name: str, roles) -> dict[str, Page]:
    url = reverse(f"{name}_bulk")
    choice, field, value = CHANGES[name]
    model = MODELS[name]

    def has_value(c):
        return getattr(model.objects.get(pk=c["obj"].pk), field) == value

    def owned(c):
        return getattr(model.objects.get(pk=c["obj"].pk), OWNER_FIELDS[name]) == "Maya"

    def deleted(c):
        return not model.objects.filter(pk=c["obj"].pk).exists()

    common = {"setup": one(name), "foreign": one(name, foreign=True), "foreign_status": None}
    return {
        f"{name}_bulk_change": Page(
            url, roles, method="post", ok=(302,), changed=has_value,
            data=lambda c: {"pk": [c["obj"].pk], "bulk": choice}, **common,
        ),
        f"{name}_bulk_owner": Page(
            url, roles, method="post", ok=(302,),
            changed=owned,
            data=lambda c: {"pk": [c["obj"].pk], "bulk": "owner", "value": "Maya"}, **common,
        ),
        f"{name}_bulk_delete_confirm": Page(  # asks first (tests/inventory/test_pages.py)
            url, roles, method="post", ok=(200,),
            data=lambda c: {"pk": [c["obj"].pk], "bulk": "delete"}, **common,
        ),
        f"{name}_bulk_delete": Page(
            url, roles, method="post", ok=(302,), changed=deleted,
            data=lambda c: {"pk": [c["obj"].pk], "action": "delete", "confirm": "yes"}, **common,
        ),
    }  # fmt: skip


# -- review and maps ---------------------------------------------------------------------------


def verified(c) -> bool:
    return Integration.objects.get(pk=c["obj"].pk).review_state == ReviewState.VERIFIED


class TestInventoryPages(PageAccessTests):
    pages = {
        **import_pages("tools"),
        **import_pages("integrations"),
        **import_pages("touchpoints"),
        **bulk_pages("tool", EDITORS),
        **bulk_pages("integration", INTEGRATORS),
        **bulk_pages("touchpoint", EDITORS),
        "review_queue": Page(
            reverse("integration_review_queue"), ALL_ROLES, setup=one("integration")
        ),
        "review": Page(
            lambda c: reverse("integration_review", kwargs={"pk": c["obj"].pk}),
            REVIEWERS,
            method="post",
            data={"state": "verified"},
            ok=(302,),
            setup=one("integration"),
            foreign=one("integration", foreign=True),
            changed=verified,
        ),
        "review_flag": Page(
            lambda c: reverse("integration_review", kwargs={"pk": c["obj"].pk}),
            REVIEWERS,
            method="post",
            data={"state": "flagged", "note": "Fails nightly"},
            ok=(302,),
            setup=one("integration"),
            foreign=one("integration", foreign=True),
            changed=lambda c: Integration.objects.get(pk=c["obj"].pk).review_state == "flagged",
        ),
        "review_bulk_verify": Page(
            reverse("integration_review_bulk"),
            REVIEWERS,
            method="post",
            data=lambda c: {"pk": [c["obj"].pk], "state": "verified"},
            ok=(302,),
            setup=one("integration"),
            foreign=one("integration", foreign=True),
            changed=verified,
        ),
        "review_bulk_flag": Page(
            reverse("integration_review_bulk"),
            REVIEWERS,
            method="post",
            data=lambda c: {"pk": [c["obj"].pk], "state": "flagged", "note": "Fails nightly"},
            ok=(302,),
            setup=one("integration"),
            foreign=one("integration", foreign=True),
            changed=lambda c: Integration.objects.get(pk=c["obj"].pk).review_state == "flagged",
        ),
        "review_queue_filtered": Page(
            reverse("integration_review_queue") + "?review_state=unreviewed&o=newest&page=1",
            ALL_ROLES,
            setup=one("integration"),
        ),
        "stack_map": Page(reverse("stack_map"), ALL_ROLES, setup=one("tool")),
        "integration_map": Page(reverse("integration_map"), ALL_ROLES, setup=one("integration")),
        "touchpoint_matrix": Page(reverse("touchpoint_matrix"), ALL_ROLES, setup=one("touchpoint")),
    }
