"""Regenerating the roadmap keeps the lead's edits, order and dismissals."""

from __future__ import annotations

from decimal import Decimal

from assessment.results_core import ExistingItem, ProposedItem, merge


def proposed(key: str, priority: int = 1, **fields) -> ProposedItem:
    values = {
        "title": f"Do {key}", "description": "Because.", "step": "stack", "impact": 2,
        "effort": "low", "priority": priority, "horizon": "next", "quadrant": "quick_win",
        "finding_keys": (key,),
    }  # fmt: skip
    values.update(fields)
    return ProposedItem(key=key, **values)


def existing(item: ProposedItem, status="open", edited=(), **overrides) -> ExistingItem:
    values = {name: getattr(item, name) for name in ("title", "description", "step", "impact",
              "effort", "priority", "horizon", "quadrant", "dependencies", "savings",
              "currency", "finding_keys")}  # fmt: skip
    values.update(overrides)
    return ExistingItem(item.key, status, frozenset(edited), values)


def test_unchanged_items_are_kept():
    item = proposed("a")
    plan = merge([existing(item)], [item])
    assert (plan.create, plan.update, plan.resolve, plan.keep) == ((), (), (), ("a",))


def test_edited_fields_survive_and_unedited_fields_refresh():
    old = proposed("a", title="Old", horizon="later")
    current = existing(old, edited={"title"}, title="My own title")
    new = proposed("a", title="New title", horizon="now", savings=Decimal("10.00"))
    plan = merge([current], [new])
    (update,) = plan.update
    assert update.key == "a"
    assert "title" not in update.changes
    assert update.changes["horizon"] == "now"
    assert update.changes["savings"] == Decimal("10.00")


def test_dismissed_items_are_never_resurrected_or_changed():
    old = proposed("a")
    dismissed = existing(old, status="dismissed")
    plan = merge([dismissed], [proposed("a", title="Changed")])
    assert plan.keep == ("a",) and not plan.update and not plan.create
    gone = merge([dismissed], [])
    assert gone.keep == ("a",) and not gone.resolve


def test_new_findings_add_items_after_existing_ones_by_priority():
    a = proposed("a", priority=3)
    plan = merge([existing(a)], [proposed("c", priority=2), a, proposed("b", priority=1)])
    assert [p.key for p in plan.create] == ["b", "c"]
    assert plan.order == ("a", "b", "c")


def test_items_whose_finding_disappeared_are_resolved():
    a, b = proposed("a"), proposed("b")
    accepted = existing(b, status="accepted")
    manual = ExistingItem("mine", generated=False)
    already = existing(proposed("old"), status="resolved")
    plan = merge([existing(a), accepted, manual, already], [])
    assert plan.resolve == ("a", "b")
    assert set(plan.keep) == {"mine", "old"}


def test_user_order_is_kept():
    items = [proposed(k, priority=i) for i, k in enumerate("abc", start=1)]
    current = [existing(items[2]), existing(items[0]), existing(items[1])]
    plan = merge(current, [*items, proposed("d", priority=0)])
    assert plan.order == ("c", "a", "b", "d")


def test_a_resolved_item_whose_finding_returns_is_reopened_unless_the_user_resolved_it():
    item = proposed("a")
    by_engine = existing(item, status="resolved")
    (update,) = merge([by_engine], [item]).update
    assert update.changes == {"status": "open"}
    by_user = existing(item, status="resolved", edited={"status"})
    assert merge([by_user], [item]).keep == ("a",)


def test_stored_values_compare_loosely():
    item = proposed("a", dependencies=("x", "y"), savings=Decimal("12.50"))
    stored = existing(item, dependencies=["x", "y"], savings="12.50")
    assert merge([stored], [item]).keep == ("a",)
