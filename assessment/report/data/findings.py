"""Each step's numbers and findings: a few in full, more listed, the rest counted."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from assessment.report.data.formatting import clip, humanise, money, percent, shown
from assessment.report.data.labels import level_data, rule_labels, severity_labels
from assessment.results_core import (
    AssessmentInput,
    EngineResult,
    Finding,
)
from assessment.results_core.findings import SEVERITIES
from assessment.texts import render

DETAILED_FINDINGS = 5
LISTED_FINDINGS = 12
EVIDENCE_LABELS = 8
DETAIL_CHARS = 420


class EvidenceLabels:
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


def finding_data(
    finding: Finding, labels: EvidenceLabels, severities: dict[str, str]
) -> dict[str, Any]:
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


def pick_detailed(findings: Sequence[Finding]) -> list[Finding]:
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


def step_sections(
    data: AssessmentInput, result: EngineResult, language: str
) -> list[dict[str, Any]]:
    labels = EvidenceLabels(data, language)
    severities = severity_labels()
    rules = rule_labels()
    by_step: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_step[f.step].append(f)
    out = []
    for step in data.framework.steps:
        score = result.scores.step(step.key)
        findings = by_step.get(step.key, [])
        detailed = pick_detailed(findings)
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
                **step_numbers(score),
                "severity_counts": [
                    {"severity": sev, "label": severities[sev], "count": n}
                    for sev in SEVERITIES
                    if (n := sum(1 for f in findings if f.severity == sev))
                ],
                "findings_total": len(findings),
                "findings": [finding_data(f, labels, severities) for f in detailed],
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


def step_numbers(score) -> dict[str, Any]:
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
        "level": level_data(score.score),
    }
