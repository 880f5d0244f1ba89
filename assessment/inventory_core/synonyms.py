"""Words spreadsheets use for an option that are too loose to accept as they are, but good
enough to suggest: "Under Review" as a tool's status probably means *trial*, "Sunsetting"
an integration is probably *deprecated*. A suggestion is only pre-selected in the preview;
the person importing confirms it (exact aliases live in assessment/data/taxonomy.yaml).

Keys are taxonomy list names; each maps an option key to phrases. A cell suggests the
option when, normalised, it is one of the phrases, or contains a phrase of two words or
more as whole words ("Under review (Q3)"); when two options' phrases fit equally well,
nothing is suggested.
"""

from __future__ import annotations

from functools import cache

from assessment.inventory_core.normalise import normalise_key

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "tool_statuses": {
        "active": (
            "current",
            "enabled",
            "running",
            "operational",
            "deployed",
            "in production",
            "renewed",
            "licensed",
        ),
        "trial": (
            "under review",
            "in review",
            "being reviewed",
            "evaluating",
            "being evaluated",
            "under evaluation",
            "trialling",
            "trialing",
            "free trial",
            "in trial",
            "piloting",
            "pilot phase",
            "beta",
            "onboarding",
            "proof of value",
        ),
        "inactive": (
            "on hold",
            "suspended",
            "disabled",
            "deactivated",
            "not in use",
            "idle",
            "shelfware",
            "frozen",
            "unlicensed",
        ),
        "retired": (
            "sunsetting",
            "sunsetted",
            "ended",
            "expired",
            "terminated",
            "discontinued",
            "offboarded",
            "removed",
            "deleted",
            "archived",
            "end of life",
            "eol",
            "not renewed",
            "cancel",
            "replaced",
            "decommission",
        ),
    },
    "lifecycle_decisions": {
        "tolerate": ("hold", "as is", "keep as is", "status quo", "no change", "leave"),
        "invest": ("scale", "scale up", "strategic", "double down", "adopt", "extend"),
        "migrate": (
            "consolidate",
            "switch",
            "transition",
            "move to",
            "replace with",
            "merge",
        ),
        "eliminate": (
            "decommission",
            "cancel",
            "drop",
            "phase out",
            "deprecate",
            "get rid of",
            "do not renew",
            "not renewing",
        ),
        "evaluating": (
            "review",
            "in review",
            "to be decided",
            "to decide",
            "pending",
            "assess",
            "assessing",
            "investigate",
            "open question",
            "tbc",
        ),
    },
    "integration_statuses": {
        "live": ("running", "enabled", "connected", "operational", "up", "in use", "deployed"),
        "planned": (
            "proposed",
            "pending",
            "requested",
            "building",
            "in development",
            "wip",
            "scoping",
            "design",
            "not started",
        ),
        "broken": (
            "erroring",
            "errors",
            "outage",
            "stopped",
            "issue",
            "issues",
            "bug",
            "degraded",
            "flaky",
            "intermittent",
            "partially working",
        ),
        "deprecated": (
            "sunset",
            "sunsetting",
            "removed",
            "turned off",
            "switched off",
            "inactive",
            "unused",
            "obsolete",
            "end of life",
            "eol",
            "to be removed",
            "paused",
        ),
    },
    "review_states": {
        "unreviewed": ("to check", "unchecked", "not checked", "open", "todo", "to do"),
        "verified": ("signed off", "ok by it", "confirmed", "validated", "reviewed"),
        "flagged": ("needs fix", "broken", "wrong", "concern", "follow up", "query"),
    },
    "criticalities": {
        "high": ("p1", "blocker", "important", "very high", "must have", "tier 1"),
        "medium": ("p2", "average", "should have", "tier 2"),
        "low": ("p3", "p4", "very low", "could have", "tier 3", "optional"),
    },
}


@cache
def synonyms_for(list_name: str) -> dict[str, str]:
    """Normalised phrase → option key for one taxonomy list (empty when it has none)."""
    return {
        normalise_key(phrase): key
        for key, phrases in SYNONYMS.get(list_name, {}).items()
        for phrase in phrases
    }
