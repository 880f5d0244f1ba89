"""Demo data: "Acme Retail" with one user per role (and a second organisation to switch to).

Idempotent in effect: running it again creates only what is missing and never overwrites
what someone changed in the app (answers, notes, inventories, roadmap, roles, names). Only
the demo logins are restored (password, active) so the printed logins keep working.
Organisations are created through `core.services.create_organisation`, so the domain apps'
ORGANISATION_CREATED_HOOKS run (an existing one gets them again, to backfill). Domain apps
extend the demo by adding a dotted path to DEMO_SEEDERS; each is called with the
organisation and users.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import import_string

from core import services
from core.models import Membership, Organisation, Role

DEMO_PASSWORD = "stackscope-demo"


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str


DEMO_USERS = [
    DemoUser("owner@acme.example", "Olivia", "Owens", Role.OWNER),
    DemoUser("editor@acme.example", "Maya", "Marketing", Role.EDITOR),
    DemoUser("reviewer@acme.example", "Ivan", "Integrations", Role.REVIEWER),
    DemoUser("viewer@acme.example", "Victor", "Viewer", Role.VIEWER),
]

# Filled in by the domain areas as they arrive (assessments, inventories, roadmap).
DEMO_SEEDERS: list[str] = [
    "assessment.demo_inventory.seed",
    "assessment.demo_questionnaire.seed_questionnaire",
    "assessment.demo_results.seed_results",
    "assessment.demo_activity.seed_activity",
]


def _user(demo: DemoUser):
    user, _created = get_user_model().objects.get_or_create(
        email=demo.email,
        defaults={"first_name": demo.first_name, "last_name": demo.last_name},
    )
    if not user.is_active or not user.check_password(DEMO_PASSWORD):
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["is_active", "password"])
    return user


def _organisation(slug: str, name: str, owner) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return services.create_organisation(name=name, owner=owner)
    # Seeded before a hook existed (or by an older demo): the hooks keep what is there.
    services.run_organisation_created_hooks(organisation)
    return organisation


@transaction.atomic
def seed() -> dict:
    users = {demo.role: _user(demo) for demo in DEMO_USERS}
    organisation = _organisation("acme-retail", "Acme Retail", owner=users[Role.OWNER])
    # The editor also owns a second organisation, to show switching.
    second = _organisation("acme-wholesale", "Acme Wholesale", owner=users[Role.EDITOR])
    for demo in DEMO_USERS:
        Membership.objects.get_or_create(
            user=users[demo.role], organisation=organisation, defaults={"role": demo.role}
        )
    Membership.objects.get_or_create(
        user=users[Role.EDITOR], organisation=second, defaults={"role": Role.OWNER}
    )
    for path in DEMO_SEEDERS:
        import_string(path)(organisation=organisation, users=users)
    return {"organisation": organisation, "second": second, "users": users}
