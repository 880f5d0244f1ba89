"""Prepare the load test's organisation, users, sessions and API tokens; write them as JSON.

    DATABASE_URL=postgres://... python -m benchmarks.load.seed --tools 600 --users 50 --out f.json

Runs against the load test's own database (run.py calls it after `migrate`): the demo
organisation "Acme Retail" (`seed_demo`), grown to ``--tools`` tools with about as many
integrations (copies of the demo's rows, bulk-created), and ``--users`` editors, each with
a signed-in session and an API token made here — password hashing is slow on purpose, so
the run never logs in. The fixture holds what the locust users need: cookies, tokens, the
draft assessment and the questions an autosave may answer.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from decimal import Decimal


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    django.setup()


def _grow_inventory(organisation, tools: int, rng: random.Random) -> None:
    """Copies of the demo tools (same subcategories) and integrations between them."""
    from assessment.models import Integration, Tool

    existing = list(Tool.objects.filter(organisation=organisation))
    missing = tools - len(existing)
    if missing > 0:
        base = [t for t in existing if not t.name.startswith("Load ")] or existing
        new = []
        for n in range(missing):
            template = base[n % len(base)]
            new.append(
                Tool(
                    organisation=organisation,
                    name=f"Load {template.name} {len(existing) + n}",
                    vendor=template.vendor,
                    category_id=template.category_id,
                    subcategory_id=template.subcategory_id,
                    status=template.status,
                    annual_cost=Decimal(rng.randrange(0, 90_000, 500)),
                    currency="EUR",
                    licensed_seats=rng.randrange(1, 80),
                    active_users_30d=rng.randrange(0, 80),
                    owning_team=template.owning_team,
                )
            )
        Tool.objects.bulk_create(new, batch_size=500)
    all_tools = list(Tool.objects.filter(organisation=organisation).values_list("pk", flat=True))
    have = set(
        Integration.objects.filter(organisation=organisation).values_list(
            "source_id", "target_id", "method"
        )
    )
    template = Integration.objects.filter(organisation=organisation).first()
    wanted = int(tools * 0.66) - len(have)  # the ratio: 2,000 tools, 666 integrations
    new = []
    while wanted > 0:
        source, target = rng.sample(all_tools, 2)
        method = rng.choice(["native", "api", "ipaas", "file", "manual"])
        if (source, target, method) in have:
            continue
        have.add((source, target, method))
        new.append(
            Integration(
                organisation=organisation,
                source_id=source,
                target_id=target,
                method=method,
                frequency=rng.choice(["realtime", "hourly", "daily", "weekly"]),
                status=template.status,
                direction=template.direction,
                criticality=rng.choice(["low", "medium", "high"]),
            )
        )
        wanted -= 1
    Integration.objects.bulk_create(new, batch_size=500)


def _answerable(framework) -> list[dict]:
    """Questions an autosave may answer, with values the form accepts."""
    from assessment.questionnaire_core import schema as s

    questions = []
    for step in framework.steps:
        for question in step.questions():
            if question.show_if is not None:
                continue
            if question.type == s.MATURITY:
                values = [str(level.value) for level in question.levels]
            elif question.type == s.YES_PARTLY_NO:
                values = ["yes", "partly", "no"]
            elif question.type == s.PERCENTAGE:
                values = [str(v) for v in range(0, 101, 5)]
            elif question.type == s.SHORT_TEXT:
                values = [f"Load test note {v}" for v in range(20)]
            else:
                continue
            questions.append({"step": step.key, "key": question.key, "values": values})
    return questions


def seed(*, tools: int, users: int, seed: int = 13) -> dict:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction

    from assessment.models import Assessment
    from core import services
    from core.models import ApiToken, Membership, Organisation, Role, User

    rng = random.Random(seed)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    organisation = Organisation.objects.get(slug="acme-retail")
    with transaction.atomic():
        _grow_inventory(organisation, tools, rng)
        password = make_password(None)  # unusable: nobody logs in during the run
        User.objects.bulk_create(
            [
                User(
                    email=f"load{n}@acme.example",
                    first_name="Load",
                    last_name=str(n),
                    password=password,
                )
                for n in range(users)
            ],
            ignore_conflicts=True,
        )
        people = list(User.objects.filter(email__startswith="load").order_by("email")[:users])
        for user in people:
            Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": Role.EDITOR}
            )
        ApiToken.objects.filter(user__in=people, name="load").delete()
    assessment = Assessment.objects.filter(organisation=organisation, status="draft").first()
    accounts = []
    for user in people:
        membership = Membership.objects.get(user=user, organisation=organisation)
        _row, token = services.create_api_token(membership=membership, name="load")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        accounts.append({"email": user.email, "session": session.session_key, "token": token})
    return {
        "assessment": assessment.pk,
        "steps": [step.key for step in assessment.framework.steps],
        "questions": _answerable(assessment.framework),
        "accounts": accounts,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", type=int, default=600)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    _setup()
    fixture = seed(tools=args.tools, users=args.users)
    with open(args.out, "w") as out:
        json.dump(fixture, out)
    print(f"seeded: {args.tools} tools, {len(fixture['accounts'])} signed-in users -> {args.out}")


if __name__ == "__main__":
    main()
