"""Everything the roadmap report prints, as one plain, JSON-serialisable dict.

``build_report_data``: engine facts and results in, a dict of str/int/float/bool/None/list/
dict out (money as decimal strings, dates as ISO strings, every label already resolved in
the requested language). A finalised assessment stores the dict as a snapshot; rendering
the snapshot again always gives the same PDF (``render.py`` reads nothing else).

No ORM and no request: the Django layer maps its models to the dataclasses of ``inputs``
(``ReportMeta``, ``RoadmapRow``, ``AnswerMeta``) and to the engine's ``AssessmentInput``.
Not Django-free, though: UI strings go through Django's gettext under
``translation.override(language)`` (framework texts through ``Text.get(language)``), which
is why this package lives on the Django side and not in the pure core.

One module per part of the report: ``summary``, ``findings`` (per step), ``inventory``
(touchpoints, stack, maps), ``roadmap``, ``appendix``; ``labels`` and ``formatting`` are
shared by them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from assessment.inventory_core.taxonomy import Taxonomy, load_taxonomy
from assessment.report.data.appendix import appendix_section
from assessment.report.data.findings import step_sections
from assessment.report.data.formatting import humanise, iso
from assessment.report.data.inputs import (
    AnswerMeta,
    ReportMeta,
    RoadmapRow,
    roadmap_rows_from_proposals,
)
from assessment.report.data.inventory import (
    STACK_MAP_TOOLS,
    STACK_TABLE_ROWS,
    map_section,
    stack_section,
    touchpoint_section,
)
from assessment.report.data.labels import STATUS_LABELS, Vocab, short_step_title
from assessment.report.data.roadmap import roadmap_section
from assessment.report.data.summary import summary_section
from assessment.results_core import AssessmentInput, EngineResult

DATA_VERSION = 1
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


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
        vocab = Vocab(taxonomy or load_taxonomy())
        steps = step_sections(data, result, language)
        step_titles = {s["key"]: s["title"] for s in steps}
        roadmap_data = roadmap_section(roadmap, step_titles, result, language)
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
                "status_label": _(STATUS_LABELS[status])
                if status in STATUS_LABELS
                else humanise(status),
                "framework_title": meta.framework_title or data.framework.title.get(language),
                "framework_version": str(meta.framework_version or data.framework.version),
                "generated_on": iso(meta.generated_on),
                "as_of": iso(data.today),
            },
            "summary": summary_section(data, result, steps, roadmap_data),
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
            "touchpoints": touchpoint_section(data, vocab),
            "stack": stack_section(data, vocab),
            "maps": map_section(data, vocab),
            "roadmap": roadmap_data,
            "appendix": appendix_section(data, result, answers_meta, language),
        }
    return report


__all__ = [
    "STACK_MAP_TOOLS",
    "STACK_TABLE_ROWS",
    "AnswerMeta",
    "ReportMeta",
    "RoadmapRow",
    "build_report_data",
    "roadmap_rows_from_proposals",
]
