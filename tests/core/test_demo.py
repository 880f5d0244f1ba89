"""seed_demo: idempotent, one user per role, prints the logins."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.demo import DEMO_PASSWORD, DEMO_USERS
from core.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_logins():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert Organisation.objects.filter(name="Acme Retail").count() == 1
    acme = Organisation.objects.get(slug="acme-retail")
    roles = set(Membership.objects.filter(organisation=acme).values_list("role", flat=True))
    assert roles == {"owner", "editor", "reviewer", "viewer"}
    assert User.objects.count() == len(DEMO_USERS)
    text = out.getvalue()
    for demo in DEMO_USERS:
        assert demo.email in text
        assert User.objects.get(email=demo.email).check_password(DEMO_PASSWORD)
