"""Sample report data from the synthetic benchmark organisations (no database).

Used by the tests, ``benchmarks/bench_report.py`` and ``scripts/report-pngs``:

    python -m assessment.report.samples M --out report.pdf [--language ar] [--page-size Letter]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
from collections.abc import Collection
from typing import Any

from assessment.questionnaire_core import load_default_framework
from assessment.report.data import (
    AnswerMeta,
    ReportMeta,
    RoadmapRow,
    build_report_data,
    roadmap_rows_from_proposals,
)
from assessment.results_core import EngineResult, evaluate
from assessment.results_core.facts import AssessmentInput

ORGANISATIONS = {
    "S": "Harbour Coffee Roasters",
    "M": "Northwind Retail Group",
    "L": "Globex Holdings International",
}
OWNERS = ("Head of Marketing", "Marketing Ops", "IT Architecture", "E-commerce Lead", "CRM Team")
NOTES = (
    "Agreed in the workshop of 12 May; sales disagreed and asked for a follow-up.",
    "Based on last year's survey (n = 412); needs refreshing after the relaunch.",
    "IT confirmed in the architecture review.",
)


def engine_inputs(size: str) -> tuple[AssessmentInput, EngineResult]:
    from benchmarks.generate import generate

    data = generate(size).to_input(load_default_framework())
    return data, evaluate(data)


def sample_roadmap(
    result: EngineResult, today: dt.date, items: int | None = None
) -> list[RoadmapRow]:
    """The proposals as persisted rows with owners and due dates; sliced or padded (with
    copies of the last items) to exactly ``items`` when given."""
    rows = roadmap_rows_from_proposals(result.roadmap, today=today)
    rows = [dataclasses.replace(row, owner=OWNERS[i % len(OWNERS)]) for i, row in enumerate(rows)]
    if items is not None:
        base = list(rows)
        while len(rows) < items and base:
            source = base[len(rows) % len(base)]
            rows.append(
                dataclasses.replace(
                    source,
                    key=f"{source.key}:follow-up-{len(rows)}",
                    title=f"Follow-up: {source.title}",
                    priority=len(rows) + 1,
                    savings=None,
                    currency=None,
                    finding_keys=(),
                )
            )
        rows = rows[:items]
    return rows


def sample_answers_meta(data: AssessmentInput) -> dict[str, AnswerMeta]:
    meta = {}
    for i, answer in enumerate(data.answers):
        meta[answer.question_key] = AnswerMeta(
            note=NOTES[i % len(NOTES)] if i % 4 == 0 else "",
            answered_by=OWNERS[i % len(OWNERS)],
            answered_at=dt.datetime(2025, 5, 20, 9, 0) + dt.timedelta(hours=7 * i),
        )
    return meta


def sample_report_data(
    size: str = "M",
    *,
    language: str = "en",
    items: int | None = None,
    organisation: str | None = None,
    roadmap: list[RoadmapRow] | None = None,
    answers_meta: dict[str, AnswerMeta] | None = None,
    inputs: tuple[AssessmentInput, EngineResult] | None = None,
) -> dict[str, Any]:
    data, result = inputs or engine_inputs(size)
    meta = ReportMeta(
        organisation=organisation or ORGANISATIONS.get(size, size),
        title="Digital experience & martech assessment 2025",
        period="January – June 2025",
        status="final",
        framework_title=data.framework.title.get(language),
        framework_version=data.framework.version,
        generated_on=data.today,
    )
    return build_report_data(
        meta=meta,
        data=data,
        result=result,
        roadmap=roadmap if roadmap is not None else sample_roadmap(result, data.today, items),
        answers_meta=answers_meta if answers_meta is not None else sample_answers_meta(data),
        language=language,
    )


def main(argv: list[str] | None = None) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from assessment.report.render import SECTION_KEYS, render_report_pdf

    parser = argparse.ArgumentParser(description="Render a sample report to PDF.")
    parser.add_argument("size", nargs="?", default="M", choices=("S", "M", "L"))
    parser.add_argument("--out", required=True)
    parser.add_argument("--language", default="en")
    parser.add_argument("--page-size", default="A4", choices=("A4", "Letter"))
    parser.add_argument("--items", type=int, default=None)
    parser.add_argument(
        "--sections", default=None, help=f"comma-separated, from: {','.join(SECTION_KEYS)}"
    )
    args = parser.parse_args(argv)
    sections: Collection[str] | None = args.sections.split(",") if args.sections else None
    report = sample_report_data(args.size, language=args.language, items=args.items)
    pdf = render_report_pdf(
        report, sections=sections, page_size=args.page_size, language=args.language
    )
    with open(args.out, "wb") as handle:
        handle.write(pdf.content)
    print(f"{args.out}: {pdf.pages} pages, refused URLs: {list(pdf.refused_urls)}")


if __name__ == "__main__":
    main()
