"""The organisation's taxonomy as the pure core reads it, and seeding it before a first
import."""

from __future__ import annotations

from functools import cache

from assessment.inventory import services
from assessment.inventory_core.taxonomy import DATA_FILE, Taxonomy, parse_taxonomy, read_yaml
from assessment.models import DataObject, ToolCategory, ToolSubcategory


@cache
def _seed_data() -> dict:
    with open(DATA_FILE, encoding="utf-8") as fh:
        return read_yaml(fh)


def organisation_taxonomy(organisation, additions: dict[str, list[dict]] | None = None) -> Taxonomy:
    """The seed's fixed lists plus the organisation's own categories and data objects
    (and entries the person chose to add during this import)."""
    additions = additions or {}
    categories = list(ToolCategory.objects.for_organisation(organisation).order_by("position"))
    subs = list(ToolSubcategory.objects.for_organisation(organisation).select_related("category"))
    groups = []
    for category in categories:
        members = [
            {"key": s.key, "name": s.name, "aliases": s.aliases}
            for s in subs
            if s.category_id == category.pk
        ]
        members += [
            {"key": a["key"], "name": a["name"]}
            for a in additions.get("subcategory", [])
            if a["group"] == category.key
        ]
        # The pure core needs at least one subcategory per group.
        members = members or [{"key": f"{category.key}__general", "name": f"{category.name} —"}]
        groups.append(
            {
                "key": category.key,
                "name": category.name,
                "aliases": category.aliases,
                "subcategories": members,
            }
        )
    for added in additions.get("category", []):
        groups.append(
            {
                "key": added["key"],
                "name": added["name"],
                "subcategories": [
                    {"key": f"{added['key']}__general", "name": f"{added['name']} —"}
                ],
            }
        )
    data = dict(_seed_data())
    data["category_groups"] = groups or data["category_groups"]
    objects = [
        {"key": o.key, "name": o.name, "aliases": o.aliases}
        for o in DataObject.objects.for_organisation(organisation).order_by("position")
    ] + [{"key": a["key"], "name": a["name"]} for a in additions.get("data_objects", [])]
    data["data_objects"] = objects or data["data_objects"]
    return parse_taxonomy(data)


def ensure_taxonomy(organisation) -> None:
    """An organisation created before the taxonomy existed gets it before its first import."""
    if not ToolCategory.objects.for_organisation(organisation).exists():
        services.seed_taxonomy(organisation=organisation)
