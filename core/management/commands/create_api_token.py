"""Create a personal API token for a member and print it (shown once, stored hashed)."""

from django.core.management.base import BaseCommand, CommandError

from core import services
from core.models import Membership


class Command(BaseCommand):
    help = "Create an API token: manage.py create_api_token EMAIL --organisation SLUG --name NAME"

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument("--name", default="script", help="What the token is for.")

    def handle(self, *args, email, organisation, name, **options):
        membership = (
            Membership.objects.select_related("user", "organisation")
            .filter(user__email__iexact=email, organisation__slug=organisation)
            .first()
        )
        if membership is None:
            raise CommandError(f"{email} is not a member of the organisation “{organisation}”.")
        _row, token = services.create_api_token(membership=membership, name=name)
        self.stdout.write(token)
