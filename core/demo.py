"""Demo data: "Acme Retail" with one user per role (and a second organisation to switch to).

Idempotent: running it again updates the same rows. Domain apps extend the demo by
adding a dotted path to DEMO_SEEDERS; each is called with the organisation and users.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import import_string

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
]


@transaction.atomic
def seed() -> dict:
    User = get_user_model()
    organisation, _ = Organisation.objects.update_or_create(
        slug="acme-retail", defaults={"name": "Acme Retail"}
    )
    second, _ = Organisation.objects.update_or_create(
        slug="acme-wholesale", defaults={"name": "Acme Wholesale"}
    )
    users = {}
    for demo in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            email=demo.email,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": demo.role}
        )
        users[demo.role] = user
    # The editor also belongs to a second organisation, to show switching.
    Membership.objects.update_or_create(
        user=users[Role.EDITOR], organisation=second, defaults={"role": Role.OWNER}
    )
    for path in DEMO_SEEDERS:
        import_string(path)(organisation=organisation, users=users)
    return {"organisation": organisation, "second": second, "users": users}
