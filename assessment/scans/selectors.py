"""Reads for discovery: every queryset scoped to one organisation, with its joins."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.discovery import catalogue
from assessment.models import (
    SCAN_WORKER_LOST,
    DiscoveredState,
    DiscoveredTool,
    DiscoverySource,
    ScanStatus,
    SiteScan,
    Tool,
)
from assessment.results_core.facts import DiscoveryFact, WebsiteFacts
from core.selectors import worker_is_alive


def discovered_tools(organisation):
    """The organisation's discovered tools with what the list shows (fixed query count)."""
    return (
        DiscoveredTool.objects.for_organisation(organisation)
        .select_related("subcategory", "subcategory__category", "tool", "last_scan")
        .order_by("gone_at", "name", "pk")
    )


def discovered_counts(organisation) -> dict[str, int]:
    """How many discovered tools in each state, present, gone, and awaiting a decision."""
    counts = DiscoveredTool.objects.for_organisation(organisation).aggregate(
        total=Count("pk"),
        present=Count("pk", filter=Q(gone_at__isnull=True)),
        gone=Count("pk", filter=Q(gone_at__isnull=False)),
        to_decide=Count("pk", filter=Q(state=DiscoveredState.NEW, gone_at__isnull=True)),
        **{state: Count("pk", filter=Q(state=state)) for state in DiscoveredState.values},
    )
    return counts


def scans(organisation):
    return SiteScan.objects.for_organisation(organisation).select_related("requested_by")


def latest_scan(organisation) -> SiteScan | None:
    return scans(organisation).first()


def last_done_scan(organisation) -> SiteScan | None:
    return scans(organisation).filter(status=ScanStatus.DONE).first()


def link_choices(organisation):
    """The tools a discovered tool may be linked to."""
    return Tool.objects.for_organisation(organisation).only("pk", "name").order_by("name")


def scan_state(scan: SiteScan, *, worker_alive: bool | None = None) -> tuple[str, str]:
    """(code, message) for the page and the API: queued, waiting_for_worker, running,
    stalled (lease ran out, not yet swept), done, failed. Asks about the worker only when
    it matters."""
    if scan.status == ScanStatus.DONE:
        return "done", ""
    if scan.status == ScanStatus.FAILED:
        # The stored error is English (gettext_noop); shown translated.
        return "failed", _(scan.error) if scan.error else _("The scan failed.")
    if scan.is_dead():
        return "stalled", _(SCAN_WORKER_LOST)
    if scan.status == ScanStatus.RUNNING:
        return "running", _("Scanning the website in the background.")
    if worker_alive is None:
        worker_alive = worker_is_alive()
    if not worker_alive:
        return "waiting_for_worker", _(
            "Waiting for the background worker — none is running. An administrator must "
            "start it (see docs/deployment.md)."
        )
    return "queued", _("Queued: the scan starts in a moment.")


# --- what the findings read -------------------------------------------------------------------

#: Catalogue categories whose tools show on the organisation's own website when in use (a
#: tag, a pixel, a chat widget, a consent banner): a paid one the scan does not see is
#: worth a question. CRMs, e-mail or e-commerce platforms are often elsewhere.
WEB_VISIBLE_CATEGORIES = frozenset(
    {
        "analytics",
        "tag-managers",
        "live-chat",
        "a-b-testing",
        "personalisation",
        "retargeting",
        "advertising",
        "cookie-compliance",
        "surveys",
        "marketing-automation",
        "customer-data-platform",
        "form-builders",
    }
)
WEBSITE_FINGERPRINTS = ("scriptSrc", "scripts", "html", "cookies", "headers", "meta")


def shows_on_a_website(entry) -> bool:
    """A catalogue entry of a web-visible kind that the scan can detect."""
    return bool(set(entry.categories) & WEB_VISIBLE_CATEGORIES) and any(
        entry.fingerprints.get(name) for name in WEBSITE_FINGERPRINTS
    )


def website_facts(organisation) -> WebsiteFacts:
    """The website scans' facts for the findings (plain data). Without a finished scan:
    empty (the rules stay quiet; the catalogue is not even loaded)."""
    organisation_id = getattr(organisation, "pk", organisation)
    last = (
        SiteScan.objects.filter(organisation_id=organisation_id, status=ScanStatus.DONE)
        .order_by("-finished_at", "-pk")
        .values_list("pk", "finished_at")
        .first()
    )
    if last is None:
        return WebsiteFacts()
    finished_at = last[1]
    rows = list(
        DiscoveredTool.objects.filter(organisation_id=organisation_id)
        .order_by("pk")
        .values_list(
            "pk", "slug", "name", "subcategory__key", "state", "tool_id", "gone_at", "source"
        )
    )
    discoveries = tuple(
        DiscoveryFact(pk, slug, name, key or "", state, tool_id, gone_at is None)
        for pk, slug, name, key, state, tool_id, gone_at, source in rows
        if source == DiscoverySource.WEBSITE
    )
    linked = {
        tool_id: slug
        for _pk, slug, _name, _key, state, tool_id, _gone, _source in rows
        if tool_id and state in (DiscoveredState.ADDED, DiscoveredState.LINKED)
    }
    site_tools = {}
    source = catalogue.catalogue()
    tools = Tool.objects.filter(organisation_id=organisation_id).values_list(
        "pk", "name", "catalogue_slug"
    )
    for tool_id, name, slug in tools:
        # The known product the tool is, else the discovery it was linked to, else its name.
        entry = (
            (source.get(slug) if slug else None)
            or (source.get(linked[tool_id]) if tool_id in linked else None)
            or source.by_name(name)
        )
        if entry is not None and shows_on_a_website(entry):
            site_tools[tool_id] = entry.slug
    return WebsiteFacts(
        scanned=True,
        scanned_on=timezone.localdate(finished_at) if finished_at else None,
        discoveries=discoveries,
        site_tools=site_tools,
    )


def sources_by_slug(organisation, slugs) -> dict[str, set[str]]:
    """The sources each catalogue slug was discovered through ({slug: {"website", "okta"}}):
    an app seen on the site and in an SSO list is one row per source, and each row names the
    others. One query."""
    found: dict[str, set[str]] = {}
    rows = (
        DiscoveredTool.objects.for_organisation(organisation)
        .filter(slug__in=set(slugs))
        .values_list("slug", "source")
    )
    for slug, source in rows:
        found.setdefault(slug, set()).add(source)
    return found
