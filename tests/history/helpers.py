"""Building history rows for the reading tests (core/history: selectors, display, pages)."""

from django.contrib.contenttypes.models import ContentType

from core.models import HistoryEntry


def entry(organisation, obj=None, *, model=None, action=1, changes=None, actor=None, **extra):
    """A history row of `organisation` about `obj` (or a row of `model` that is gone)."""
    model = model or type(obj)
    pk = obj.pk if obj is not None else extra.pop("object_id", 999999)
    name = extra.pop("object_repr", str(obj) if obj is not None else "gone")
    return HistoryEntry.objects.create(
        organisation=organisation,
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(pk),
        object_id=pk,
        object_repr=name,
        action=action,
        changes=changes if changes is not None else {},
        actor=actor,
        **extra,
    )


def import_group(organisation, actor=None, **counts):
    data = {"kind": "import", "file": "tools.csv", "model": "assessment.tool"}
    data.update({"created": 0, "updated": 0, "deleted": 0, "unchanged": 0, **counts})
    from assessment.models import Tool

    return HistoryEntry.objects.create(
        organisation=organisation,
        content_type=ContentType.objects.get_for_model(Tool),
        object_pk="",
        object_id=None,
        object_repr="tools.csv",
        action=HistoryEntry.Action.CREATE,
        changes={},
        actor=actor,
        source="import",
        additional_data=data,
    )
