"""The permission layer: role grants, owner-only areas, tenancy and object rules."""

import pytest

from core import permissions
from core.models import Membership, Role
from core.permissions import can, role_allows, roles_allowed


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("tool.view", ["owner", "editor", "reviewer", "viewer"]),
        ("tool.change", ["owner", "editor"]),
        ("integration.change", ["owner", "editor", "reviewer"]),
        ("integration.review", ["owner", "reviewer"]),
        ("answer.change_architecture", ["owner", "editor", "reviewer"]),
        ("answer.change", ["owner", "editor"]),
        ("answer.note", ["owner", "editor", "reviewer"]),
        ("report.export", ["owner", "editor", "reviewer", "viewer"]),
        ("roadmap.change", ["owner", "editor"]),
        ("member.view", ["owner", "editor", "reviewer", "viewer"]),
        ("member.change", ["owner"]),
        ("invitation.add", ["owner"]),
        ("organisation.change", ["owner"]),
        ("assessment.add", ["owner", "editor"]),
        ("sitescan.add", ["owner", "editor"]),
        ("sitescan.view", ["owner", "editor", "reviewer", "viewer"]),
        ("discoveredtool.change", ["owner", "editor"]),
        ("discoveredtool.view", ["owner", "editor", "reviewer", "viewer"]),
    ],
)
def test_roles_allowed(action, expected):
    assert roles_allowed(action) == expected


def test_unknown_role_is_refused():
    assert not role_allows("superhero", "tool.view")


def test_no_membership_is_refused():
    assert not can(None, "tool.view")


class _Obj:
    def __init__(self, organisation_id, locked=False):
        self.organisation_id = organisation_id
        self.locked = locked


def test_object_of_another_organisation_is_refused():
    membership = Membership(role=Role.OWNER, organisation_id=1)
    assert can(membership, "thing.change", _Obj(1))
    assert not can(membership, "thing.change", _Obj(2))


def test_object_rules_apply_to_matching_actions(monkeypatch):
    monkeypatch.setattr(permissions, "_object_rules", {})

    @permissions.register_object_rule("tool.change")
    def not_locked(membership, obj):
        return not obj.locked

    membership = Membership(role=Role.EDITOR, organisation_id=1)
    assert can(membership, "tool.change", _Obj(1))
    assert not can(membership, "tool.change", _Obj(1, locked=True))
    assert can(membership, "tool.view", _Obj(1, locked=True))
