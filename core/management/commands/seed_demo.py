from django.core.management.base import BaseCommand

from core import demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo organisation 'Acme Retail' with one user per role."

    def handle(self, *args, **options):
        result = demo.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {result['organisation']}"))
        self.stdout.write("Demo logins (password for all: %s):" % demo.DEMO_PASSWORD)
        for user in demo.DEMO_USERS:
            self.stdout.write(f"  {user.role:<9} {user.email}")
