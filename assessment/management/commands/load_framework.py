"""`manage.py load_framework PATH [--organisation SLUG]`: validate and store a framework."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.questionnaire import services
from assessment.questionnaire_core import FrameworkError
from core.models import Organisation
from core.services import ServiceError


class Command(BaseCommand):
    help = "Load a framework YAML file (built-in or per organisation); refused files store nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the framework YAML file")
        parser.add_argument(
            "--organisation", help="slug of the organisation (default: a built-in framework)"
        )

    def handle(self, *args, path, organisation=None, **options):
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        org = None
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"No organisation with slug {organisation!r}.")
        try:
            version = services.load_framework_version(
                text=text, filename=file.name, organisation=org
            )
        except FrameworkError as error:
            raise CommandError(f"{file.name} was refused, nothing was loaded.\n{error}") from None
        except ServiceError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Loaded {version} ({version.key})."))
        for change in version.changes:
            self.stdout.write(f"  - {change}")
