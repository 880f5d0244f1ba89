"""Deterministic synthetic organisations for benchmarks: inventories and a fully answered
default framework, as engine facts.

    python -m benchmarks.generate L            # summary of the L organisation
    python -m benchmarks.generate M --json m.json

Sizes: S (20 tools / 30 integrations / 15 touchpoints), M (150 / 300 / 60) and
L (5,000 / 20,000 / 500). The same ``SPECS`` and seed always give the same organisation,
so a database benchmark can load exactly what the engine benchmark scores: every fact
has a stable integer id and plain fields (``as_records`` gives JSON-ready dicts).

Distributions aim at what a real stack looks like: most tools active, about a quarter
under-used, popular subcategories (email, CRM, analytics, social…) with several tools,
renewals spread over the coming year with some inside 90 days, integrations clustered on
hub tools (CRM, CDP, iPaaS), a few manual and broken, a third not yet reviewed by IT.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assessment.questionnaire_core import Framework, Question, load_default_framework
from assessment.questionnaire_core import schema as s
from assessment.results_core.facts import (
    AnswerFact,
    AssessmentInput,
    IntegrationFact,
    ToolFact,
    TouchpointFact,
)

TODAY = dt.date(2025, 6, 2)


@dataclass(frozen=True)
class OrgSpec:
    name: str
    tools: int
    integrations: int
    touchpoints: int
    seed: int


SPECS: dict[str, OrgSpec] = {
    "S": OrgSpec("S", 20, 30, 15, seed=1),
    "M": OrgSpec("M", 150, 300, 60, seed=2),
    "L": OrgSpec("L", 5_000, 20_000, 500, seed=3),
}

# (group, subcategory, relative frequency, typically holds PII, can be a system of record)
SUBCATEGORIES: tuple[tuple[str, str, int, bool, bool], ...] = (
    ("advertising", "display_programmatic", 3, False, False),
    ("advertising", "search_social_advertising", 5, False, False),
    ("advertising", "video_advertising", 1, False, False),
    ("advertising", "mobile_marketing", 2, True, False),
    ("content", "cms_web_experience", 5, False, False),
    ("content", "email_marketing", 6, True, False),
    ("content", "marketing_automation", 4, True, False),
    ("content", "dam_mrm_pim", 2, False, False),
    ("content", "optimisation_personalisation_testing", 3, False, False),
    ("content", "seo", 3, False, False),
    ("content", "interactive_content", 1, False, False),
    ("content", "video_marketing", 2, False, False),
    ("social", "crm", 4, True, True),
    ("social", "customer_experience_service", 4, True, False),
    ("social", "live_chat_chatbots", 3, True, False),
    ("social", "social_media_marketing", 5, False, False),
    ("social", "events_webinars", 2, True, False),
    ("social", "community_reviews", 2, False, False),
    ("social", "advocacy_loyalty_referrals", 2, True, False),
    ("commerce", "ecommerce_platforms", 3, True, False),
    ("commerce", "sales_automation", 3, True, False),
    ("commerce", "affiliate_marketing", 1, False, False),
    ("data", "cdp", 2, True, True),
    ("data", "web_mobile_analytics", 5, False, False),
    ("data", "marketing_analytics_attribution", 3, False, False),
    ("data", "dashboards_visualisation", 4, False, False),
    ("data", "ipaas_tag_management", 3, False, False),
    ("data", "governance_privacy", 2, True, False),
    ("management", "collaboration", 5, False, False),
    ("management", "projects_workflow", 4, False, False),
    ("management", "budgeting_finance", 1, False, False),
)
HUB_SUBCATEGORIES = frozenset({"crm", "cdp", "ipaas_tag_management", "marketing_automation"})
VENDORS = (
    "Acme", "Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark",
    "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Aperture", "Wonka", "Oscorp", "Gringotts",
)  # fmt: skip

CHANNELS = (
    ("web", 8), ("email", 6), ("mobile_app", 3), ("sms_push", 2), ("social", 4), ("chat", 3),
    ("paid", 3), ("search", 3), ("marketplace", 1), ("in_store", 2), ("sales_rep", 3),
    ("call_centre", 2), ("events", 1), ("partner", 1), ("direct_mail", 1),
)  # fmt: skip
METHODS = (
    ("native", 30), ("api", 25), ("ipaas", 15), ("cdp", 8), ("webhook", 7), ("file", 8),
    ("manual", 7),
)  # fmt: skip
FREQUENCIES = (("realtime", 25), ("hourly", 15), ("daily", 35), ("weekly", 15), ("adhoc", 10))
STAGES = ("awareness", "engagement", "purchase", "fulfilment", "service", "advocacy")
DATA_OBJECTS = (
    "contacts", "accounts", "leads", "orders", "events", "consent", "audiences", "content",
    "catalogue", "campaign", "support_cases", "other",
)  # fmt: skip


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...] | list) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _tool(rng: random.Random, tool_id: int) -> ToolFact:
    group, sub, _, pii, sor_able = rng.choices(SUBCATEGORIES, [row[2] for row in SUBCATEGORIES])[0]
    status = _pick(rng, (("active", 80), ("trial", 7), ("inactive", 8), ("retired", 5)))
    seats = active = None
    if rng.random() < 0.7:
        seats = rng.choice((3, 5, 10, 20, 25, 50, 100, 250, 500))
        # about a quarter under 30% utilisation, a few over capacity
        utilisation = _pick(
            rng, ((rng.uniform(0, 0.3), 25), (rng.uniform(0.3, 1.0), 65), (rng.uniform(1, 1.3), 10))
        )
        active = 0 if status == "inactive" else round(seats * utilisation)
    if rng.random() < 0.9:
        per_seat = rng.choice((120, 300, 600, 1200))
        cents = (seats or rng.randint(5, 40)) * per_seat * 100 + rng.randint(0, 99)
        cost = Decimal(cents).scaleb(-2)
    else:
        cost = None
    renewal = TODAY + dt.timedelta(days=rng.randint(-20, 380)) if rng.random() < 0.85 else None
    return ToolFact(
        id=tool_id,
        name=f"{rng.choice(VENDORS)} {sub.replace('_', ' ').title()} {tool_id}",
        category=group,
        subcategory=sub,
        status=status,
        annual_cost=cost,
        currency="EUR",
        licensed_seats=seats,
        active_users_30d=active,
        renewal_date=renewal,
        notice_period_days=rng.choice((None, 0, 30, 60, 90)) if renewal else None,
        lifecycle=rng.choice((None, "tolerate", "invest", "migrate", "eliminate", "evaluating")),
        stages=tuple(sorted(rng.sample(STAGES, rng.randint(1, 3)))),
        data_sensitivity=("pii" if pii and rng.random() < 0.8 else rng.choice(("internal", None))),
        system_of_record=sor_able and rng.random() < 0.35,
        owner=rng.choice(("Marketing", "Sales", "Service", "IT", "E-commerce")),
    )


def _integrations(rng: random.Random, tools: list[ToolFact], count: int) -> list[IntegrationFact]:
    usable = [t.id for t in tools if t.status != "retired"] or [t.id for t in tools]
    hubs = [t.id for t in tools if t.subcategory in HUB_SUBCATEGORIES and t.status != "retired"]
    rows = []
    for number in range(1, count + 1):
        source = rng.choice(hubs) if hubs and rng.random() < 0.4 else rng.choice(usable)
        target = rng.choice(usable)
        if target == source and len(usable) > 1:
            target = usable[(usable.index(source) + 1) % len(usable)]
        rows.append(
            IntegrationFact(
                id=number,
                source_id=source,
                target_id=target,
                direction=_pick(rng, (("one_way", 7), ("two_way", 3))),
                data_objects=tuple(sorted(rng.sample(DATA_OBJECTS, rng.randint(1, 3)))),
                method=_pick(rng, METHODS),
                frequency=_pick(rng, FREQUENCIES),
                status=_pick(rng, (("live", 80), ("planned", 8), ("broken", 6), ("deprecated", 6))),
                criticality=_pick(
                    rng, (("low", 25), ("medium", 40), ("high", 25), ("critical", 10))
                ),
                review_state=_pick(rng, (("verified", 55), ("unreviewed", 35), ("flagged", 10))),
            )
        )
    return rows


def _touchpoints(rng: random.Random, tools: list[ToolFact], count: int) -> list[TouchpointFact]:
    rows = []
    for number in range(1, count + 1):
        channel = _pick(rng, CHANNELS)
        automated = channel == "chat" and rng.random() < 0.7
        rows.append(
            TouchpointFact(
                id=number,
                name=f"{channel.replace('_', ' ').title()} touchpoint {number}",
                stage=_pick(rng, tuple(zip(STAGES, (5, 5, 4, 2, 3, 1), strict=True))),
                channel=channel,
                segment=rng.choice(("new", "switching", "existing", "all")),
                personalisation=_pick(rng, (("none", 55), ("rule_based", 35), ("individual", 10))),
                automated=automated or (channel in ("email", "sms_push") and rng.random() < 0.5),
                human_handover=(rng.random() < 0.6) if automated else None,
                ease=rng.randint(1, 5),
                tool_ids=tuple(sorted({rng.choice(tools).id for _ in range(rng.randint(0, 2))})),
            )
        )
    return rows


def _answer(rng: random.Random, question: Question) -> Any:
    kind = question.type
    if kind == s.MATURITY:
        return _pick(rng, ((1, 2), (2, 4), (3, 4), (4, 2), (5, 1)))
    if kind == s.YES_PARTLY_NO:
        return rng.choice(("yes", "partly", "no"))
    if kind == s.SINGLE_CHOICE:
        return rng.choice(question.choices).key
    if kind == s.MULTIPLE_CHOICE:
        picked = [c.key for c in question.choices if rng.random() < 0.5]
        return picked
    if kind in s.BANDED_TYPES:
        band = rng.choice(question.bands)
        high = band.max if band.max is not None else band.min + 10
        return round(rng.uniform(band.min, high))
    return "Synthetic answer."


def answers_for(framework: Framework, rng: random.Random) -> list[AnswerFact]:
    """Every question answered (none "not applicable"), ids in framework order."""
    return [
        AnswerFact(number, q.key, _answer(rng, q))
        for number, q in enumerate(framework.questions(), start=1)
    ]


@dataclass(frozen=True)
class SyntheticOrganisation:
    spec: OrgSpec
    today: dt.date
    tools: tuple[ToolFact, ...]
    integrations: tuple[IntegrationFact, ...]
    touchpoints: tuple[TouchpointFact, ...]
    answers: tuple[AnswerFact, ...]
    targets: dict[str, float]

    def to_input(self, framework: Framework | None = None) -> AssessmentInput:
        return AssessmentInput(
            framework=framework or load_default_framework(),
            answers=self.answers,
            tools=self.tools,
            integrations=self.integrations,
            touchpoints=self.touchpoints,
            targets=self.targets,
            today=self.today,
        )

    def as_records(self) -> dict[str, Any]:
        """JSON-ready dicts (dates as ISO strings, money as strings) for loaders and dumps."""

        def plain(value: Any) -> Any:
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, tuple | list):
                return [plain(v) for v in value]
            return value

        def rows(items: tuple) -> list[dict[str, Any]]:
            return [{k: plain(v) for k, v in dataclasses.asdict(item).items()} for item in items]

        return {
            "spec": dataclasses.asdict(self.spec),
            "today": self.today.isoformat(),
            "tools": rows(self.tools),
            "integrations": rows(self.integrations),
            "touchpoints": rows(self.touchpoints),
            "answers": rows(self.answers),
            "targets": self.targets,
        }


def generate(size: str | OrgSpec, framework: Framework | None = None) -> SyntheticOrganisation:
    spec = SPECS[size] if isinstance(size, str) else size
    rng = random.Random(spec.seed)
    tools = [_tool(rng, number) for number in range(1, spec.tools + 1)]
    integrations = _integrations(rng, tools, spec.integrations)
    touchpoints = _touchpoints(rng, tools, spec.touchpoints)
    answers = answers_for(framework or load_default_framework(), rng)
    targets = {key: 70.0 for key in s.STEP_KEYS}
    return SyntheticOrganisation(
        spec,
        TODAY,
        tuple(tools),
        tuple(integrations),
        tuple(touchpoints),
        tuple(answers),
        targets,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SPECS))
    parser.add_argument("--json", help="write the organisation as JSON to this file")
    args = parser.parse_args(argv)
    org = generate(args.size)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(org.as_records(), handle, indent=1)
    print(
        f"{org.spec.name}: {len(org.tools)} tools, {len(org.integrations)} integrations, "
        f"{len(org.touchpoints)} touchpoints, {len(org.answers)} answers"
    )


if __name__ == "__main__":
    main()
