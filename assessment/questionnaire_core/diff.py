"""Human-readable differences between two framework versions.

Shown beside each framework version so a team knows why scores may move between
assessments taken on different versions.
"""

from __future__ import annotations

from . import schema as s
from .schema import Framework, Question, Step, to_data


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def diff_frameworks(old: Framework, new: Framework) -> list[str]:
    """Changes from ``old`` to ``new``, most general first; empty when content is identical."""
    changes: list[str] = []
    if old.key != new.key:
        changes.append(f"framework key changed from {old.key!r} to {new.key!r}")
    if old.version != new.version:
        changes.append(f"version {old.version} → {new.version}")
    if old.title != new.title:
        changes.append(f"title changed to {_quote(new.title.en)}")
    for key in s.METRIC_PARAMETERS:
        before, after = old.metric(key), new.metric(key)
        counted = [n for n in s.METRIC_PARAMETERS[key] if before.values(n) != after.values(n)]
        if counted:
            changes.append(f"metric {key!r}: what it counts changed ({', '.join(counted)})")
        if (before.label, before.definition) != (after.label, after.definition):
            changes.append(f"metric {key!r}: name or definition changed")
    old_steps = {step.key: step for step in old.steps}
    for step in new.steps:
        if step.key not in old_steps:
            changes.append(f"step {step.key!r} added")
        else:
            changes.extend(_step_changes(old_steps[step.key], step))
    new_step_keys = {step.key for step in new.steps}
    changes.extend(f"step {k!r} removed" for k in old_steps if k not in new_step_keys)

    old_q = {q.key: q for q in old.questions()}
    new_q = {q.key: q for q in new.questions()}
    for key, question in new_q.items():
        if key not in old_q:
            changes.append(
                f"question {key!r} added to {question.step}/{question.section} "
                f"({question.type}): {_quote(question.text.en)}"
            )
        else:
            changes.extend(_question_changes(old_q[key], question))
    for key, question in old_q.items():
        if key not in new_q:
            changes.append(
                f"question {key!r} removed from {question.step}: {_quote(question.text.en)}"
            )
    return changes


def _step_changes(old: Step, new: Step) -> list[str]:
    changes = []
    if old.title != new.title:
        changes.append(f"step {new.key!r}: title changed to {_quote(new.title.en)}")
    if old.intro != new.intro:
        changes.append(f"step {new.key!r}: introduction changed")
    if old.weight != new.weight:
        changes.append(f"step {new.key!r}: weight {_num(old.weight)} → {_num(new.weight)}")
    if old.blend != new.blend:
        before = old.blend.as_dict() if old.blend else "none"
        after = new.blend.as_dict() if new.blend else "none"
        changes.append(f"step {new.key!r}: blend changed from {before} to {after}")
    return changes


def _question_changes(old: Question, new: Question) -> list[str]:
    key = new.key
    changes = []
    if old.type != new.type:
        changes.append(f"question {key!r}: type changed from {old.type} to {new.type}")
    if old.text.en != new.text.en:
        changes.append(
            f"question {key!r}: text changed from {_quote(old.text.en)} to {_quote(new.text.en)}"
        )
    elif old.text != new.text:
        changes.append(f"question {key!r}: translations of the text changed")
    if old.weight != new.weight:
        changes.append(f"question {key!r}: weight {_num(old.weight)} → {_num(new.weight)}")
    if old.scored != new.scored:
        changes.append(f"question {key!r}: {'now scored' if new.scored else 'no longer scored'}")
    if (old.step, old.section) != (new.step, new.section):
        changes.append(
            f"question {key!r}: moved from {old.step}/{old.section} to {new.step}/{new.section}"
        )
    if old.type == new.type and (
        to_data((old.levels, old.choices, old.bands, old.scoring, old.min, old.max))
        != to_data((new.levels, new.choices, new.bands, new.scoring, new.min, new.max))
    ):
        changes.append(f"question {key!r}: answer options or scoring changed")
    if old.allow_na != new.allow_na:
        allowed = "now allows" if new.allow_na else "no longer allows"
        changes.append(f"question {key!r}: {allowed} “not applicable”")
    if old.show_if != new.show_if:
        changes.append(f"question {key!r}: display condition (show_if) changed")
    for name in ("help", "recommendation", "action"):
        if getattr(old, name) != getattr(new, name):
            changes.append(f"question {key!r}: {name} changed")
    if old.tags != new.tags:
        changes.append(f"question {key!r}: tags changed")
    return changes
