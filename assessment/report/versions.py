"""What a report is made of, as a cheap key (``data_version``), and the organisation's print
options: the ready copy (``ready``) and every export are stamped with the key, so whether a
file is still current is one query, not a rebuild of its content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils import timezone

from assessment.inventory.selectors import data_arms
from assessment.models import Assessment
from assessment.questionnaire.selectors import assessment_version, assessments_arm
from assessment.report.render import (
    CHANGES_SECTION,
    DEFAULT_SECTIONS,
    RENDERER_VERSION,
    normalise_sections,
)
from assessment.results import services as results
from core.models import HistoryEntry, Organisation


@dataclass(frozen=True)
class Options:
    sections: tuple[str, ...]
    page_size: str
    language: str


def options_for(organisation: Organisation) -> Options:
    """The organisation's print options: its language and paper, the default sections."""
    return Options(
        normalise_sections(DEFAULT_SECTIONS), organisation.paper_size, organisation.language
    )


def _report_arms(placeholders: dict[str, int]) -> list:
    rows = Organisation.objects.filter(pk=placeholders["organisation"])
    return [
        ("organisation", rows, "updated_at"),
        *assessments_arm(placeholders),
        *data_arms(placeholders),
    ]


def _history_mark(organisation_id: int) -> tuple:
    """The organisation's newest and oldest history entries (two index seeks): the
    appendix of changes moves with any change recorded, and with pruning."""
    rows = HistoryEntry.objects.filter(organisation=organisation_id).values_list("pk", flat=True)
    return (
        rows.order_by("-timestamp", "-id").first(),
        rows.order_by("timestamp", "id").first(),
    )


def data_version(assessment: Assessment, sections=None) -> str:
    """A key that changes whenever the report's content may: the assessment, its answers,
    findings, roadmap and result, the organisation (its name and print options), its other
    assessments and inventories — one query — and, while the assessment is open, the day.
    A final one prints its frozen snapshot: only its own row matters. With the appendix of
    changes among `sections`, the organisation's history too (two more queries)."""
    if assessment.is_final:
        parts: tuple = (assessment_version(assessment),)
    else:
        parts = (
            assessment_version(
                assessment,
                "findings",
                "roadmap_items",
                "result",
                more=("report", _report_arms),
            ),
            timezone.localdate().isoformat(),
        )
    if sections is not None and CHANGES_SECTION in normalise_sections(sections):
        parts = (*parts, "changes", _history_mark(assessment.organisation_id))
    return hashlib.sha256(repr((RENDERER_VERSION, parts)).encode()).hexdigest()


def prepare(assessment: Assessment, sections=None):
    """(results, version): the results brought up to date first, then the version read, so
    that a version never vouches for content older than itself (storing fresh results
    moves the version)."""
    computed = None if assessment.is_final else results.ensure_results(assessment)
    return computed, data_version(assessment, sections)
