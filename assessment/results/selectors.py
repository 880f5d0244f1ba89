"""Reads of results: the dashboard, "why is this 42?", the roadmap, compare with the last final.

Everything reads from the engine's result (`services.Computed`) and a bounded number of
queries; nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi, gettext_noop
from django.utils.translation import gettext as _

from assessment.charts_core.radar import RadarAxis, radar_chart
from assessment.inventory.selectors import data_arms
from assessment.models import (
    Answer,
    Assessment,
    AssessmentResult,
    AssessmentStatus,
    Finding,
    Horizon,
    ItemStatus,
    RoadmapItem,
)
from assessment.models.results import Severity, step_label
from assessment.questionnaire.display import answer_text, localised
from assessment.questionnaire.selectors import questionnaire_state
from assessment.results import inputs
from assessment.results_core import display
from assessment.results_core.comparison import gone_findings, is_provisional
from assessment.results_core.explain import ANSWER, METRIC, QUESTIONNAIRE, STEP
from assessment.results_core.scoring import (
    INVALID,
    MATURITY_LEVELS,
    UNANSWERED,
    Completeness,
)
from assessment.texts import render
from core.versions import version

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
METRIC_LABELS = {
    "stage_coverage": gettext_noop("Journey stages with a digital touchpoint"),
    "personalisation_coverage": gettext_noop("Digital touchpoints that are personalised"),
    "seat_utilisation": gettext_noop("Seat utilisation"),
    "overlap": gettext_noop("Tools without overlap"),
    "tools_integrated": gettext_noop("Active tools with a live integration"),
    "integrations_automated": gettext_noop("Live integrations that are automated"),
    "integrations_verified": gettext_noop("Integrations verified by IT"),
}
EVIDENCE_URLS = {
    "tool": "tool_detail",
    "integration": "integration_detail",
    "touchpoint": "touchpoint_detail",
}


def metric_label(key: str, framework=None) -> str:
    """The metric's name: as the framework file defines it, in the reader's language."""
    if framework is not None:
        label = framework.metric(key).label
        if label is not None:
            return render(label)
    return _(METRIC_LABELS.get(key, key.replace("_", " ").capitalize()))


def level_label(level) -> str:
    return _(level.label) if level else ""


# -- assessments ---------------------------------------------------------------------------


def previous_final(assessment: Assessment) -> Assessment | None:
    """The most recent final assessment of the organisation created before this one."""
    return (
        Assessment.objects.for_organisation(assessment.organisation_id)
        .filter(status=AssessmentStatus.FINAL, created_at__lte=assessment.created_at)
        .exclude(pk=assessment.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


def pinned_assessment(organisation) -> Assessment | None:
    """The assessment an owner pinned as the organisation's current one (never archived:
    archiving unpins)."""
    return (
        Assessment.objects.for_organisation(organisation)
        .filter(pinned_at__isnull=False, archived_at__isnull=True)
        .first()
    )


def roadmap_assessment(organisation) -> Assessment | None:
    """The assessment the top-level Roadmap opens: the pinned one, else the latest open
    one, else the latest (archived ones left out)."""
    pinned = pinned_assessment(organisation)
    if pinned is not None:
        return pinned
    scoped = (
        Assessment.objects.for_organisation(organisation)
        .filter(archived_at__isnull=True)
        .order_by("-created_at", "-pk")
    )
    return scoped.exclude(status=AssessmentStatus.FINAL).first() or scoped.first()


# -- dashboard -----------------------------------------------------------------------------


def findings(assessment: Assessment) -> QuerySet[Finding]:
    return Finding.objects.filter(assessment=assessment).order_by("position", "pk")


def findings_of(assessment: Assessment) -> list[Finding]:
    return list(findings(assessment))


def savings_of(items) -> dict[str, Decimal]:
    """Potential annual savings per currency of the items not dismissed: each tool counted
    once, at its largest saving."""
    per_tool: dict[tuple[int, str], Decimal] = {}
    for item in items:
        if item.status == ItemStatus.DISMISSED:
            continue
        for tool_id, amount, currency, _action in item.savings_breakdown or ():
            key = (tool_id, currency)
            per_tool[key] = max(per_tool.get(key, Decimal(0)), Decimal(str(amount)))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (_tool, currency), amount in per_tool.items():
        totals[currency] += amount
    return dict(sorted(totals.items()))


@dataclass
class StepCard:
    key: str
    number: int
    title: str
    score: Any
    level: str
    completeness: Any
    target: Any
    gap: Any
    findings: list = field(default_factory=list)
    finding_count: int = 0
    explain_url: str = ""
    step_url: str = ""
    provisional: bool = False  # on fewer than half its questions (results_core.comparison)


#: Question states that leave a question without a usable answer now.
UNANSWERED_STATES = (UNANSWERED, INVALID)


def step_title(framework, key: str) -> str:
    for step in framework.steps:
        if step.key == key:
            return localised(step.title)
    return step_label(key)


def dashboard(assessment: Assessment, computed) -> dict:
    scores = computed.result.scores
    framework = computed.data.framework
    # Every finding only as (pk, step, severity): the cards show three per step, so only
    # those few rows are loaded whole (hundreds of findings at a large inventory).
    light = list(findings(assessment).values_list("pk", "step", "severity"))
    shown: dict[str, list[int]] = defaultdict(list)
    step_counts: dict[str, int] = defaultdict(int)
    for pk, step_key, _severity in light:
        step_counts[step_key] += 1
        if len(shown[step_key]) < 3:
            shown[step_key].append(pk)
    wanted = [pk for pks in shown.values() for pk in pks]
    by_step = defaultdict(list)
    for finding in findings(assessment).filter(pk__in=wanted):
        by_step[finding.step].append(finding)
    items = list(
        RoadmapItem.objects.filter(assessment=assessment).only(
            "status", "horizon", "savings_breakdown"
        )
    )
    cards = []
    for number, step in enumerate(scores.steps, start=1):
        step_findings = sorted(by_step.get(step.key, ()), key=lambda f: f.position)
        cards.append(
            StepCard(
                key=step.key,
                number=number,
                title=step_title(framework, step.key),
                score=display(step.score),
                level=level_label(step.level),
                completeness=step.completeness,
                provisional=is_provisional(step.completeness),
                target=display(step.target),
                gap=display(step.gap),
                findings=step_findings[:3],
                finding_count=step_counts.get(step.key, 0),
                explain_url=reverse(
                    "assessment_explain", kwargs={"pk": assessment.pk, "step": step.key}
                ),
                step_url=reverse("assessment_step", kwargs={"pk": assessment.pk, "step": step.key}),
            )
        )
    radar = radar_chart(
        [
            RadarAxis(step_label(c.key), s.score, s.target, c.explain_url)
            for c, s in zip(cards, scores.steps, strict=True)
        ],
        labels={
            "title": _("Scores against targets"),
            "description": _(
                "Each axis is scored from 0 to 100; the dashed outline is the target."
            ),
            "score": _("Score"),
            "target": _("Target"),
            "not_available": _("n/a"),
        },
        rtl=get_language_bidi(),  # steps run counter-clockwise, as the PDF's do
    )
    counts = defaultdict(int)
    for item in items:
        counts[item.status] += 1
        if item.is_active:
            counts[item.horizon] += 1
    return {
        "overall": display(scores.overall),
        "level": level_label(scores.level),
        "completeness": scores.completeness,
        "provisional": is_provisional(scores.completeness),
        "cards": cards,
        "radar": radar,
        "savings": savings_of(items),
        "findings_total": len(light),
        "severity_counts": _severity_counts(severity for _pk, _step, severity in light),
        "item_counts": dict(counts),
    }


def _severity_counts(findings) -> list[tuple[str, str, int]]:
    """(severity, its label, how many) of an iterable of severities, most severe first."""
    counts: dict[str, int] = defaultdict(int)
    for severity in findings:
        counts[severity] += 1
    ordered = sorted(counts.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9))
    return [(key, Severity(key).label, n) for key, n in ordered]


# -- compare -------------------------------------------------------------------------------


@dataclass
class Comparison:
    previous: Assessment
    steps: list
    overall: Any
    overall_delta: Any
    resolved: list
    new: list
    not_answered_yet: list = field(default_factory=list)  # gone only for want of answers
    overall_provisional: bool = False


def _snapshot_data(assessment: Assessment) -> dict:
    snapshot = inputs.snapshot_of(assessment)
    return snapshot.data if snapshot is not None else {}


def frozen_scores(assessment: Assessment, data: dict) -> tuple[Any, dict[str, Any]]:
    """(overall, {step key: score}) of a final assessment, from the engine's result in its
    snapshot (`data`); snapshots older than that kept the scores apart, as "scores"."""
    result = inputs.frozen_result(assessment)
    if result is not None:
        scores = result.scores
        return scores.overall, {step.key: step.score for step in scores.steps}
    old = data.get("scores") or {}
    return old.get("overall"), {s["key"]: s.get("score") for s in old.get("steps", ())}


def compare(assessment: Assessment, computed, previous: Assessment | None) -> Comparison | None:
    """Per-step deltas and findings resolved / not answered yet / new against a previous
    final assessment; a score on fewer than half its questions is marked provisional
    (``results_core.comparison``)."""
    if previous is None:
        return None
    data = _snapshot_data(previous)
    overall_before, old_steps = frozen_scores(previous, data)
    scores = computed.result.scores
    steps = []
    for step in scores.steps:
        before = old_steps.get(step.key)
        delta = (
            display(step.score - before) if step.score is not None and before is not None else None
        )
        steps.append(
            {
                "key": step.key,
                "title": step_label(step.key),
                "before": display(before),
                "now": display(step.score),
                "delta": delta,
                "completeness": step.completeness,
                "provisional": is_provisional(step.completeness),
            }
        )
    overall_now = scores.overall
    old_findings = {f["key"]: f for f in data.get("findings", ())}
    current = {f.key: f for f in computed.result.findings}
    unanswered = {
        key for key, question in scores.questions.items() if question.state in UNANSWERED_STATES
    }
    gone = gone_findings(
        {k: (f.get("evidence") or {}).get("answer_keys", ()) for k, f in old_findings.items()},
        current,
        unanswered,
    )

    def old(key):
        f = old_findings[key]
        return {"key": key, "title": render(f.get("messages", {}).get("title") or f.get("title"))}

    return Comparison(
        previous=previous,
        steps=steps,
        overall=display(overall_before),
        overall_delta=display(overall_now - overall_before)
        if overall_now is not None and overall_before is not None
        else None,
        resolved=[old(key) for key in gone.resolved],
        not_answered_yet=[old(key) for key in gone.not_answered_yet],
        new=[
            {"key": k, "title": render(f.title)}
            for k, f in current.items()
            if k not in old_findings
        ],
        overall_provisional=is_provisional(scores.completeness),
    )


# -- explain -------------------------------------------------------------------------------


@dataclass
class Line:
    kind: str
    key: str
    label: str
    value: Any
    weight: float
    included: bool
    share: float
    points: Any
    note: str
    url: str = ""
    answer: str = ""
    evidence: list = field(default_factory=list)  # [(label, url)], the first EVIDENCE_SHOWN
    evidence_total: int = 0
    numerator: Any = None
    denominator: Any = None
    children: list = field(default_factory=list)
    definition: str = ""  # what a metric counts, from the framework file


def evidence_names(data) -> dict[str, dict[int, str]]:
    tools = {t.id: t.name for t in data.tools}
    return {
        "tool": tools,
        "touchpoint": {t.id: t.name for t in data.touchpoints},
        "integration": {
            i.id: f"{tools.get(i.source_id, '?')} → {tools.get(i.target_id, '?')}"
            for i in data.integrations
        },
    }


NOTE_LABELS = {
    "not applicable": gettext_noop("not applicable"),
    "unanswered": gettext_noop("unanswered"),
    "hidden": gettext_noop("hidden by an earlier answer"),
    "invalid answer": gettext_noop("invalid answer"),
    "no data": gettext_noop("no data"),
    "no answers": gettext_noop("no answers"),
    "no score": gettext_noop("no score"),
}


def _note(note: str) -> str:
    return _(NOTE_LABELS.get(note, note)) if note else ""


def _line(c, kind: str, label: str, **extra) -> Line:
    """One explanation line of a contribution `c`: every kind shows its numbers alike."""
    return Line(
        kind=kind,
        key=c.key,
        label=label,
        value=display(c.value, 1),
        weight=c.weight,
        included=c.included,
        share=c.share,
        points=display(c.points, 1),
        note=_note(c.note),
        **extra,
    )


def _answer_lines(assessment, computed, explanation) -> list[Line]:
    language = get_language()
    framework = computed.data.framework
    answers = {a.question_key: a for a in computed.data.answers}
    lines = []
    for c in explanation.contributions:
        question = framework.question(c.key)
        fact = answers.get(c.key)
        shown = (
            answer_text(question, fact.value, state="na" if fact.is_na else "answered")
            if fact is not None
            else _("No answer")
        )
        step_url = reverse("assessment_step", kwargs={"pk": assessment.pk, "step": question.step})
        lines.append(
            _line(
                c,
                ANSWER,
                question.text.get(language),
                url=f"{step_url}#question-{c.key}",
                answer=shown,
            )
        )
    return lines


#: Rows linked under one metric of an explanation (the rest are counted): a metric of a
#: large inventory can rest on thousands of rows.
EVIDENCE_SHOWN = 100


def _metric_line(c, metric, names, framework) -> Line:
    kind = metric.evidence_kind
    ids = list(metric.evidence_ids) if kind in EVIDENCE_URLS else []
    urls = evidence_url_patterns() if ids else {}
    evidence = [
        (names.get(kind, {}).get(pk, f"#{pk}"), urls[kind].format(pk=int(pk)))
        for pk in ids[:EVIDENCE_SHOWN]
    ]
    return _line(
        c,
        METRIC,
        metric_label(c.key, framework),
        definition=render(framework.metric(c.key).definition),
        evidence=evidence,
        evidence_total=len(ids),
        numerator=display(metric.numerator, 1),
        denominator=display(metric.denominator, 1),
    )


def explain_step(assessment: Assessment, computed, step_key: str) -> dict:
    scores = computed.result.scores
    step = scores.step(step_key)
    names = evidence_names(computed.data)
    answer_lines = _answer_lines(assessment, computed, step.questionnaire_explanation)
    lines: list[Line] = []
    if step.explanation is step.questionnaire_explanation or not step.metrics:
        lines = answer_lines
        blended = False
    else:
        blended = True
        metrics = scores.metrics
        for c in step.explanation.contributions:
            if c.kind == QUESTIONNAIRE:
                lines.append(_line(c, QUESTIONNAIRE, _("Questionnaire"), children=answer_lines))
            elif c.kind == METRIC:
                lines.append(_metric_line(c, metrics[c.key], names, computed.data.framework))
    return {
        "step": step,
        "title": step_title(computed.data.framework, step_key),
        "step_number": [s.key for s in scores.steps].index(step_key) + 1,
        "score": display(step.score),
        "score_exact": display(step.score, 1),
        "questionnaire": display(step.questionnaire, 1),
        "level": level_label(step.level),
        "target": display(step.target),
        "gap": display(step.gap, 1),
        "lines": lines,
        "blended": blended,
        "answer_lines": answer_lines,
        "steps": [(s.key, step_title(computed.data.framework, s.key)) for s in scores.steps],
    }


def explain_overall(assessment: Assessment, computed) -> list[Line]:
    scores = computed.result.scores
    lines = []
    for c in scores.overall_explanation.contributions:
        if c.kind != STEP:
            continue
        lines.append(
            _line(
                c,
                STEP,
                step_title(computed.data.framework, c.key),
                url=reverse("assessment_explain", kwargs={"pk": assessment.pk, "step": c.key}),
            )
        )
    return lines


# -- roadmap -------------------------------------------------------------------------------


def roadmap_items(assessment: Assessment) -> QuerySet[RoadmapItem]:
    return (
        RoadmapItem.objects.filter(assessment=assessment)
        .select_related("owned_by")
        .order_by("position", "pk")
    )


def roadmap_items_by_horizon(assessment: Assessment) -> QuerySet[RoadmapItem]:
    """The roadmap as its columns read: Now, Next, Later, each top to bottom."""
    rank = Case(
        *[When(horizon=h.value, then=Value(i)) for i, h in enumerate(Horizon)],
        default=Value(len(Horizon)),
        output_field=IntegerField(),
    )
    return (
        RoadmapItem.objects.filter(assessment=assessment)
        .annotate(horizon_rank=rank)
        .order_by("horizon_rank", "position", "pk")
    )


def owner_suggestions(organisation) -> list[str]:
    """Members' names (and the owners already used) for the owner field's datalist."""
    people = (
        get_user_model()
        .objects.filter(memberships__organisation=organisation)
        .order_by("first_name", "last_name", "email")
        .distinct()
    )
    return [p.display_name for p in people]


def finding_index(assessment: Assessment, keys=None) -> dict[str, Finding]:
    """Key → finding: all of them, or only those of ``keys`` (whole rows are heavy)."""
    rows = findings(assessment)
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    return {f.key: f for f in rows}


def finding_keys(assessment: Assessment) -> set[str]:
    return set(findings(assessment).values_list("key", flat=True))


def evidence_url_patterns() -> dict[str, str]:
    """Per evidence kind, its detail URL with ``{pk}`` for the row: reversed once for a page
    that links hundreds of rows (``evidence_links(..., urls=)``)."""
    sentinel = 987654321
    return {
        kind: reverse(name, kwargs={"pk": sentinel}).replace(str(sentinel), "{pk}")
        for kind, name in EVIDENCE_URLS.items()
    }


def evidence_links(
    finding: Finding, names: dict, limit: int | None = None, urls: dict | None = None
) -> list[tuple[str, str]]:
    """(label, url) of the inventory rows behind a finding (the first ``limit`` of them)."""
    urls = urls or evidence_url_patterns()
    links = []
    evidence = finding.evidence or {}
    for kind, ids_key in (
        ("tool", "tool_ids"),
        ("integration", "integration_ids"),
        ("touchpoint", "touchpoint_ids"),
    ):
        for pk in evidence.get(ids_key, ()):
            if limit is not None and len(links) >= limit:
                return links
            label = names.get(kind, {}).get(pk, f"#{pk}")
            links.append((label, urls[kind].format(pk=int(pk))))
    return links


def answer_links(assessment: Assessment, finding: Finding, framework) -> list[tuple[str, str]]:
    links = []
    for key in (finding.evidence or {}).get("answer_keys", ()):
        try:
            question = framework.question(key)
        except KeyError:
            continue
        url = reverse("assessment_step", kwargs={"pk": assessment.pk, "step": question.step})
        links.append((localised(question.text), f"{url}#question-{key}"))
    return links


# -- home page -----------------------------------------------------------------------------


@dataclass
class Overview:
    """The assessment a team is working on, for the home page (no engine run)."""

    assessment: Assessment
    progress: Any  # questionnaire Progress
    next_step: Any  # the first step with unanswered questions (a framework Step), or None
    next_step_missing: int
    overall: Any  # the index of the last computation, or None
    level: str
    previous_final: Assessment | None
    previous_overall: Any
    pinned: bool = False  # an owner chose it; else it is the newest open (or newest) one
    provisional: bool = False  # the index rests on fewer than half the questions


def _stored_overall(assessment: Assessment):
    result = getattr(assessment, "result", None)  # None when never computed
    summary = result.summary if result is not None else {}
    return display(summary.get("overall")), summary.get("level")


def home_version(organisation) -> tuple:
    """What the home page's cards show is at: the organisation's data version (inventory
    counts, members) and, over all its assessments, the assessments, their answers and
    their stored results — one query (``core.versions``)."""

    def build(placeholders):
        scope = placeholders["organisation"]
        return data_arms(placeholders) + [
            (
                f"home:{model._meta.model_name}",
                model.objects.filter(organisation=scope),
                "updated_at",
            )
            for model in (Assessment, Answer, AssessmentResult)
        ]

    return version("home_version", build, organisation=getattr(organisation, "pk", organisation))


def home_overview(organisation, *, architecture_only: bool = False) -> Overview | None:
    """The current assessment — the one an owner pinned, else the newest still open, else
    the newest — its progress, the next step to answer (the architecture step for
    reviewers) and the index stored at its last computation, with the last final
    assessment's index beside it. Archived assessments are left out."""
    scoped = (
        Assessment.objects.for_organisation(organisation)
        .filter(archived_at__isnull=True)
        .select_related("framework_version", "result")
    )
    recent = list(scoped.order_by("-created_at", "-pk")[:10])
    if not recent:
        return None
    pinned = next((a for a in recent if a.is_pinned), None)
    if pinned is None:
        pinned = scoped.filter(pinned_at__isnull=False).first()
    current = pinned or next((a for a in recent if not a.is_final), recent[0])
    state = questionnaire_state(current, with_people=False)  # progress only
    next_step, missing = None, 0
    for row in state.steps:
        step, progress = row["step"], row["progress"]
        if architecture_only and step.key != "architecture":
            continue
        if not progress.complete:
            next_step, missing = step, progress.total - progress.done
            break
    overall, level_key = _stored_overall(current)
    levels = {level.key: level for level in MATURITY_LEVELS}
    previous = next(
        (
            a
            for a in recent
            if a.is_final and a.pk != current.pk and a.created_at <= current.created_at
        ),
        None,
    )
    return Overview(
        assessment=current,
        progress=state.overall,
        next_step=next_step,
        next_step_missing=missing,
        overall=overall,
        level=level_label(levels.get(level_key)) if level_key in levels else "",
        previous_final=previous,
        previous_overall=_stored_overall(previous)[0] if previous is not None else None,
        pinned=pinned is not None,
        provisional=overall is not None
        and is_provisional(Completeness(state.overall.done, 0, state.overall.total)),
    )
