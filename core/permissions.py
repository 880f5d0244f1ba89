"""The one permission layer: may this member do this action (on this object)?

Actions are strings "<resource>.<verb>" (e.g. "tool.change", "integration.review").
Roles grant patterns; object rules add conditions that depend on the object itself
(a final assessment is read-only for everyone, say). Views, API views and templates
all ask `can()`; nothing else decides access.

Tenancy is not a permission: objects of another organisation are never loaded in the
first place (querysets are scoped), so they are a 404, not a 403.
"""

from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from core.models import Membership, Role

VIEW = "view"

# What each role may do. Patterns use shell wildcards over "<resource>.<verb>".
ROLE_GRANTS: dict[str, tuple[str, ...]] = {
    Role.OWNER: ("*",),
    Role.EDITOR: (
        "*.view",
        "report.export",
        "assessment.*",
        "answer.*",
        "tool.*",
        "integration.add",
        "integration.change",
        "integration.delete",
        "touchpoint.*",
        "taxonomy.*",
        # The editable taxonomy models (docs/inventories.md): owner/editor, like taxonomy.*.
        "toolcategory.*",
        "toolsubcategory.*",
        "dataobject.*",
        "ownproduct.*",  # the organisation's own catalogue entries (docs/discovery.md)
        # Discovery (issue 18): website scans and the tools they found (docs/discovery.md).
        "sitescan.*",
        "discoveredtool.*",
        "roadmap.*",
        "finding.*",
        "apitoken.*",
        # Who answers which step or question, by when (issue 16; docs/questionnaire.md).
        "assignment.*",
        # Conversations (issue 15; docs/history.md): every member talks, resolves and
        # reopens; editing and deleting a comment is its author's (object rules).
        "comment.*",
        "thread.*",
    ),
    Role.REVIEWER: (
        "*.view",
        "report.export",
        "integration.*",
        "answer.note",
        "answer.change_architecture",
        "apitoken.*",
        "comment.*",
        "thread.*",
    ),
    Role.VIEWER: ("*.view", "report.export", "apitoken.*", "comment.*", "thread.*"),
}

# Owner-only areas, even where a broad pattern would match.
OWNER_ONLY = (
    "member.add",
    "member.change",
    "member.delete",
    "invitation.*",
    "organisation.change",
    "framework.add",
    # Archiving hides an assessment from everyone's lists and home page: an owner's tidy-up.
    "assessment.archive",
    # Pinning chooses what every member's home page and Roadmap open.
    "assessment.pin",
)

ObjectRule = Callable[[Membership, Any], bool]
_object_rules: dict[str, list[ObjectRule]] = {}


def register_object_rule(action_pattern: str) -> Callable[[ObjectRule], ObjectRule]:
    """Decorator: add a condition that must also hold when an object is given."""

    def decorator(rule: ObjectRule) -> ObjectRule:
        _object_rules.setdefault(action_pattern, []).append(rule)
        return rule

    return decorator


@register_object_rule("tool.confirm")
def _tool_owner_confirms(membership: Membership, tool: Any) -> bool:
    """A tool's record is confirmed by its owner member, or by an owner of the organisation
    (owners and editors hold "tool.confirm" through "tool.*"; docs/inventories.md)."""
    if membership.role == Role.OWNER:
        return True
    owned_by_id = getattr(tool, "owned_by_id", None)
    return owned_by_id is not None and owned_by_id == membership.user_id


def role_allows(role: str, action: str) -> bool:
    if role != Role.OWNER and any(fnmatchcase(action, p) for p in OWNER_ONLY):
        return False
    return any(fnmatchcase(action, pattern) for pattern in ROLE_GRANTS.get(role, ()))


def can(membership: Membership | None, action: str, obj: Any = None) -> bool:
    """True when the member's role grants the action and every object rule agrees."""
    if membership is None or not role_allows(membership.role, action):
        return False
    if obj is None:
        return True
    organisation_id = getattr(obj, "organisation_id", None)
    if organisation_id is not None and organisation_id != membership.organisation_id:
        return False
    for pattern, rules in _object_rules.items():
        if fnmatchcase(action, pattern) and not all(rule(membership, obj) for rule in rules):
            return False
    return True


def roles_allowed(action: str) -> list[str]:
    """Which roles may do an action (without object rules): for docs, UI hints and tests."""
    return [role for role in Role.values if role_allows(role, action)]
