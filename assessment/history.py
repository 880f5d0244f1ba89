"""The assessment app's models that keep a change history (core/history, docs/history.md)."""

from core.history.registry import RESTORER, track


def register() -> None:
    from assessment import models as m

    RESTORER["path"] = "assessment.history_restore.restore_version"

    track(m.Tool, exclude=("confirmed_at",), restore_action="tool.change")
    track(
        m.Integration,
        exclude=("reviewed_at",),
        m2m=("data_objects",),
        restore_action="integration.change",
    )
    track(m.Touchpoint, m2m=("tools",), restore_action="touchpoint.change")
    track(
        m.RoadmapItem,
        # Derived on every recompute, or bookkeeping of the board, not anyone's edit.
        exclude=(
            "key",
            "generated",
            "quadrant",
            "priority",
            "position",
            "edited_fields",
            "messages",
            "savings_breakdown",
            "finding_keys",
            "dependencies",
        ),
        restore_action="roadmap.change",
    )
    track(m.Assessment, exclude=("framework_version",), m2m=("participants",))
    # Who and when is the entry's own record; the versions are optimistic locking.
    track(
        m.Answer,
        exclude=("version", "note_version", "answered_by", "answered_at", "note_by", "note_at"),
    )
    track(m.ToolCategory)
    track(m.ToolSubcategory)
    track(m.DataObject)
    track(m.FindingThresholds)
    track(m.OwnProduct)
    track(m.Assignment, exclude=("assigned_by",))
