"""`manage.py rescan_websites`: queue the website scans that are due (docs/discovery.md)."""

from django.core.management.base import BaseCommand

from assessment.scans.schedule import rescan_days, rescan_due


class Command(BaseCommand):
    help = (
        "Scan each organisation's website again when its latest scan is older than "
        "DISCOVERY_RESCAN_DAYS (safe to run every hour: a queued scan is not queued twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override DISCOVERY_RESCAN_DAYS (0: none)."
        )

    def handle(self, *args, days, **options):
        days = rescan_days() if days is None else days
        outcome = rescan_due(days=days)
        for scan in outcome.queued:
            self.stdout.write(f"queued scan {scan.pk} of {', '.join(scan.urls)}")
        for organisation, reason in outcome.skipped:
            self.stdout.write(f"skipped {organisation.slug}: {reason}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(outcome.queued)} scan(s) queued, {len(outcome.skipped)} skipped "
                f"(every {days} day(s))."
            )
        )
