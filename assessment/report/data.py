"""Everything the roadmap report prints, as one plain, JSON-serialisable dict.

``build_report_data`` is pure: engine facts and results in, a dict of str/int/float/bool/
None/list/dict out (money as decimal strings, dates as ISO strings, every label already
resolved in the requested language). A finalised assessment stores the dict as a snapshot;
rendering the snapshot again always gives the same PDF (``render.py`` reads nothing else).

No ORM and no request: the Django layer maps its models to the small dataclasses below
(``ReportMeta``, ``RoadmapRow``, ``AnswerMeta``) and to the engine's ``AssessmentInput``.
UI strings go through Django's gettext under ``translation.override(language)``; framework
texts through ``Text.get(language)`` (English fallback).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from assessment.engine import (
    AssessmentInput,
    EngineResult,
    Finding,
    ProposedItem,
    display,
    maturity_level,
)
from assessment.engine.facts import DIGITAL_CHANNELS, RETENTION_STAGES, ToolFact
from assessment.engine.findings import SEVERITIES
from assessment.engine.messages import gettext_noop
from assessment.engine.roadmap import HORIZONS
from assessment.framework import Question
from assessment.framework import schema as s
from assessment.inventory_core.normalise import normalise_key
from assessment.inventory_core.taxonomy import Taxonomy, load_taxonomy
from assessment.inventory_core.taxonomy_labels import CONTEXT as TAXONOMY_CONTEXT
from assessment.results.messages import item_text, render

DATA_VERSION = 1
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

#: The body's stack table lists at most this many tools (the most expensive active ones);
#: the rest are summarised per category, and listed in the optional full inventory.
STACK_TABLE_ROWS = 40
#: The stack map draws at most this many tiles (active tools, most expensive first).
STACK_MAP_TOOLS = 36
#: The integration map draws at most this many tools (the most connected ones).
INTEGRATION_MAP_TOOLS = 60
#: Per step: findings printed in full, then as one line each; the rest are counted per rule.
DETAILED_FINDINGS = 5
LISTED_FINDINGS = 12
#: Evidence labels printed per finding (then "+N more").
EVIDENCE_LABELS = 8
TOP_PRIORITIES = 5
#: Long texts are clipped in the body (a finding's detail may list hundreds of tools).
DETAIL_CHARS = 420
LEAD_CHARS = 220

# Channel keys that mean the same thing in the engine's facts and the taxonomy.
CHANNEL_ALIASES = {"paid": "paid_media"}
HORIZON_RANK = {h: i for i, h in enumerate(HORIZONS)}
ROADMAP_STATUSES = ("open", "accepted", "dismissed", "resolved")


# -- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReportMeta:
    organisation: str
    title: str
    period: str = ""
    status: str = ""
    framework_title: str = ""
    framework_version: str | int = ""
    generated_on: dt.date


@dataclass(frozen=True, kw_only=True)
class RoadmapRow:
    """A persisted roadmap item after the lead's edits (dismissed ones are not printed)."""

    key: str
    title: str
    description: str = ""
    step: str = ""
    impact: int = 2  # 1 low, 2 medium, 3 high
    effort: str = "medium"  # low / medium / high
    priority: int = 0
    horizon: str = "next"  # now / next / later
    status: str = "open"  # open / accepted / dismissed / resolved
    owner: str = ""
    due_date: dt.date | None = None
    savings: Decimal | None = None
    currency: str | None = None
    finding_keys: tuple[str, ...] = ()
    messages: Mapping[str, Any] = field(default_factory=dict)  # the generated texts
    edited_fields: tuple[str, ...] = ()

    def text(self, name: str, language: str) -> str:
        """Title or description in ``language`` (a person's edit as typed)."""
        values = {"messages": self.messages, "edited_fields": self.edited_fields}
        return item_text({**values, name: getattr(self, name)}, name, language)


@dataclass(frozen=True, kw_only=True)
class AnswerMeta:
    note: str = ""
    answered_by: str = ""
    answered_at: dt.date | dt.datetime | None = None


HORIZON_DAYS = {"now": 90, "next": 180, "later": 365}


def roadmap_rows_from_proposals(
    items: Iterable[ProposedItem], *, today: dt.date | None = None, owner: str = ""
) -> list[RoadmapRow]:
    """Proposed items as unedited, open rows (for tests, benchmarks and previews). With
    ``today``, each row gets the end of its horizon as due date."""
    return [
        RoadmapRow(
            key=item.key,
            title=item.title,
            description=item.description,
            step=item.step,
            impact=item.impact,
            effort=item.effort,
            priority=item.priority,
            horizon=item.horizon,
            owner=owner,
            due_date=today + dt.timedelta(days=HORIZON_DAYS.get(item.horizon, 365))
            if today
            else None,
            savings=item.savings,
            currency=item.currency,
            finding_keys=tuple(item.finding_keys),
            messages=item.messages,
        )
        for item in items
    ]


# -- formatting ---------------------------------------------------------------------------


def iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    return value.isoformat()


def money_text(amount: Decimal | None, currency: str | None) -> str:
    """Whole units with thousands separators: "12,345 EUR" ("" when unknown)."""
    if amount is None:
        return ""
    whole = Decimal(amount).quantize(Decimal(1), ROUND_HALF_UP)
    return f"{whole:,} {currency or ''}".strip()


def money(amount: Decimal | None, currency: str | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {
        "amount": str(Decimal(amount)),
        "currency": currency or "",
        "text": money_text(amount, currency),
    }


def shown(value: float | None) -> int | None:
    return display(value)  # type: ignore[return-value]


def percent(ratio: float | None) -> int | None:
    return None if ratio is None else display(ratio * 100)  # type: ignore[return-value]


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def lead(text: str, limit: int) -> str:
    """The first line (paragraph) of a description, clipped."""
    first = next((line for line in str(text or "").splitlines() if line.strip()), "")
    return clip(first, limit)


def humanise(slug: str) -> str:
    return slug.replace("_", " ").strip().capitalize() if slug else ""


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


# -- vocabularies -------------------------------------------------------------------------


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


def _level(value: float | None) -> dict[str, Any] | None:
    level = maturity_level(value)
    if level is None:
        return None
    return {"key": level.key, "label": level_labels().get(level.key, level.label)}


def _name(english: str) -> str:
    """A default taxonomy name in the report's language (context "taxonomy")."""
    return pgettext(TAXONOMY_CONTEXT, english) if english else ""


class _Vocab:
    """Taxonomy lookups that tolerate the engine's shorter keys ("advertising", "paid")."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.groups = [(g.key, _name(g.name)) for g in taxonomy.category_groups]
        self._group_names = dict(self.groups)
        self._group_index: dict[str, str] = {}
        for g in taxonomy.category_groups:
            for text in (g.key, g.name, *g.aliases):
                self._group_index.setdefault(normalise_key(text), g.key)
        self.subcategories = {sub.key: _name(sub.name) for sub in taxonomy.subcategories}
        self.lifecycles = {c.key: _name(c.name) for c in taxonomy.choices("lifecycle_decisions")}
        self.tool_statuses = {c.key: _name(c.name) for c in taxonomy.choices("tool_statuses")}
        self.stages = [(c.key, _name(c.name)) for c in taxonomy.choices("journey_stages")]
        self.channels = [(c.key, _name(c.name), c.digital) for c in taxonomy.channels]
        self.methods = {m.key: _name(m.name) for m in taxonomy.integration_methods}

    def group_of(self, tool: ToolFact) -> str:
        if tool.category in self._group_names:
            return tool.category
        group = self.taxonomy.group_of(tool.subcategory) if tool.subcategory else None
        if group:
            return group
        norm = normalise_key(tool.category or "")
        if norm in self._group_index:
            return self._group_index[norm]
        for key, _name in self.groups:
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


# -- sections -----------------------------------------------------------------------------


def _context_lines(data: AssessmentInput, result: EngineResult, overall: int | None) -> list:
    """The taxonomy's reference figures (docs: shared/product/taxonomy.md), each beside the
    organisation's own figure."""
    seat = result.scores.metrics.get("seat_utilisation")
    seat_value = shown(seat.value) if seat is not None else None
    horizon = data.today + dt.timedelta(days=90)
    due = 0
    for tool in data.tools:
        if tool.status == "retired":
            continue
        dates = [d for d in (tool.renewal_date, tool.last_day_to_cancel) if d is not None]
        if any(data.today <= d <= horizon for d in dates):
            due += 1
    retention = [
        t for t in data.touchpoints if t.stage in RETENTION_STAGES and t.channel in DIGITAL_CHANNELS
    ]
    personalised = sum(1 for t in retention if t.is_personalised)
    lines = [
        {
            "figure": _(
                # xgettext:no-python-format
                "Marketers used 33% of their martech stack's capability in 2023, down from "
                "42% in 2022 and 58% in 2020."
            ),
            "ours": (
                _("Your seat utilisation across active tools: %(value)s%%.") % {"value": seat_value}
                if seat_value is not None
                else _("Your seat utilisation is unknown (no seat counts recorded).")
            ),
            "source": _("Gartner Marketing Technology Survey, 2023"),
        },
        {
            "figure": _("SaaS-management vendors advise reviewing usage 90 days before a renewal."),
            "ours": ngettext(
                "%(count)s tool renews or reaches its last day to cancel within 90 days.",
                "%(count)s tools renew or reach their last day to cancel within 90 days.",
                due,
            )
            % {"count": due},
            "source": _("SaaS-management vendor guidance"),
        },
        {
            "figure": _(
                # xgettext:no-python-format
                "Roughly 90% of a customer's lifetime value comes after the first purchase."
            ),
            "ours": ngettext(
                "You have %(count)s digital touchpoint in service and advocacy; "
                "%(personalised)s of them are personalised.",
                "You have %(count)s digital touchpoints in service and advocacy; "
                "%(personalised)s of them are personalised.",
                len(retention),
            )
            % {"count": len(retention), "personalised": personalised},
            "source": _("Seed article 003: how to build a customer-journey orchestration strategy"),
        },
        {
            # xgettext:no-python-format
            "figure": _("B2B firms score under 50% on digital CX indices, against 65–85% for B2C."),
            "ours": (
                _("Your overall index: %(value)s of 100.") % {"value": overall}
                if overall is not None
                else _("Your overall index is not available yet.")
            ),
            "source": _(
                "Seed article 002: how to build, manage and measure customer journeys effectively"
            ),
        },
    ]
    return lines


class _Labels:
    """Readable labels for evidence ids: tool names, "Source → Target", question texts."""

    def __init__(self, data: AssessmentInput, language: str):
        self.language = language
        self.tools = {t.id: t.name for t in data.tools}
        self.integrations = {i.id: (i.source_id, i.target_id) for i in data.integrations}
        self.touchpoints = {t.id: t.name for t in data.touchpoints}
        self.framework = data.framework

    def tool(self, tool_id: int) -> str:
        return self.tools.get(tool_id) or _("tool #%(id)s") % {"id": tool_id}

    def evidence(self, finding: Finding) -> list[dict[str, str]]:
        ev = finding.evidence
        out: list[dict[str, str]] = []
        for key in ev.answer_keys:
            try:
                text = self.framework.question(key).text.get(self.language)
            except KeyError:
                text = key
            out.append({"kind": "answer", "label": text})
        for integration_id in ev.integration_ids:
            pair = self.integrations.get(integration_id)
            label = (
                f"{self.tool(pair[0])} → {self.tool(pair[1])}"
                if pair
                else _("integration #%(id)s") % {"id": integration_id}
            )
            out.append({"kind": "integration", "label": label})
        for touchpoint_id in ev.touchpoint_ids:
            name = self.touchpoints.get(touchpoint_id) or f"#{touchpoint_id}"
            out.append({"kind": "touchpoint", "label": name})
        if not ev.integration_ids:  # integrations already name their tools
            out.extend({"kind": "tool", "label": self.tool(t)} for t in ev.tool_ids)
        return out


def _finding(finding: Finding, labels: _Labels, severities: dict[str, str]) -> dict[str, Any]:
    evidence = labels.evidence(finding)
    return {
        "key": finding.key,
        "rule": finding.rule,
        "severity": finding.severity,
        "severity_label": severities.get(finding.severity, finding.severity),
        "title": render(finding.title, labels.language),
        "detail": clip(render(finding.detail, labels.language), DETAIL_CHARS),
        "recommendation": render(finding.recommendation, labels.language),
        "evidence": evidence[:EVIDENCE_LABELS],
        "evidence_more": max(0, len(evidence) - EVIDENCE_LABELS),
        "savings": money(finding.savings, finding.currency),
    }


def _pick_detailed(findings: Sequence[Finding]) -> list[Finding]:
    """The findings printed in full: one per rule first (in severity order), then the next
    most severe, so one noisy rule does not crowd out the others."""
    chosen: list[Finding] = []
    rules: set[str] = set()
    for f in findings:
        if f.rule not in rules and len(chosen) < DETAILED_FINDINGS:
            chosen.append(f)
            rules.add(f.rule)
    for f in findings:
        if len(chosen) >= DETAILED_FINDINGS:
            break
        if f not in chosen:
            chosen.append(f)
    order = {id(f): i for i, f in enumerate(findings)}
    return sorted(chosen, key=lambda f: order[id(f)])


def _steps(data: AssessmentInput, result: EngineResult, language: str) -> list[dict[str, Any]]:
    labels = _Labels(data, language)
    severities = severity_labels()
    rules = rule_labels()
    by_step: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_step[f.step].append(f)
    out = []
    for step in data.framework.steps:
        score = result.scores.step(step.key)
        findings = by_step.get(step.key, [])
        detailed = _pick_detailed(findings)
        detailed_ids = {id(f) for f in detailed}
        rest = [f for f in findings if id(f) not in detailed_ids]
        listed, counted = rest[:LISTED_FINDINGS], rest[LISTED_FINDINGS:]
        per_rule = Counter(f.rule for f in counted)
        worst: dict[str, str] = {}
        for f in counted:
            worst.setdefault(f.rule, f.severity)
        out.append(
            {
                "key": step.key,
                "title": step.title.get(language),
                **_step_numbers(score),
                "severity_counts": [
                    {"severity": sev, "label": severities[sev], "count": n}
                    for sev in SEVERITIES
                    if (n := sum(1 for f in findings if f.severity == sev))
                ],
                "findings_total": len(findings),
                "findings": [_finding(f, labels, severities) for f in detailed],
                "more_findings": [
                    {
                        "severity": f.severity,
                        "severity_label": severities.get(f.severity, f.severity),
                        "title": render(f.title, language),
                    }
                    for f in listed
                ],
                "other_findings": [
                    {
                        "rule": rule,
                        "label": rules.get(rule, humanise(rule)),
                        "count": n,
                        "severity": worst[rule],
                        "severity_label": severities.get(worst[rule], worst[rule]),
                    }
                    for rule, n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
            }
        )
    return out


def _step_numbers(score) -> dict[str, Any]:
    ratio = score.completeness.ratio
    gap = score.gap
    return {
        "score": score.score,
        "score_text": str(shown(score.score)) if score.score is not None else "–",
        "target": score.target,
        "target_text": str(shown(score.target)) if score.target is not None else "–",
        "gap": gap,
        "gap_text": (f"{shown(gap):+d}" if gap is not None else "–"),
        "below_target": bool(gap is not None and shown(gap) > 0),
        "completeness": percent(ratio),
        "answered": score.completeness.done,
        "counted": score.completeness.counted,
        "level": _level(score.score),
    }


def _touchpoints(data: AssessmentInput, vocab: _Vocab) -> dict[str, Any]:
    known = {key for key, _n, _d in vocab.channels}
    items = []
    for t in sorted(data.touchpoints, key=lambda t: (t.name.casefold(), t.id)):
        channel = vocab.channel(t.channel)
        items.append(
            {
                "id": t.id,
                "name": t.name,
                "stage": t.stage,
                "channel": channel if channel in known else "other",
                "personalisation": t.personalisation,
                "ease": t.ease,
            }
        )
    return {
        "stages": [{"key": k, "name": n} for k, n in vocab.stages],
        "channels": [{"key": k, "name": n, "digital": d} for k, n, d in vocab.channels],
        "items": items,
        "count": len(items),
        "digital_count": sum(1 for t in data.touchpoints if t.is_digital),
        "personalised_count": sum(1 for t in data.touchpoints if t.is_personalised),
    }


def _tool_row(
    tool: ToolFact, vocab: _Vocab, today: dt.date, underused: float = 0.30
) -> dict[str, Any]:
    util = tool.utilisation
    cancel = tool.last_day_to_cancel
    return {
        "id": tool.id,
        "name": tool.name,
        "group": vocab.group_of(tool),
        "category": vocab.group_name(vocab.group_of(tool)),
        "subcategory": vocab.subcategory_name(tool.subcategory),
        "owner": tool.owner,
        "status": tool.status,
        "status_label": vocab.tool_statuses.get(tool.status, humanise(tool.status)),
        "cost": money(tool.annual_cost, tool.currency),
        "seats": tool.licensed_seats,
        "active_users": tool.active_users_30d,
        "utilisation": percent(util),
        "over_capacity": bool(util is not None and util > 1),
        "under_used": bool(util is not None and util < underused),  # the org's threshold
        "renewal_date": iso(tool.renewal_date),
        "last_day_to_cancel": iso(cancel),
        "cancel_soon": bool(cancel is not None and today <= cancel <= today + dt.timedelta(90)),
        "lifecycle": tool.lifecycle,
        "lifecycle_label": vocab.lifecycles.get(tool.lifecycle or "", "") if tool.lifecycle else "",
    }


def _cost_key(tool: ToolFact) -> tuple:
    return (-(tool.annual_cost or Decimal(-1)), tool.name.casefold(), tool.id)


def _stack(data: AssessmentInput, vocab: _Vocab) -> dict[str, Any]:
    underused = data.thresholds.underused_utilisation
    active = sorted((t for t in data.tools if t.is_active), key=_cost_key)
    body = active[:STACK_TABLE_ROWS]
    groups: dict[str, list[ToolFact]] = defaultdict(list)
    for t in active:
        groups[vocab.group_of(t)].append(t)
    summary = []
    for key in [k for k, _n in vocab.groups] + [""]:
        members = groups.get(key)
        if not members:
            continue
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for t in members:
            if t.annual_cost is not None:
                totals[t.currency] += t.annual_cost
        utils = [u for t in members if (u := t.utilisation) is not None]
        summary.append(
            {
                "group": key,
                "category": vocab.group_name(key),
                "count": len(members),
                "cost": [money(v, c) for c, v in sorted(totals.items())],
                "cost_text": " + ".join(money_text(v, c) for c, v in sorted(totals.items())),
                "mean_utilisation": percent(sum(utils) / len(utils)) if utils else None,
                "over_capacity": sum(1 for u in utils if u > 1),
            }
        )
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for t in active:
        if t.annual_cost is not None:
            totals[t.currency] += t.annual_cost
    every = sorted(data.tools, key=lambda t: (vocab.group_of(t), t.name.casefold(), t.id))
    return {
        "rows": [_tool_row(t, vocab, data.today, underused) for t in body],
        "active_count": len(active),
        "tool_count": len(data.tools),
        "more_count": len(active) - len(body),
        "row_limit": STACK_TABLE_ROWS,
        "categories": summary,
        "total_cost": [money(v, c) for c, v in sorted(totals.items())],
        "total_cost_text": " + ".join(money_text(v, c) for c, v in sorted(totals.items())),
        "inventory": [_tool_row(t, vocab, data.today, underused) for t in every],
    }


def _maps(data: AssessmentInput, vocab: _Vocab) -> dict[str, Any]:
    active = sorted((t for t in data.tools if t.is_active), key=_cost_key)
    tiles = active[:STACK_MAP_TOOLS]
    stack_nodes = [
        {
            "id": t.id,
            "name": t.name,
            "group": vocab.group_of(t),
            "lifecycle": t.lifecycle,
            "utilisation": t.utilisation,
            "subtitle": "",
        }
        for t in sorted(tiles, key=lambda t: t.id)
    ]
    # Integration map: the most connected tools (not retired), and the integrations among them.
    usable = {t.id: t for t in data.tools if t.status != "retired"}
    degree: Counter[int] = Counter()
    for i in data.integrations:
        if i.status != "deprecated" and i.source_id in usable and i.target_id in usable:
            degree[i.source_id] += 1
            degree[i.target_id] += 1
    ranked = sorted(usable.values(), key=lambda t: (-degree[t.id], t.name.casefold(), t.id))
    ranked = [t for t in ranked if degree[t.id] or t.is_active]
    chosen = {t.id for t in ranked[:INTEGRATION_MAP_TOOLS]}
    edges = [
        {
            "id": i.id,
            "source": i.source_id,
            "target": i.target_id,
            "status": i.status,
            "method": i.method,
            "direction": i.direction,
        }
        for i in sorted(data.integrations, key=lambda i: i.id)
        if i.source_id in chosen and i.target_id in chosen and i.status != "deprecated"
    ]
    map_nodes = [
        {
            "id": t.id,
            "name": t.name,
            "group": vocab.group_of(t),
            "lifecycle": t.lifecycle,
            "utilisation": t.utilisation,
            "subtitle": "",
        }
        for t in sorted((usable[i] for i in chosen), key=lambda t: t.id)
    ]
    shown_integrations = sum(1 for i in data.integrations if i.status != "deprecated")
    return {
        "groups": [{"key": k, "name": n} for k, n in vocab.groups],
        "methods": dict(sorted(vocab.methods.items())),
        "stack_map": {
            "underused": data.thresholds.underused_utilisation,
            "tools": stack_nodes,
            "shown": len(stack_nodes),
            "active_count": len(active),
        },
        "integration_map": {
            "tools": map_nodes,
            "edges": edges,
            "shown_tools": len(map_nodes),
            "tool_count": len(usable),
            "shown_edges": len(edges),
            "edge_count": shown_integrations,
        },
    }


def _savings_totals(rows: Sequence[RoadmapRow], result: EngineResult) -> dict[str, Decimal]:
    """Savings per currency over the printed roadmap, each tool counted once: an item whose
    savings still equal its findings' estimate contributes per tool (largest saving per
    tool); an item the lead re-estimated contributes its own figure."""
    findings = {f.key: f for f in result.findings}
    best: dict[tuple[int, str], Decimal] = {}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row.savings is None:
            continue
        per_tool: dict[int, Any] = {}
        for key in row.finding_keys:
            for saving in getattr(findings.get(key), "savings_breakdown", ()):
                current = per_tool.get(saving.tool_id)
                if current is None or saving.amount > current.amount:
                    per_tool[saving.tool_id] = saving
        estimate = sum((s.amount for s in per_tool.values()), Decimal(0))
        currencies = {s.currency for s in per_tool.values()}
        if per_tool and estimate == row.savings and currencies == {row.currency}:
            for saving in per_tool.values():
                slot = (saving.tool_id, saving.currency)
                best[slot] = max(best.get(slot, Decimal(0)), saving.amount)
        else:
            totals[row.currency or ""] += row.savings
    for (_tool, currency), amount in best.items():
        totals[currency] += amount
    return dict(sorted(totals.items()))


def _roadmap(
    rows: Sequence[RoadmapRow], steps: Mapping[str, str], result: EngineResult, language: str
) -> dict[str, Any]:
    horizons = horizon_labels()
    statuses = {
        "open": _("Open"),
        "accepted": _("Accepted"),
        "dismissed": _("Dismissed"),
        "resolved": _("Resolved"),
    }
    levels = {
        1: pgettext("impact", "Low"),
        2: pgettext("impact", "Medium"),
        3: pgettext("impact", "High"),
    }
    efforts = {
        "low": pgettext("effort", "Low"),
        "medium": pgettext("effort", "Medium"),
        "high": pgettext("effort", "High"),
    }
    kept = [r for r in rows if r.status != "dismissed"]
    kept.sort(key=lambda r: (HORIZON_RANK.get(r.horizon, 9), r.priority, r.key))
    items = []
    for number, r in enumerate(kept, start=1):
        description = r.text("description", language)
        items.append(
            {
                "number": number,
                "key": r.key,
                "title": r.text("title", language),
                "description": description,
                "lead": lead(description, LEAD_CHARS),
                "step": r.step,
                "step_title": steps.get(r.step, ""),
                "impact": r.impact,
                "impact_label": levels.get(r.impact, str(r.impact)),
                "effort": r.effort,
                "effort_label": efforts.get(r.effort, humanise(r.effort)),
                "priority": r.priority,
                "horizon": r.horizon,
                "horizon_label": horizons.get(r.horizon, {}).get("label", humanise(r.horizon)),
                "status": r.status,
                "status_label": statuses.get(r.status, humanise(r.status)),
                "owner": r.owner,
                "due_date": iso(r.due_date),
                "savings": money(r.savings, r.currency),
                "finding_count": len(r.finding_keys),
            }
        )
    timeline = [
        {
            "key": h,
            "label": horizons[h]["label"],
            "span": horizons[h]["span"],
            "items": [i for i in items if i["horizon"] == h],
        }
        for h in HORIZONS
    ]
    others = [i for i in items if i["horizon"] not in HORIZONS]
    if others:
        timeline.append({"key": "other", "label": _("Unscheduled"), "span": "", "items": others})
    totals = _savings_totals(kept, result)
    return {
        "items": items,
        "timeline": timeline,
        "count": len(items),
        "dismissed_count": len(rows) - len(kept),
        "savings": [money(v, c) for c, v in totals.items()],
    }


def _answer_text(question: Question, state: str, value: Any, language: str) -> str:
    if state == "na":
        return _("Not applicable")
    if state == "unanswered":
        return _("Unanswered")
    if state == "hidden":
        return _("Not asked (its condition was not met)")
    if state == "invalid":
        return _("Answer no longer valid: %(value)s") % {"value": value}
    kind = question.type
    if kind == s.MATURITY:
        level = next((lv for lv in question.levels if lv.value == value), None)
        text = level.text.get(language) if level else ""
        return _("Level %(value)s of 5 — %(text)s") % {"value": value, "text": text}
    if kind == s.YES_PARTLY_NO:
        return {"yes": _("Yes"), "partly": _("Partly"), "no": _("No")}.get(value, str(value))
    if kind == s.SINGLE_CHOICE:
        choice = question.choice(value)
        return choice.label.get(language) if choice else str(value)
    if kind == s.MULTIPLE_CHOICE:
        keys = list(value or ())
        if not keys:
            return _("None selected")
        names = [c.label.get(language) if (c := question.choice(k)) else str(k) for k in keys]
        return "; ".join(names)
    if kind == s.PERCENTAGE:
        return f"{_num(value)}%"
    if kind == s.NUMBER:
        unit = question.unit.get(language) if question.unit else ""
        return f"{_num(value)} {unit}".strip()
    return str(value)


def _appendix(
    data: AssessmentInput,
    result: EngineResult,
    answers_meta: Mapping[str, AnswerMeta],
    language: str,
) -> list[dict[str, Any]]:
    questions = result.scores.questions
    steps = []
    for step_no, step in enumerate(data.framework.steps, start=1):
        sections = []
        for sec_no, section in enumerate(step.sections, start=1):
            rows = []
            for q_no, q in enumerate(section.questions, start=1):
                qs = questions.get(q.key)
                state = qs.state if qs else "unanswered"
                value = qs.value if qs else None
                meta = answers_meta.get(q.key) or AnswerMeta()
                rows.append(
                    {
                        "number": f"{step_no}.{sec_no}.{q_no}",
                        "key": q.key,
                        "text": q.text.get(language),
                        "state": state,
                        "answer": _answer_text(q, state, value, language),
                        "score": shown(qs.score) if qs and qs.score is not None else None,
                        "scored": q.scored,
                        "weight": q.weight,
                        "note": meta.note,
                        "answered_by": meta.answered_by,
                        "answered_at": iso(meta.answered_at),
                    }
                )
            sections.append({"title": section.title.get(language), "questions": rows})
        steps.append({"key": step.key, "title": step.title.get(language), "sections": sections})
    return steps


def _summary(
    data: AssessmentInput,
    result: EngineResult,
    steps: list[dict[str, Any]],
    roadmap: dict[str, Any],
) -> dict[str, Any]:
    scores = result.scores
    overall = shown(scores.overall)
    active = [i for i in roadmap["items"] if i["status"] != "resolved"]
    top = sorted(active, key=lambda i: (HORIZON_RANK.get(i["horizon"], 9), i["priority"]))
    severities = severity_labels()
    counts = Counter(f.severity for f in result.findings)
    return {
        "overall": scores.overall,
        "overall_text": str(overall) if overall is not None else "–",
        "level": _level(scores.overall),
        "completeness": percent(scores.completeness.ratio),
        "answered": scores.completeness.done,
        "counted": scores.completeness.counted,
        "steps": [{k: v for k, v in step.items() if k in STEP_SUMMARY_FIELDS} for step in steps],
        "top_priorities": top[:TOP_PRIORITIES],
        "savings": roadmap["savings"],
        "findings_total": len(result.findings),
        "findings_by_severity": [
            {"severity": sev, "label": severities[sev], "count": counts[sev]}
            for sev in SEVERITIES
            if counts[sev]
        ],
        "horizon_counts": [
            {"key": band["key"], "label": band["label"], "count": len(band["items"])}
            for band in roadmap["timeline"]
        ],
        "inventory": {
            "tools": len(data.tools),
            "active_tools": sum(1 for t in data.tools if t.is_active),
            "integrations": len(data.integrations),
            "touchpoints": len(data.touchpoints),
        },
        "context": _context_lines(data, result, overall),
    }


STEP_SUMMARY_FIELDS = frozenset(
    {
        "key",
        "title",
        "score",
        "score_text",
        "target",
        "target_text",
        "gap",
        "gap_text",
        "below_target",
        "completeness",
        "answered",
        "counted",
        "level",
    }
)

_STATUS_LABELS = {
    "draft": gettext_noop("Draft"),
    "in_review": gettext_noop("In review"),
    "final": gettext_noop("Final"),
}


def build_report_data(
    *,
    meta: ReportMeta,
    data: AssessmentInput,
    result: EngineResult,
    roadmap: Sequence[RoadmapRow],
    answers_meta: Mapping[str, AnswerMeta] = {},
    language: str = "en",
    taxonomy: Taxonomy | None = None,
) -> dict[str, Any]:
    """The report's content as plain JSON-ready data (see the module doc)."""
    language = (language or "en").replace("_", "-")
    base = language.split("-")[0].lower()
    with translation.override(language):
        vocab = _Vocab(taxonomy or load_taxonomy())
        steps = _steps(data, result, language)
        step_titles = {s["key"]: s["title"] for s in steps}
        roadmap_data = _roadmap(roadmap, step_titles, result, language)
        status = meta.status or ""
        report = {
            "version": DATA_VERSION,
            "language": language,
            "rtl": base in RTL_LANGUAGES,
            "meta": {
                "organisation": meta.organisation,
                "title": meta.title,
                "period": meta.period,
                "status": status,
                "status_label": _(_STATUS_LABELS[status])
                if status in _STATUS_LABELS
                else humanise(status),
                "framework_title": meta.framework_title or data.framework.title.get(language),
                "framework_version": str(meta.framework_version or data.framework.version),
                "generated_on": iso(meta.generated_on),
                "as_of": iso(data.today),
            },
            "summary": _summary(data, result, steps, roadmap_data),
            "radar": {
                "axes": [
                    {
                        "label": short_step_title(st["key"], st["title"], n),
                        "value": st["score"],
                        "target": st["target"],
                    }
                    for n, st in enumerate(steps, start=1)
                ]
            },
            "steps": steps,
            "touchpoints": _touchpoints(data, vocab),
            "stack": _stack(data, vocab),
            "maps": _maps(data, vocab),
            "roadmap": roadmap_data,
            "appendix": _appendix(data, result, answers_meta, language),
        }
    return report


__all__ = [
    "AnswerMeta",
    "ReportMeta",
    "RoadmapRow",
    "build_report_data",
    "roadmap_rows_from_proposals",
]
