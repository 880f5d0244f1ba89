"""The engine's input: plain, frozen facts read from answers and inventories.

The ORM layer (or the benchmark generator, or a test) builds these; the engine never touches
the database, a request or Django. Vocabulary keys follow ``assessment/data/taxonomy.yaml``
and ``docs/framework.md``; unknown keys are tolerated and simply match no rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from assessment.questionnaire_core import NA, Framework
from assessment.questionnaire_core.schema import STEP_KEYS, TAG_VOCABULARIES

# The six customer-journey stages, in journey order (the journey is a loop).
JOURNEY_STAGES: tuple[str, ...] = TAG_VOCABULARIES["stages"]

# Channels that count as digital for stage coverage and personalisation coverage.
# ``paid`` is the brief's key, ``paid_media`` the taxonomy's; both are accepted.
DIGITAL_CHANNELS: frozenset[str] = frozenset(
    {
        "web",
        "mobile_app",
        "email",
        "sms_push",
        "social",
        "chat",
        "paid",
        "paid_media",
        "search",
        "marketplace",
    }
)

# Tool statuses counted as "in the stack" by metrics and most rules.
ACTIVE_TOOL_STATUS = "active"
# Tools still under contract (a renewal can hit them): everything but retired.
CONTRACTED_TOOL_STATUSES: frozenset[str] = frozenset({"active", "trial", "inactive"})

# Integration methods a person performs, or that move whole files in batches: not automated.
MANUAL_METHODS: frozenset[str] = frozenset({"manual", "file"})
# Frequencies at which a manual hand-off is a real burden and a real risk.
FREQUENT_FREQUENCIES: frozenset[str] = frozenset({"realtime", "hourly", "daily"})
HIGH_CRITICALITY: frozenset[str] = frozenset({"high", "critical"})
# Data objects about identifiable customers (profile and transactions).
CUSTOMER_DATA_OBJECTS: frozenset[str] = frozenset(
    {"contacts", "accounts", "leads", "orders", "consent", "support_cases"}
)
PERSONALISED: frozenset[str] = frozenset({"rule_based", "individual"})
RETENTION_STAGES: tuple[str, ...] = ("service", "advocacy")


@dataclass(frozen=True, slots=True)
class AnswerFact:
    """One stored answer: the clean value, or ``is_na`` for "not applicable"."""

    id: int | None
    question_key: str
    value: Any
    is_na: bool = False


@dataclass(frozen=True, slots=True)
class ToolFact:
    id: int
    name: str
    category: str = ""  # group slug: advertising/content/social/commerce/data/management
    subcategory: str = ""  # subcategory slug (taxonomy.yaml), "" when unknown
    status: str = "active"  # active/trial/inactive/retired
    annual_cost: Decimal | None = None
    currency: str = "EUR"
    licensed_seats: int | None = None
    active_users_30d: int | None = None
    renewal_date: dt.date | None = None
    notice_period_days: int | None = None
    lifecycle: str | None = None  # tolerate/invest/migrate/eliminate/evaluating
    stages: tuple[str, ...] = ()
    data_sensitivity: str | None = None  # pii/internal/anonymised
    system_of_record: bool = False
    owner: str = ""
    subcategory_name: str = ""  # the organisation's own name for it, for readable findings

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE_TOOL_STATUS

    @property
    def utilisation(self) -> float | None:
        """Active users / seats (may exceed 1); None when unknown or not seat-based."""
        if self.active_users_30d is None or not self.licensed_seats:
            return None
        return self.active_users_30d / self.licensed_seats

    @property
    def last_day_to_cancel(self) -> dt.date | None:
        """Renewal minus notice period; a blank notice period counts as 0 days."""
        if self.renewal_date is None:
            return None
        return self.renewal_date - dt.timedelta(days=self.notice_period_days or 0)


@dataclass(frozen=True, slots=True)
class IntegrationFact:
    """A directed edge ``source_id → target_id`` between two tools."""

    id: int
    source_id: int
    target_id: int
    direction: str = "one_way"  # one_way/two_way
    data_objects: tuple[str, ...] = ()
    method: str = "api"  # native/api/ipaas/cdp/webhook/file/manual
    frequency: str = "daily"  # realtime/hourly/daily/weekly/adhoc
    status: str = "live"  # live/planned/broken/deprecated
    criticality: str = "medium"  # low/medium/high/critical
    review_state: str = "unreviewed"  # unreviewed/verified/flagged

    @property
    def is_live(self) -> bool:
        return self.status == "live"

    @property
    def is_in_use(self) -> bool:
        """Not deprecated: what the findings, the report's summary and its map count as the
        integrations "in use" (planned and broken ones included), so their totals agree."""
        return self.status != "deprecated"

    @property
    def is_manual(self) -> bool:
        return self.method in MANUAL_METHODS

    @property
    def carries_customer_data(self) -> bool:
        return any(obj in CUSTOMER_DATA_OBJECTS for obj in self.data_objects)


@dataclass(frozen=True, slots=True)
class TouchpointFact:
    id: int
    name: str
    stage: str  # awareness/engagement/purchase/fulfilment/service/advocacy
    channel: str  # web, mobile_app, email, ... (see DIGITAL_CHANNELS)
    segment: str = "all"  # new/switching/existing/all
    personalisation: str = "none"  # none/rule_based/individual
    automated: bool = False
    human_handover: bool | None = None
    ease: int | None = None  # 1-5
    tool_ids: tuple[int, ...] = ()

    @property
    def is_digital(self) -> bool:
        return self.channel in DIGITAL_CHANNELS

    @property
    def is_personalised(self) -> bool:
        return self.personalisation in PERSONALISED


@dataclass(frozen=True, slots=True)
class DiscoveryFact:
    """A technology a website scan saw (``assessment.scans``), as the website rules read it.

    ``subcategory`` is the proposed taxonomy key ("" when it is not martech); ``tool_id``
    the inventory tool it is matched or linked to; ``present``: seen by the last scan."""

    id: int
    slug: str
    name: str
    subcategory: str = ""
    state: str = "new"  # new/added/linked/ignored
    tool_id: int | None = None
    present: bool = True


@dataclass(frozen=True, slots=True)
class WebsiteFacts:
    """What the organisation's website scans found. ``scanned`` is False until a scan has
    finished: the website rules stay quiet until then. ``site_tools`` pairs an inventory
    tool's id with its catalogue slug, for tools of a kind that shows on a website (the
    catalogue has website fingerprints for it: analytics, tag managers, chat, heat maps…);
    pairs, not a mapping, so the input pickles into the results cache as it is."""

    scanned: bool = False
    scanned_on: dt.date | None = None
    discoveries: tuple[DiscoveryFact, ...] = ()
    site_tools: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "discoveries", tuple(self.discoveries))
        pairs = self.site_tools.items() if isinstance(self.site_tools, Mapping) else self.site_tools
        object.__setattr__(self, "site_tools", tuple(sorted((int(k), v) for k, v in pairs)))


@dataclass(frozen=True, slots=True)
class OwnershipFacts:
    """Tool owners' confirmations of their records (issue 16). ``records`` pairs the id of
    each tool that has an owner member with the day its record was confirmed (None: not
    confirmed); a confirmation older than ``stale_days`` is stale. Tools without an owner
    member are not listed: nobody can confirm them, and the rule stays quiet without any."""

    stale_days: int = 180
    records: tuple[tuple[int, dt.date | None], ...] = ()

    def __post_init__(self) -> None:
        pairs = self.records.items() if isinstance(self.records, Mapping) else self.records
        object.__setattr__(self, "records", tuple(sorted((int(k), v) for k, v in pairs)))

    def is_stale(self, confirmed_on: dt.date | None, today: dt.date) -> bool:
        """Not confirmed, or confirmed more than ``stale_days`` days before ``today``."""
        return confirmed_on is None or (today - confirmed_on).days > self.stale_days


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Per-organisation knobs of the rules and the roadmap (defaults documented in
    docs/scoring.md). Comparisons are "strictly below" for ratios and scores and
    "within N days, inclusive" for dates."""

    underused_utilisation: float = 0.30  # utilisation < this → under-used
    renewal_window_days: int = 90  # renewal or last day to cancel within N days
    urgent_cancel_days: int = 30  # last day to cancel within N days → high severity
    weak_answer_score: float = 40.0  # a heavy question scored < this is weak
    heavy_weight: float = 1.5  # question weight ≥ this is "heavy"
    overlap_min_tools: int = 2  # active tools in one subcategory ≥ this → overlap
    seat_headroom: float = 0.20  # seats kept when downsizing = ceil(active × (1 + this))
    gap_min_points: float = 10.0  # roadmap item when a step is below target by more
    gap_items_max: int = 3  # at most this many "gap:<step>" items, largest first


@dataclass(frozen=True, kw_only=True)
class AssessmentInput:
    """Everything the engine reads. ``today`` is passed in (never read from the clock) so a
    result is reproducible and follows the organisation's time zone."""

    framework: Framework
    today: dt.date
    answers: tuple[AnswerFact, ...] = ()
    tools: tuple[ToolFact, ...] = ()
    integrations: tuple[IntegrationFact, ...] = ()
    touchpoints: tuple[TouchpointFact, ...] = ()
    targets: Mapping[str, float | None] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    website: WebsiteFacts = field(default_factory=WebsiteFacts)
    ownership: OwnershipFacts = field(default_factory=OwnershipFacts)

    def __post_init__(self) -> None:
        # Accept lists for convenience; store tuples and a read-only mapping (frozen input).
        for name in ("answers", "tools", "integrations", "touchpoints"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        unknown = set(self.targets) - set(STEP_KEYS)
        if unknown:
            raise ValueError(f"targets for unknown steps: {sorted(unknown)}")
        object.__setattr__(self, "targets", MappingProxyType(dict(self.targets)))

    def answer_values(self) -> dict[str, Any]:
        """Question key → clean answer, ``NA`` for "not applicable" (the framework's form)."""
        return {a.question_key: NA if a.is_na else a.value for a in self.answers}

    def answer_ids(self) -> dict[str, int | None]:
        return {a.question_key: a.id for a in self.answers}
