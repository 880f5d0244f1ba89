"""Labels in the report's language: severities, horizons, levels, rules, taxonomy names."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessment.inventory_core.normalise import normalise_key
from assessment.inventory_core.taxonomy import Taxonomy
from assessment.inventory_core.taxonomy_labels import CONTEXT as TAXONOMY_CONTEXT
from assessment.report.data.formatting import clip, humanise
from assessment.results_core import (
    maturity_level,
)
from assessment.results_core.facts import ToolFact
from assessment.results_core.messages import gettext_noop

CHANNEL_ALIASES = {"paid": "paid_media"}


def severity_labels() -> dict[str, str]:
    return {
        "critical": _("Critical"),
        "high": _("High"),
        "medium": _("Medium"),
        "low": _("Low"),
        "info": _("Info"),
    }


def horizon_labels() -> dict[str, dict[str, str]]:
    return {
        "now": {"label": pgettext("horizon", "Now"), "span": _("within 90 days")},
        "next": {"label": pgettext("horizon", "Next"), "span": _("3–6 months")},
        "later": {"label": pgettext("horizon", "Later"), "span": _("6–12 months")},
    }


def level_labels() -> dict[str, str]:
    return {
        "ad_hoc": pgettext("maturity", "Ad hoc"),
        "emerging": _("Emerging"),
        "defined": _("Defined"),
        "integrated": _("Integrated"),
        "optimised": _("Optimised"),
    }


def rule_labels() -> dict[str, str]:
    return {
        "underused_tool": _("Under-used tools"),
        "overlapping_tools": _("Overlapping tools"),
        "renewal_due": _("Renewals and notice dates due"),
        "paid_inactive_tool": _("Inactive tools still paid for"),
        "vendor_driven_roadmap": _("Roadmap not owned by the organisation"),
        "customer_data_silo": _("Customer-data silos"),
        "manual_critical_integration": _("Manual hand-offs of critical data"),
        "broken_integration": _("Broken integrations"),
        "unreviewed_integrations": _("Integrations not reviewed by IT"),
        "flagged_integrations": _("Integrations flagged by IT"),
        "no_unified_profile": _("No unified customer profile"),
        "stage_without_digital_touchpoint": _("Journey stages without a digital touchpoint"),
        "no_retention_personalisation": _("No personalisation after the purchase"),
        "chatbot_without_handover": _("Chatbots without a human hand-over"),
        "weak_heavy_answers": _("Weak answers on heavily weighted questions"),
    }


def short_step_title(key: str, title: str, number: int) -> str:
    """A chart-sized name of a step: "2 · Touchpoints" (framework titles are sentences)."""
    short = {
        "current_state": _("Current state"),
        "touchpoints": _("Touchpoints"),
        "gaps": _("Gaps"),
        "stack": _("Stack"),
        "architecture": _("Architecture"),
    }.get(key) or clip(title, 22)
    return f"{number} · {short}"


def level_data(value: float | None) -> dict[str, Any] | None:
    level = maturity_level(value)
    if level is None:
        return None
    return {"key": level.key, "label": level_labels().get(level.key, level.label)}


def taxonomy_name(english: str) -> str:
    """A default taxonomy name in the report's language (context "taxonomy")."""
    return pgettext(TAXONOMY_CONTEXT, english) if english else ""


class Vocab:
    """Taxonomy lookups that tolerate the engine's shorter keys ("advertising", "paid")."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.groups = [(g.key, taxonomy_name(g.name)) for g in taxonomy.category_groups]
        self._group_names = dict(self.groups)
        self._group_index: dict[str, str] = {}
        for g in taxonomy.category_groups:
            for text in (g.key, g.name, *g.aliases):
                self._group_index.setdefault(normalise_key(text), g.key)
        self.subcategories = {sub.key: taxonomy_name(sub.name) for sub in taxonomy.subcategories}
        self.lifecycles = {
            c.key: taxonomy_name(c.name) for c in taxonomy.choices("lifecycle_decisions")
        }
        self.tool_statuses = {
            c.key: taxonomy_name(c.name) for c in taxonomy.choices("tool_statuses")
        }
        self.stages = [(c.key, taxonomy_name(c.name)) for c in taxonomy.choices("journey_stages")]
        self.channels = [(c.key, taxonomy_name(c.name), c.digital) for c in taxonomy.channels]
        self.methods = {m.key: taxonomy_name(m.name) for m in taxonomy.integration_methods}

    def group_of(self, tool: ToolFact) -> str:
        if tool.category in self._group_names:
            return tool.category
        group = self.taxonomy.group_of(tool.subcategory) if tool.subcategory else None
        if group:
            return group
        norm = normalise_key(tool.category or "")
        if norm in self._group_index:
            return self._group_index[norm]
        for key, _label in self.groups:
            if tool.category and key.startswith(tool.category + "_"):
                return key
        return ""

    def group_name(self, key: str) -> str:
        return self._group_names.get(key) or _("Uncategorised")

    def subcategory_name(self, key: str) -> str:
        return self.subcategories.get(key) or humanise(key)

    @staticmethod
    def channel(key: str) -> str:
        return CHANNEL_ALIASES.get(key, key)


STATUS_LABELS = {
    "draft": gettext_noop("Draft"),
    "in_review": gettext_noop("In review"),
    "final": gettext_noop("Final"),
}
