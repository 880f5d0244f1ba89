"""`manage.py send_reminders`: tell people what is due (docs/notifications.md)."""

from django.core.management.base import BaseCommand

from assessment.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Notify owners and assignees of notice deadlines, assignments due soon or overdue, "
        "overdue roadmap items and tool records to confirm. Safe to run every hour: each "
        "reminder has a key, and nobody hears of the same one twice."
    )

    def handle(self, *args, **options):
        counts = send_reminders()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} notification(s)")
        self.stdout.write(
            self.style.SUCCESS(f"{sum(counts.values())} reminder notification(s) created.")
        )
