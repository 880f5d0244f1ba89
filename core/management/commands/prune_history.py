"""`manage.py prune_history`: delete change history older than each organisation keeps it
(docs/history.md, "Retention")."""

from django.core.management.base import BaseCommand, CommandError

from core.history.retention import prune, retention_days
from core.models import Organisation


class Command(BaseCommand):
    help = (
        "Delete change-history entries older than each organisation's retention "
        "(Organisation settings; empty follows HISTORY_RETENTION_DAYS, 0 keeps everything). "
        "An import's grouped entry goes with the rows it changed. Safe to run daily: a second "
        "run deletes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )
        parser.add_argument(
            "--organisation", type=int, help="Only this organisation (its id).", default=None
        )

    def handle(self, *args, dry_run=False, organisation=None, **options):
        target = None
        if organisation is not None:
            target = Organisation.objects.filter(pk=organisation).first()
            if target is None:
                raise CommandError(f"No organisation with id {organisation}.")
        counts = prune(organisation=target, dry_run=dry_run)
        organisations = Organisation.objects.in_bulk([pk for pk in counts if pk is not None])
        verb = "would be deleted" if dry_run else "deleted"
        for organisation_id, count in counts.items():
            row = organisations.get(organisation_id)
            label = "(no organisation)" if row is None else f"{row.name} (#{row.pk})"
            days = retention_days(row)
            kept = "kept for ever" if days == 0 else f"kept {days} days"
            entries = "entry" if count == 1 else "entries"
            self.stdout.write(f"{label}: {count} {entries} {verb} ({kept})")
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"{total} history entries {verb}."))
