"""Writes for discovery (issue 18): request a website scan, run it, record what it found,
and the member's decisions on each discovered tool (add, link, ignore).

The pure side is `assessment.discovery` (catalogue, safe fetching, detection, `scan_site`);
this is its Django layer. A scan is a leased job (`SiteScan`, docs/tasks.md): the request
queues it, `tasks.run_site_scan` claims it and calls `run_scan`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from assessment.discovery import catalogue, category_map
from assessment.discovery.scan import MB, ScanResult, scan_site
from assessment.inventory import services as inventory_services
from assessment.models import (
    DiscoveredState,
    DiscoveredTool,
    DiscoverySource,
    Integration,
    ScanStatus,
    SiteScan,
    Tool,
    ToolSubcategory,
)
from core import jobs, undo
from core.services import ServiceError

logger = logging.getLogger(__name__)

#: At most this many addresses per scan (each is a start page; links are followed).
MAX_URLS = 5

#: What a member reads when the scan itself broke (a bug, not a page that failed).
SCAN_FAILED = gettext_noop("The scan stopped with an unexpected error; start it again.")


def scan_limits() -> dict:
    """The bounds of one scan (issue 18: 20 pages, 5 MB each, 30 s in all)."""
    return {
        "max_pages": getattr(settings, "DISCOVERY_SCAN_MAX_PAGES", 20),
        "max_bytes": getattr(settings, "DISCOVERY_SCAN_MAX_BYTES", 5 * MB),
        "deadline": getattr(settings, "DISCOVERY_SCAN_SECONDS", 30.0),
    }


# --- requesting a scan ------------------------------------------------------------------------


def normalise_url(text: str) -> str:
    """One site address as the scan fetches it: http(s), lower-case host, a path, no
    fragment; "example.com" means https://example.com/. ServiceError when it is not one."""
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Enter a site address."))
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise ServiceError(_("“%(url)s” is not a web address.") % {"url": text}) from error
    if parts.scheme.lower() not in ("http", "https"):
        raise ServiceError(
            _("“%(url)s” is not scanned: only http and https addresses are.") % {"url": text}
        )
    if parts.username or parts.password:
        raise ServiceError(
            _("“%(url)s” holds a user name or password; enter the address without it.")
            % {"url": text}
        )
    host = (parts.hostname or "").lower()
    if not host or any(c.isspace() for c in text):
        raise ServiceError(_("“%(url)s” is not a web address.") % {"url": text})
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def normalise_urls(urls) -> list[str]:
    """1–5 distinct addresses, normalised, in the order given."""
    if isinstance(urls, str):
        urls = urls.split()
    cleaned = list(dict.fromkeys(normalise_url(u) for u in urls if u and str(u).strip()))
    if not cleaned:
        raise ServiceError(_("Enter at least one site address."))
    if len(cleaned) > MAX_URLS:
        raise ServiceError(
            ngettext(
                "Enter at most %(count)d site address.",
                "Enter at most %(count)d site addresses.",
                MAX_URLS,
            )
            % {"count": MAX_URLS}
        )
    return cleaned


@transaction.atomic
def request_scan(*, organisation, user, urls) -> SiteScan:
    """Queue a scan of ``urls`` (1–5 addresses). One scan runs per organisation at a time:
    ServiceError while another is queued or running (a dead one is failed first)."""
    cleaned = normalise_urls(urls)
    pending = SiteScan.objects.for_organisation(organisation).select_for_update().pending()
    jobs.fail_lost(pending)  # a scan whose worker died never blocks the next one
    if pending.exists():
        raise ServiceError(
            _("A scan of this organisation's website is already running; wait for it to finish.")
        )
    scan = SiteScan.objects.create(
        organisation=organisation,
        requested_by=user,
        urls=cleaned,
        heartbeat_at=timezone.now(),  # a lease for the task id to arrive (core.jobs)
    )
    jobs.enqueue(scan)  # once the transaction commits
    return scan


# --- running it -------------------------------------------------------------------------------


def run_scan(scan: SiteScan, *, fetcher=None) -> SiteScan:
    """Scan the site (the scan is claimed: RUNNING) and record what it found. Failed pages
    are the scan's `errors`, never its failure; an unexpected error fails the scan."""
    jobs.record_progress(scan, ScanStatus.RUNNING, 5)
    try:
        with jobs.keep_alive(scan):
            result = scan_site(
                scan.urls,
                fetcher=fetcher,
                on_page=lambda progress: jobs.record_progress(
                    scan, ScanStatus.RUNNING, progress.percent, pages_visited=progress.pages
                ),
                **scan_limits(),
            )
        record_scan(scan, result)
    except Exception:
        logger.exception("Website scan %s failed", scan.pk)
        jobs.record_progress(
            scan, ScanStatus.FAILED, scan.progress, error=SCAN_FAILED, finished_at=timezone.now()
        )
    return scan


def _subcategories(organisation) -> dict[str, ToolSubcategory]:
    return {s.key: s for s in ToolSubcategory.objects.for_organisation(organisation)}


def existing_discoveries(organisation, source: str) -> dict[str, DiscoveredTool]:
    """The organisation's discovered tools of one source by catalogue slug, locked: a scan
    and an import of the same source never upsert the same rows at once."""
    return {
        d.slug: d
        for d in DiscoveredTool.objects.for_organisation(organisation)
        .select_for_update()
        .filter(source=source)
    }


def _tool_matches(organisation) -> tuple[dict[str, Tool], dict[str, Tool]]:
    """The inventory's tools by case-folded name, and by catalogue slug: first the known
    product a tool *is* (its own `catalogue_slug`, whatever it is called here), then the
    slug of a discovered tool already linked to it (any source): a tool added from a scan
    is known next time."""
    tools = list(Tool.objects.for_organisation(organisation).only("pk", "name", "catalogue_slug"))
    by_name = {t.name.casefold(): t for t in tools}
    by_pk = {t.pk: t for t in tools}
    by_slug = {}
    for tool in sorted(tools, key=lambda t: t.pk):
        if tool.catalogue_slug:
            by_slug.setdefault(tool.catalogue_slug, tool)
    linked = (
        DiscoveredTool.objects.for_organisation(organisation)
        .filter(tool__isnull=False, state__in=(DiscoveredState.ADDED, DiscoveredState.LINKED))
        .values_list("slug", "tool_id")
    )
    for slug, tool_id in linked:
        if tool_id in by_pk:
            by_slug.setdefault(slug, by_pk[tool_id])
    return by_name, by_slug


def match_tool(slug: str, name: str, by_name: dict, by_slug: dict) -> Tool | None:
    """The inventory tool a discovery of ``slug`` named ``name`` is: by its known product
    before its name ("HubSpot" found on the site is the tool called "Our CRM" that was
    picked as HubSpot)."""
    return by_slug.get(slug) or by_name.get(name.casefold())


@transaction.atomic
def record_scan(scan: SiteScan, result: ScanResult, *, now=None) -> SiteScan:
    """Upsert a `DiscoveredTool` per martech technology the scan saw; mark those no longer
    seen as gone (only when the scan read at least one page: a site that did not answer
    says nothing about its tags); count what appeared and disappeared; finish the scan."""
    now = now or timezone.now()
    organisation = scan.organisation
    subcategories = _subcategories(organisation)
    by_name, by_slug = _tool_matches(organisation)
    existing = existing_discoveries(organisation, DiscoverySource.WEBSITE)
    appeared = 0
    seen: set[str] = set()
    for detection in result.detections:
        key = category_map.subcategory_for(detection.categories)
        if key is None:  # servers, libraries, fonts…: not what a marketing stack lists
            continue
        seen.add(detection.slug)
        row = existing.get(detection.slug)
        if row is None:
            row = DiscoveredTool(
                organisation=organisation,
                source=DiscoverySource.WEBSITE,
                slug=detection.slug,
                first_seen_at=now,
            )
            appeared += 1
        elif row.gone_at is not None:
            appeared += 1  # back after a scan that did not see it
        row.name = detection.name[:200]
        row.evidence = [{"kind": e.kind, "detail": e.detail} for e in detection.evidence]
        row.confidence = detection.confidence
        row.version = detection.version[:60]
        if row.subcategory_id is None or row.state == DiscoveredState.NEW:
            row.subcategory = subcategories.get(key)
        if row.tool_id is None and row.state == DiscoveredState.NEW:
            row.tool = match_tool(detection.slug, detection.name, by_name, by_slug)
        row.last_seen_at = now
        row.last_scan = scan
        row.gone_at = None
        row.save()
    disappeared = 0
    if result.pages:
        gone = [d.pk for slug, d in existing.items() if slug not in seen and d.gone_at is None]
        disappeared = DiscoveredTool.objects.filter(pk__in=gone).update(gone_at=now)
    jobs.record_progress(
        scan,
        ScanStatus.DONE,
        100,
        pages_visited=len(result.pages),
        errors=dict(result.errors),
        out_of_time=result.out_of_time,
        detected=len(seen),
        appeared=appeared,
        disappeared=disappeared,
        finished_at=now,
    )
    return scan


# --- the member's decisions -------------------------------------------------------------------


def _save(discovered: DiscoveredTool, user, *fields: str) -> DiscoveredTool:
    discovered.updated_by = user
    discovered.save(update_fields=[*fields, "updated_by", "updated_at"])
    return discovered


def _locked(discovered: DiscoveredTool) -> DiscoveredTool:
    return DiscoveredTool.objects.select_for_update().get(pk=discovered.pk)


def _website(url: str) -> str:
    """The catalogue's website as the tool stores it: an http(s) address of at most 500
    characters, else nothing (the catalogue is vendored data, not checked by a form)."""
    url = (url or "").strip()
    if len(url) > 500 or not url.lower().startswith(("https://", "http://")):
        return ""
    return url


@transaction.atomic
def add_discovered(*, discovered: DiscoveredTool, user) -> Tool:
    """Add the discovered tool to the stack (a new Tool in the proposed subcategory, with the
    catalogue entry's website and description, and the entry as its known product) and
    link it."""
    discovered = _locked(discovered)
    if discovered.state in (DiscoveredState.ADDED, DiscoveredState.LINKED) and discovered.tool:
        raise ServiceError(
            _("%(name)s is already in the stack as %(tool)s.")
            % {"name": discovered.name, "tool": discovered.tool}
        )
    organisation = discovered.organisation
    entry = catalogue.get(discovered.slug)
    name = entry.name if entry else discovered.name
    same_product = (
        Tool.objects.for_organisation(organisation).filter(catalogue_slug=discovered.slug).first()
    )
    if same_product is not None:
        raise ServiceError(
            _("%(name)s is already in the stack as %(tool)s; link to it instead.")
            % {"name": name, "tool": same_product}
        )
    if Tool.objects.for_organisation(organisation).filter(name__iexact=name).exists():
        raise ServiceError(
            _("A tool named %(name)s is already in the stack; link to it instead.") % {"name": name}
        )
    subcategory = discovered.subcategory
    tool = inventory_services.create_object(
        model=Tool,
        organisation=organisation,
        user=user,
        name=name,
        subcategory=subcategory,
        category=subcategory.category if subcategory else None,
        website=_website(entry.website) if entry else "",
        description=entry.description if entry else "",
        catalogue_slug=entry.slug if entry else "",
    )
    discovered.tool, discovered.state = tool, DiscoveredState.ADDED
    _save(discovered, user, "tool", "state")
    return tool


@transaction.atomic
def link_discovered(*, discovered: DiscoveredTool, tool: Tool, user) -> DiscoveredTool:
    """The discovered tool is this inventory tool (of the same organisation)."""
    if tool is None or tool.organisation_id != discovered.organisation_id:
        raise ServiceError(_("Choose a tool of this organisation's stack."))
    discovered = _locked(discovered)
    discovered.tool, discovered.state = tool, DiscoveredState.LINKED
    return _save(discovered, user, "tool", "state")


@transaction.atomic
def ignore_discovered(*, discovered: DiscoveredTool, user) -> DiscoveredTool:
    """Not something the inventory tracks: hidden from the findings (kept, so a re-scan
    does not propose it again)."""
    discovered = _locked(discovered)
    discovered.state = DiscoveredState.IGNORED
    return _save(discovered, user, "state")


@transaction.atomic
def unignore_discovered(*, discovered: DiscoveredTool, user) -> DiscoveredTool:
    """Back to the list of decisions to make (linked again when it still has its tool)."""
    discovered = _locked(discovered)
    if discovered.state != DiscoveredState.IGNORED:
        return discovered
    discovered.state = DiscoveredState.NEW
    return _save(discovered, user, "state")


# --- decisions on many at once, and their undo ------------------------------------------------

#: What a decision does to a row: add (a new tool), link (to the given tool, else the tool
#: it was matched to), ignore, unignore.
DECISIONS = {
    "add": DiscoveredState.ADDED,
    "link": DiscoveredState.LINKED,
    "ignore": DiscoveredState.IGNORED,
    "unignore": DiscoveredState.NEW,
}
DECISION_UNDO = "discovery.decision"


@dataclass
class Decided:
    """What a decision on one or more discovered tools did: the rows decided, the reason
    for each one that could not be (the others are decided all the same: each row is its
    own decision), and the undo token of those decided."""

    done: list[DiscoveredTool] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    undo: undo.UndoToken | None = None


def _decide_one(discovered: DiscoveredTool, action: str, user, tool: Tool | None) -> Tool | None:
    """One row; the tool a decision created (add), else None. ServiceError when refused."""
    if action == "add":
        return add_discovered(discovered=discovered, user=user)
    if action == "link":
        target = tool or (discovered.tool if discovered.state == DiscoveredState.NEW else None)
        if target is None:
            raise ServiceError(
                _("%(name)s matches no tool of the stack: choose one with “Link…”.")
                % {"name": discovered.name}
            )
        link_discovered(discovered=discovered, tool=target, user=user)
    elif action == "ignore":
        ignore_discovered(discovered=discovered, user=user)
    else:
        unignore_discovered(discovered=discovered, user=user)
    return None


@transaction.atomic
def decide_discovered(*, organisation, user, ids, action: str, tool: Tool | None = None) -> Decided:
    """Apply one decision to the organisation's discovered tools ``ids`` (others are not
    seen), undoable for ten minutes (core/undo.py). Rows already in the decided state are
    left alone; a row the decision cannot apply to is refused with its reason."""
    if action not in DECISIONS:
        raise ServiceError(_("Unknown decision."))
    state = DECISIONS[action]
    rows = (
        DiscoveredTool.objects.for_organisation(organisation)
        .filter(pk__in=list(ids))
        .select_related("tool", "subcategory", "organisation")
        .order_by("name", "pk")
    )
    outcome, before, created = Decided(), [], []
    for row in rows:
        if row.state == state and (action != "link" or tool is None or row.tool_id == tool.pk):
            continue
        previous = {"pk": row.pk, "state": row.state, "tool": row.tool_id}
        try:
            with transaction.atomic():
                new_tool = _decide_one(row, action, user, tool)
        except ServiceError as error:
            outcome.refused.append(" ".join(error.messages))
            continue
        if new_tool is not None:
            created.append(new_tool.pk)
        before.append(previous)
        outcome.done.append(row)
    if before:
        outcome.undo = undo.create(
            organisation=organisation,
            user=user,
            kind=DECISION_UNDO,
            payload={
                "state": state,
                "before": before,
                "created": created,
                "at": timezone.now().isoformat(),
            },
        )
    return outcome


@undo.register(DECISION_UNDO, permission="discoveredtool.change")
def restore_decisions(payload: dict, *, organisation, user) -> undo.Undone:
    """Put each row back as it was before the decision, unless it was decided again since;
    delete the tools an "add" created, unless someone changed one or connected it since
    (then it stays, and the row is back to decide with that tool proposed)."""
    now = timezone.now()
    restored = 0
    for row in payload["before"]:
        restored += (
            DiscoveredTool.objects.for_organisation(organisation)
            .filter(pk=row["pk"], state=payload["state"])
            .update(state=row["state"], tool_id=row["tool"], updated_by=user, updated_at=now)
        )
    if not restored:
        raise ServiceError(
            _("This decision cannot be undone: it was changed since. Nothing was changed.")
        )
    decided_at = parse_datetime(payload["at"])
    kept = []
    for tool in Tool.objects.for_organisation(organisation).filter(pk__in=payload["created"]):
        connected = Integration.objects.filter(Q(source=tool) | Q(target=tool)).exists()
        if tool.updated_at > decided_at or connected or tool.touchpoints.exists():
            kept.append(tool.name)
            DiscoveredTool.objects.for_organisation(organisation).filter(
                pk__in=[r["pk"] for r in payload["before"]], tool__isnull=True
            ).filter(slug=tool.catalogue_slug).update(tool=tool)
            continue
        inventory_services.delete_object(instance=tool, user=user)
    message = ngettext(
        "Decision undone: %(count)d discovered tool is back as it was.",
        "Decision undone: %(count)d discovered tools are back as they were.",
        restored,
    ) % {"count": restored}
    if kept:
        message += " " + _("Kept %(tools)s: changed since it was added.") % {
            "tools": ", ".join(kept)
        }
    highlight = payload["before"][0]["pk"] if len(payload["before"]) == 1 else None
    return undo.Undone(message, highlight=highlight)
