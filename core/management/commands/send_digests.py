"""`manage.py send_digests`: the daily e-mail digests (docs/notifications.md)."""

from django.core.management.base import BaseCommand

from core.notifications.emails import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each person who chose a daily digest their notifications of the last day "
        "not e-mailed yet. Safe to run every hour: a person gets at most one digest in 23 hours."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        for email, count in sent:
            self.stdout.write(f"digest to {email}: {count} notification(s)")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} digest(s) sent."))
