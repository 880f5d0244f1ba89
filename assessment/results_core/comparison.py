"""What changed since the last final assessment, told without flattering a new draft.

A draft a third answered used to read "5 findings resolved" against last year (two of
them only because their questions were not answered yet), a step "+36" on four answers,
and an index of 60 "Integrated" (issue 17). So: a finding gone because its questions are
unanswered now is *not answered yet*, apart from *resolved*; and a score built on fewer
than half of its questions is *provisional*, shown with its completeness.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from assessment.results_core.scoring import Completeness

#: A score (a step's or the overall index) built on fewer than this share of its visible
#: scored questions answered (or "not applicable") is provisional.
PROVISIONAL_BELOW = 0.5


def is_provisional(completeness: Completeness) -> bool:
    """Fewer than half of the questions behind the score are answered. No question at all
    is not provisional: there is no score to doubt (it is "—")."""
    ratio = completeness.ratio
    return ratio is not None and ratio < PROVISIONAL_BELOW


@dataclass(frozen=True)
class GoneFindings:
    """Findings of the previous final assessment that the current one no longer has."""

    resolved: tuple[str, ...]  # its evidence is answered now, and the rule no longer fires
    not_answered_yet: tuple[str, ...]  # a question it rested on is unanswered now


def gone_findings(
    previous: Mapping[str, Iterable[str]],
    current: Collection[str],
    unanswered_now: Collection[str],
) -> GoneFindings:
    """Split the previous findings missing now. ``previous``: finding key → the question
    keys of its evidence (in the previous assessment's order); ``current``: the keys of
    the findings now; ``unanswered_now``: the question keys without an answer now."""
    resolved: list[str] = []
    waiting: list[str] = []
    for key, answer_keys in previous.items():
        if key in current:
            continue
        if any(question in unanswered_now for question in answer_keys):
            waiting.append(key)
        else:
            resolved.append(key)
    return GoneFindings(tuple(resolved), tuple(waiting))
