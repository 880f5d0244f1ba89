"""The rule over answers: weak answers on heavily weighted questions."""

from __future__ import annotations

from collections.abc import Iterable

from ..messages import Message, gettext_noop
from ..recommendations import recommendation
from ..scoring import ANSWERED
from .architecture import _says_no_profile
from .base import (
    PROFILE_QUESTION,
    VENDOR_DRIVEN_CHOICES,
    VENDOR_ROADMAP_QUESTION,
    Finding,
    RuleContext,
    rule,
)


def _covered_by_other_rule(ctx: RuleContext, key: str) -> bool:
    """Answers that a dedicated rule already reports are not reported twice."""
    if key == VENDOR_ROADMAP_QUESTION:
        return ctx.answer(key) in VENDOR_DRIVEN_CHOICES
    if key == PROFILE_QUESTION:
        return _says_no_profile(ctx)
    return False


@rule("weak_heavy_answers")
def weak_heavy_answers(ctx: RuleContext) -> Iterable[Finding]:
    """Each visible answered question of weight ≥ heavy_weight scored below the threshold;
    the recommendation and the action are the question's own (with their translations)."""
    heavy, weak = ctx.thresholds.heavy_weight, ctx.thresholds.weak_answer_score
    framework = ctx.data.framework
    for qs in ctx.scores.questions.values():
        if qs.state != ANSWERED or qs.score is None or qs.weight < heavy or qs.score >= weak:
            continue
        if _covered_by_other_rule(ctx, qs.key):
            continue
        question = framework.question(qs.key)
        yield Finding(
            "weak_heavy_answers",
            f"weak_heavy_answers:{qs.key}",
            "high" if qs.weight >= 2 else "medium",
            qs.step,
            Message.of(gettext_noop("Weak answer: %(question)s"), question=question.text),
            Message.of(
                gettext_noop(
                    "The answer scores %(score)s of 100 on a question of weight %(weight)s "
                    "(answers below %(weak)s count as weak)."
                ),
                score=f"{qs.score:.0f}",
                weight=f"{qs.weight:g}",
                weak=f"{weak:g}",
            ),
            question.recommendation or recommendation("weak_heavy_answers"),
            ctx.answer_evidence(qs.key),
            subject_ids=(qs.key,),
            action=question.action
            or Message.of(
                gettext_noop("Improve the answer to: %(question)s"), question=question.text
            ),
        )
