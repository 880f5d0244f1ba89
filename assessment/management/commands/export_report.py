"""`manage.py export_report ID -o FILE.pdf`: a report for scripts (same content as the UI)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessment.models import Assessment
from assessment.report.render import SECTION_KEYS, normalise_sections, render_report_pdf
from assessment.report.sources import report_data_for


class Command(BaseCommand):
    help = "Render an assessment's roadmap report to a PDF file."
    # The system checks import every URLconf, view and API module (about a second and a
    # half of start-up) for nothing this command uses; `manage.py check` runs them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="Where to write the PDF.")
        parser.add_argument(
            "--sections",
            default="",
            help=f"Comma-separated, from: {', '.join(SECTION_KEYS)} "
            "(default: all but changes and inventory).",
        )
        parser.add_argument("--page-size", choices=["A4", "Letter"], default="A4")
        languages = [code for code, _name in settings.LANGUAGES]
        parser.add_argument("--language", choices=languages, default="en")

    def handle(self, *args, assessment_id, output, sections, page_size, language, **options):
        assessment = (
            Assessment.objects.select_related("organisation", "framework_version")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise CommandError(f"No assessment with id {assessment_id}.")
        chosen = [s.strip() for s in sections.split(",") if s.strip()] or None
        try:
            chosen = normalise_sections(chosen)
        except ValueError as error:
            raise CommandError(str(error)) from error
        started = time.perf_counter()
        data = report_data_for(assessment, language=language, sections=chosen)
        built = time.perf_counter()
        pdf = render_report_pdf(data, sections=chosen, page_size=page_size, language=language)
        rendered = time.perf_counter()
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf.content)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path} ({pdf.pages} pages, {rendered - started:.1f} s: "
                f"data {built - started:.2f} s, render {rendered - built:.2f} s)."
            )
        )
