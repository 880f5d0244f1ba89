"""The importable/exportable fields of the three inventories (tools, integrations, touchpoints).

One list per inventory drives header mapping, row cleaning, exports and the docs, so a
new column is added in one place. Aliases are the headers teams already use.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assessment.inventory_core.base import gettext_noop


class FieldKind(StrEnum):
    TEXT = "text"
    MONEY = "money"
    CURRENCY = "currency"
    INT = "int"
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"
    MULTI_CHOICE = "multi-choice"
    TOOL_REF = "tool-ref"
    TOOL_REF_LIST = "tool-ref-list"
    ID = "id"
    URL = "url"
    #: A member of the organisation, by e-mail (a tool's owner member, issue 16).
    MEMBER_EMAIL = "member-email"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One column. ``choices`` names a taxonomy list; ``min_value``/``max_value`` bound ints;
    ``default`` is what a blank cell stands for (the model's default) where it matters for
    telling rows apart."""

    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: str | None = None
    min_value: int | None = None
    max_value: int | None = None
    max_length: int = 200
    default: str | None = None


@dataclass(frozen=True, slots=True)
class InventorySpec:
    """An inventory's fields and how a row is matched to a stored entry.

    A row with a Stackscope ID (``id_field``, in every export) updates that entry. A row
    without one is matched by the natural key ``identity`` (rows typed by hand). When
    ``unique_identity`` is set, no two entries may share the natural key (tools by name,
    touchpoints by name, stage, channel and segment); integrations may (two API links
    between the same tools carrying different data), so they are told apart by the ID.
    """

    key: str
    label: str
    fields: tuple[FieldSpec, ...]
    identity: tuple[str, ...] = ()
    unique_identity: bool = True
    id_field: str | None = "stackscope_id"

    def field(self, key: str) -> FieldSpec:
        return next(f for f in self.fields if f.key == key)


K = FieldKind
#: The stored entry's id, first column of every export: a re-import updates that entry
#: even when its name or another part of its natural key changed. Not called just "ID",
#: so a sheet's own numbering column is not mistaken for it.
_STACKSCOPE_ID = FieldSpec(
    "stackscope_id",
    gettext_noop("Stackscope ID"),
    K.ID,
    aliases=("Stackscope id", "Stackscope row id"),
)
_NOTES = FieldSpec(
    "notes",
    gettext_noop("Notes"),
    aliases=("Comments", "Comment", "Remarks", "Description"),
    max_length=4000,
)

#: A tool's notes: "Description" is the tool's own column (below).
_TOOL_NOTES = FieldSpec(
    "notes",
    gettext_noop("Notes"),
    aliases=("Comments", "Comment", "Remarks"),
    max_length=4000,
)

TOOL_FIELDS: tuple[FieldSpec, ...] = (
    _STACKSCOPE_ID,
    FieldSpec(
        "name",
        gettext_noop("Name"),
        required=True,
        aliases=("Tool", "Tool name", "Product", "Application", "Platform", "Software", "System"),
    ),
    FieldSpec(
        "vendor", gettext_noop("Vendor"), aliases=("Supplier", "Provider", "Vendor name", "Company")
    ),
    FieldSpec(
        "website",
        gettext_noop("Website"),
        K.URL,
        aliases=(
            "URL",
            "Homepage",
            "Home page",
            "Web site",
            "Website URL",
            "Web address",
            "Product URL",
            "Vendor website",
        ),
        max_length=500,
    ),
    FieldSpec(
        "description",
        gettext_noop("Description"),
        aliases=("Product description", "Tool description", "What it does", "Summary"),
        max_length=4000,
    ),
    FieldSpec(
        "category",
        gettext_noop("Category"),
        K.CHOICE,
        choices="category_groups",
        aliases=("Category group", "Group", "Martech category"),
    ),
    FieldSpec(
        "subcategory",
        gettext_noop("Subcategory"),
        K.CHOICE,
        choices="subcategories",
        aliases=("Sub-category", "Tool type", "Function", "Capability"),
    ),
    FieldSpec(
        "plan_tier",
        gettext_noop("Plan tier"),
        aliases=("Plan", "Tier", "Edition", "Licence type", "License type", "Package"),
    ),
    FieldSpec(
        "business_owner",
        gettext_noop("Business owner"),
        aliases=("Owner", "Owned by", "Tool owner"),
    ),
    # Not keyed "owned_by": that reads as the "Owned by" alias of the business owner. The
    # import writes it to Tool.owned_by (imports/commit.py), the export reads it from there.
    FieldSpec(
        "owner_email",
        gettext_noop("Owner e-mail"),
        K.MEMBER_EMAIL,
        aliases=("Owner email", "Owner e-mail address", "Owner (member)", "Owner member"),
        max_length=254,
    ),
    FieldSpec(
        "owning_team",
        gettext_noop("Owning team"),
        aliases=("Team", "Department", "Dept", "Business unit"),
    ),
    FieldSpec(
        "status",
        gettext_noop("Status"),
        K.CHOICE,
        choices="tool_statuses",
        aliases=("Tool status", "State"),
    ),
    FieldSpec(
        "annual_cost",
        gettext_noop("Annual cost"),
        K.MONEY,
        aliases=(
            "Cost",
            "Cost annual",
            "Annual spend",
            "Spend",
            "Yearly cost",
            "Cost per year",
            "Annual price",
            "Price",
            "ACV",
            "Contract value",
        ),
    ),
    FieldSpec("currency", gettext_noop("Currency"), K.CURRENCY, aliases=("Ccy", "Cost currency")),
    FieldSpec(
        "contract_start",
        gettext_noop("Contract start"),
        K.DATE,
        aliases=("Contract start date", "Start date", "Start", "Signed on"),
    ),
    FieldSpec(
        "renewal_date",
        gettext_noop("Renewal date"),
        K.DATE,
        aliases=("Renewal", "Renews", "Renews on", "Contract end", "End date", "Expiry", "Expires"),
    ),
    FieldSpec(
        "auto_renewal",
        gettext_noop("Auto-renewal"),
        K.BOOL,
        aliases=("Auto renew", "Auto renews", "Autorenew", "Automatic renewal"),
    ),
    FieldSpec(
        "notice_period_days",
        gettext_noop("Notice period (days)"),
        K.INT,
        min_value=0,
        max_value=3650,
        aliases=("Notice period", "Notice", "Notice days", "Cancellation notice"),
    ),
    FieldSpec(
        "licensed_seats",
        gettext_noop("Licensed seats"),
        K.INT,
        min_value=0,
        aliases=("Seats", "Licences", "Licenses", "Licensed users", "Seat count", "Paid seats"),
    ),
    FieldSpec(
        "active_users_30d",
        gettext_noop("Active users (30 days)"),
        K.INT,
        min_value=0,
        aliases=(
            "Active users",
            "Active users 30d",
            "Active users last 30 days",
            "Monthly active users",
            "MAU",
            "Active seats",
        ),
    ),
    FieldSpec(
        "satisfaction",
        gettext_noop("Satisfaction (1–5)"),
        K.INT,
        min_value=1,
        max_value=5,
        aliases=("Satisfaction", "User satisfaction", "CSAT", "Rating"),
    ),
    FieldSpec(
        "lifecycle",
        gettext_noop("Lifecycle decision"),
        K.CHOICE,
        choices="lifecycle_decisions",
        aliases=("Lifecycle", "TIME", "Decision", "TIME decision", "Disposition"),
    ),
    FieldSpec(
        "stages",
        gettext_noop("Journey stages"),
        K.MULTI_CHOICE,
        choices="journey_stages",
        aliases=("Stages", "Stage", "Journey stage", "Customer journey"),
    ),
    FieldSpec(
        "data_sensitivity",
        gettext_noop("Data sensitivity"),
        K.CHOICE,
        choices="data_sensitivities",
        aliases=("Sensitivity", "Data classification", "Classification"),
    ),
    FieldSpec(
        "system_of_record",
        gettext_noop("System of record"),
        K.BOOL,
        aliases=("SoR", "Holds customer profile", "Customer profile", "Golden record"),
    ),
    FieldSpec(
        "authentication",
        gettext_noop("Authentication"),
        K.CHOICE,
        choices="authentication_methods",
        aliases=("Auth", "SSO", "Login", "Sign-in"),
    ),
    _TOOL_NOTES,
)

INTEGRATION_FIELDS: tuple[FieldSpec, ...] = (
    _STACKSCOPE_ID,
    FieldSpec(
        "source",
        gettext_noop("Source"),
        K.TOOL_REF,
        required=True,
        aliases=("From", "Source tool", "Source system", "Sender", "Origin"),
    ),
    FieldSpec(
        "target",
        gettext_noop("Target"),
        K.TOOL_REF,
        required=True,
        aliases=("To", "Target tool", "Target system", "Destination", "Receiver"),
    ),
    FieldSpec(
        "direction",
        gettext_noop("Direction"),
        K.CHOICE,
        choices="integration_directions",
        aliases=("Flow", "Sync direction"),
    ),
    FieldSpec(
        "data_objects",
        gettext_noop("Data objects"),
        K.MULTI_CHOICE,
        choices="data_objects",
        aliases=("Data", "Objects", "Data carried", "Data synced", "Data types", "Entities"),
    ),
    FieldSpec(
        "method",
        gettext_noop("Method"),
        K.CHOICE,
        choices="integration_methods",
        default="api",
        aliases=("Integration method", "Mechanism", "Integration type", "Connector", "Type"),
    ),
    FieldSpec(
        "frequency",
        gettext_noop("Frequency"),
        K.CHOICE,
        choices="frequencies",
        aliases=("Sync frequency", "Cadence", "Schedule", "How often"),
    ),
    FieldSpec(
        "status",
        gettext_noop("Status"),
        K.CHOICE,
        choices="integration_statuses",
        aliases=("Integration status", "State", "Health"),
    ),
    FieldSpec(
        "criticality",
        gettext_noop("Criticality"),
        K.CHOICE,
        choices="criticalities",
        aliases=("Priority", "Importance", "Business criticality"),
    ),
    FieldSpec(
        "technical_owner",
        gettext_noop("Technical owner"),
        aliases=("Tech owner", "Owner", "IT owner", "Maintainer"),
    ),
    FieldSpec(
        "review_state",
        gettext_noop("Review state"),
        K.CHOICE,
        choices="review_states",
        aliases=("Review", "IT review", "Review status", "Reviewed"),
    ),
    _NOTES,
)

TOUCHPOINT_FIELDS: tuple[FieldSpec, ...] = (
    _STACKSCOPE_ID,
    FieldSpec(
        "name",
        gettext_noop("Name"),
        required=True,
        aliases=("Touchpoint", "Touchpoint name", "Interaction"),
    ),
    FieldSpec(
        "stage",
        gettext_noop("Journey stage"),
        K.CHOICE,
        required=True,
        choices="journey_stages",
        aliases=("Stage", "Phase", "Journey phase"),
    ),
    FieldSpec(
        "channel",
        gettext_noop("Channel"),
        K.CHOICE,
        required=True,
        choices="channels",
        aliases=("Medium", "Touchpoint channel"),
    ),
    FieldSpec(
        "segment",
        gettext_noop("Segment"),
        K.CHOICE,
        choices="segments",
        default="all",
        aliases=("Customer segment", "Audience", "Customer type"),
    ),
    FieldSpec(
        "personalisation",
        gettext_noop("Personalisation"),
        K.CHOICE,
        choices="personalisation_levels",
        aliases=("Personalization", "Personalised", "Personalized", "Personalisation level"),
    ),
    FieldSpec(
        "human_handover",
        gettext_noop("Human hand-over"),
        K.BOOL,
        aliases=("Handover", "Human handover available", "Escalation to human", "Live agent"),
    ),
    FieldSpec("owner", gettext_noop("Owner"), aliases=("Responsible", "Touchpoint owner", "Team")),
    FieldSpec(
        "tools",
        gettext_noop("Tools"),
        K.TOOL_REF_LIST,
        aliases=("Tool", "Powered by", "Systems", "Technology"),
        max_length=2000,
    ),
    FieldSpec(
        "ease",
        gettext_noop("Ease (1–5)"),
        K.INT,
        min_value=1,
        max_value=5,
        aliases=("Ease", "Ease score", "Ease of use"),
    ),
    _NOTES,
)

TOOL = InventorySpec("tool", "Tools", TOOL_FIELDS, identity=("name",))
INTEGRATION = InventorySpec(
    "integration",
    "Integrations",
    INTEGRATION_FIELDS,
    identity=("source", "target", "method"),
    unique_identity=False,
)
TOUCHPOINT = InventorySpec(
    "touchpoint",
    "Touchpoints",
    TOUCHPOINT_FIELDS,
    identity=("name", "stage", "channel", "segment"),
)
INVENTORIES: dict[str, InventorySpec] = {s.key: s for s in (TOOL, INTEGRATION, TOUCHPOINT)}
