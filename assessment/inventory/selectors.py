"""Reads for the inventories: every queryset is scoped to one organisation and carries the
joins its page needs, so list pages run a fixed number of queries whatever their size."""

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.inventory_core.columns import header_signature
from assessment.models import (
    IMPORT_WORKER_LOST,
    DataObject,
    DiscoveredTool,
    FindingThresholds,
    ImportJob,
    ImportJobKind,
    ImportJobStatus,
    ImportMapping,
    Integration,
    ReviewState,
    SiteScan,
    Tool,
    ToolCategory,
    ToolStatus,
    ToolSubcategory,
    Touchpoint,
)
from assessment.results_core.facts import Thresholds
from core.selectors import worker_is_alive
from core.versions import Arm, version


def _count(queryset, field: str):
    """A correlated COUNT subquery (two reverse joins in one query would multiply rows)."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _ratio(numerator: str, denominator: str, **known):
    """numerator ÷ denominator in SQL, None where the pure core's rule gives None."""
    return Case(
        When(
            **{f"{denominator}__gt": 0, f"{numerator}__isnull": False},
            **known,
            then=Cast(F(numerator), FloatField()) / Cast(F(denominator), FloatField()),
        ),
        default=None,
        output_field=FloatField(),
    )


def tools(organisation):
    """Tools with category, subcategory, their integration count (in + out), and the
    derived values lists sort by, computed in the same query (utilisation_ratio is
    active users ÷ seats, None when seats are 0 or blank; cost_per_user is annual cost ÷
    active users, None with 0 or unknown users): the same rules as inventory_core.derived."""
    return (
        Tool.objects.for_organisation(organisation)
        .select_related("category", "subcategory")
        .annotate(
            integration_count=_count(Integration.objects.all(), "source")
            + _count(Integration.objects.all(), "target"),
            utilisation_ratio=_ratio("active_users_30d", "licensed_seats"),
            cost_per_user=_ratio("annual_cost", "active_users_30d"),
        )
    )


def data_version(organisation) -> str:
    """A cheap key that changes whenever an inventory, its taxonomy, the thresholds or the
    members change: per table the row count, the latest ``updated_at`` and the highest id,
    in one query. What is rendered from the inventories (the maps, the engine's result,
    pages in ``core.render_cache``) is cached under it, so no stale copy is ever served:
    every write through the services bumps ``updated_at``, and a delete changes a count.

    The link tables (an integration's data objects, a touchpoint's tools) are not read —
    joining them cost more than the rest of the query: a link changes only with its parent
    (``services._apply`` saves the parent when only its links change, the import's bulk
    writer bumps its ``updated_at``, the admin saves the row before its links), and
    deleting either end changes that end's count."""
    organisation_id = getattr(organisation, "pk", organisation)
    rows = version("inventory.data_version", data_arms, organisation=organisation_id)
    return f"{organisation_id}:" + ":".join(":".join(map(str, row)) for row in rows)


def data_arms(placeholders: dict[str, int]) -> list[Arm]:
    """``data_version``'s tables, as arms of a ``core.versions`` query (other versions
    include them to stay one query)."""
    from assessment.models import Thread
    from core.models import Membership

    organisation = placeholders["organisation"]
    tables = {
        "tools": Tool,
        "integrations": Integration,
        "touchpoints": Touchpoint,
        "categories": ToolCategory,
        "subcategories": ToolSubcategory,
        "objects": DataObject,
        "thresholds": FindingThresholds,
        # what the website scans found: the findings read it (results_core.findings.website)
        "discovered": DiscoveredTool,
        "scans": SiteScan,
        # who can be named (owners, "answered by"): the pages cached under this show them
        "members": Membership,
        "threads": Thread,  # the lists' open-conversation counts (assessment.comments)
    }
    return [
        (f"data:{name}", model.objects.filter(organisation=organisation), "updated_at")
        for name, model in tables.items()
    ]


def underused_below(organisation) -> float:
    """The organisation's under-used threshold (share of seats), as the findings use it."""
    value = (
        FindingThresholds.objects.filter(organisation=organisation)
        .values_list("underused_utilisation", flat=True)
        .first()
    )
    return Thresholds().underused_utilisation if value is None else value


def tool_detail(organisation):
    return tools(organisation).prefetch_related(
        Prefetch(
            "outgoing",
            queryset=Integration.objects.select_related("target").prefetch_related("data_objects"),
        ),
        Prefetch(
            "incoming",
            queryset=Integration.objects.select_related("source").prefetch_related("data_objects"),
        ),
        "touchpoints",
    )


def integrations(organisation):
    return (
        Integration.objects.for_organisation(organisation)
        .select_related("source", "target", "source__category", "target__category", "reviewed_by")
        .prefetch_related("data_objects")
    )


#: The review queue's sort keys (the only ones accepted) → ORDER BY; "oldest" is the default.
#: "Oldest" is by when the integration was added: the queue keeps no "entered at".
REVIEW_QUEUE_SORTS = {
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "source": ("source__name", "target__name", "pk"),
    "target": ("target__name", "source__name", "pk"),
    "flagged": (
        Case(When(review_state=ReviewState.FLAGGED, then=Value(0)), default=Value(1)),
        "created_at",
        "pk",
    ),
}
REVIEW_QUEUE_DEFAULT_SORT = "oldest"
REVIEW_QUEUE_STATES = (ReviewState.UNREVIEWED, ReviewState.FLAGGED)


def review_queue(organisation, sort: str = REVIEW_QUEUE_DEFAULT_SORT):
    """Integrations IT still has to look at (unreviewed or flagged), sorted by one of
    ``REVIEW_QUEUE_SORTS`` (an unknown key sorts by the default)."""
    return sort_review_queue(
        integrations(organisation).filter(review_state__in=REVIEW_QUEUE_STATES), sort
    )


def sort_review_queue(queryset, sort: str):
    order = REVIEW_QUEUE_SORTS.get(sort) or REVIEW_QUEUE_SORTS[REVIEW_QUEUE_DEFAULT_SORT]
    return queryset.order_by(*order)


def review_counts(organisation) -> dict:
    """How many integrations wait for IT, in one query: ``unreviewed``, ``flagged`` and
    their sum ``to_review``."""
    counts = Integration.objects.for_organisation(organisation).aggregate(
        unreviewed=Count("pk", filter=Q(review_state=ReviewState.UNREVIEWED)),
        flagged=Count("pk", filter=Q(review_state=ReviewState.FLAGGED)),
    )
    return {**counts, "to_review": counts["unreviewed"] + counts["flagged"]}


def all_integrations_of(organisation, ids) -> bool:
    """True when every id names an integration of the organisation (one query)."""
    wanted = set(ids)
    found = Integration.objects.for_organisation(organisation).filter(pk__in=wanted).count()
    return found == len(wanted)


def touchpoints(organisation):
    return Touchpoint.objects.for_organisation(organisation).prefetch_related(
        Prefetch("tools", queryset=Tool.objects.only("pk", "name"))
    )


def categories(organisation):
    return ToolCategory.objects.for_organisation(organisation).annotate(
        subcategory_count=_count(ToolSubcategory.objects.all(), "category"),
        tool_count=_count(Tool.objects.all(), "category"),
    )


def subcategories(organisation):
    return (
        ToolSubcategory.objects.for_organisation(organisation)
        .select_related("category")
        .annotate(tool_count=_count(Tool.objects.all(), "subcategory"))
    )


def data_objects(organisation):
    return (
        DataObject.objects.for_organisation(organisation)
        .annotate(integration_count=Count("integrations"))
        .order_by("position", "name")  # GROUP BY queries drop Meta.ordering
    )


def tool_names(organisation) -> list[str]:
    return list(Tool.objects.for_organisation(organisation).values_list("name", flat=True))


def dashboard_counts(organisation, today: dt.date | None = None) -> dict:
    tool_rows = Tool.objects.for_organisation(organisation).exclude(status=ToolStatus.RETIRED)
    totals = tool_rows.aggregate(n=Count("pk"), cost=Sum("annual_cost"))
    reviews = Integration.objects.for_organisation(organisation).aggregate(
        total=Count("pk"),
        unreviewed=Count("pk", filter=Q(review_state=ReviewState.UNREVIEWED)),
        flagged=Count("pk", filter=Q(review_state=ReviewState.FLAGGED)),
    )
    currencies = sorted(set(tool_rows.exclude(annual_cost=None).values_list("currency", flat=True)))
    return {
        "tool_count": totals["n"],
        "annual_cost": totals["cost"] or Decimal(0),
        "cost_currency": currencies[0] if len(currencies) == 1 else "",
        "mixed_currencies": len(currencies) > 1,
        "integration_count": reviews["total"],
        "to_review": reviews["unreviewed"] + reviews["flagged"],
        "unreviewed": reviews["unreviewed"],
        "flagged": reviews["flagged"],
        "touchpoint_count": Touchpoint.objects.for_organisation(organisation).count(),
    }


def import_mapping(organisation, inventory: str, headers) -> ImportMapping | None:
    """The column and value mappings remembered for files of this header shape."""
    return (
        ImportMapping.objects.for_organisation(organisation)
        .filter(kind=inventory, signature=header_signature(headers))
        .first()
    )


def recent_import_jobs(organisation, inventory: str, limit: int = 5):
    """The organisation's latest background imports into one inventory (one query)."""
    return (
        ImportJob.objects.for_organisation(organisation)
        .filter(inventory=inventory)
        .select_related("user")
        .order_by("-created_at", "-pk")[:limit]
    )


def import_job(organisation, inventory: str, pk: int) -> ImportJob | None:
    return (
        ImportJob.objects.for_organisation(organisation)
        .filter(inventory=inventory, pk=pk)
        .select_related("user")
        .first()
    )


def import_job_status_text(job: ImportJob, *, worker_alive: bool | None = None) -> str:
    """The one place a job's state is worded for people (the status page, the list of
    recent imports): a queued job with no live worker says it is waiting for one, a
    running one whose lease ran out that its worker stopped (docs/tasks.md)."""
    if job.status == ImportJobStatus.QUEUED:
        if worker_alive is None:
            worker_alive = worker_is_alive()
        if not worker_alive:
            return _(
                "Waiting for the background worker — none is running. An administrator "
                "must start it (see docs/deployment.md)."
            )
        return _("Waiting to start…")
    if job.status == ImportJobStatus.RUNNING:
        if job.is_dead():
            return _(IMPORT_WORKER_LOST)
        if job.kind == ImportJobKind.READ:
            return _("Reading the file…") if job.progress < 60 else _("Preparing the preview…")
        return _("Checking the rows…") if job.progress < 50 else _("Saving…")
    if job.kind == ImportJobKind.READ and job.status == ImportJobStatus.DONE:
        return ngettext("Read: %(rows)d row", "Read: %(rows)d rows", job.rows) % {"rows": job.rows}
    return job.get_status_display()


def import_job_error(job: ImportJob) -> str:
    """Why a job failed, for people: stored in the starter's language, except the worker's
    loss, which the sweep stores in English and is translated here."""
    if job.error == IMPORT_WORKER_LOST:
        return _(IMPORT_WORKER_LOST)
    return job.error
