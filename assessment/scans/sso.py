"""Writes for SSO app lists (issue 18, docs/sso-imports.md): an Okta, Microsoft Entra or
Google Workspace export becomes the organisation's discovered tools of that source.

The file is read by the pure `assessment.discovery.sso`; each app is matched to the
catalogue (the exact name, else a confident prefix: "Salesforce.com" is Salesforce), its
sign-ins, users and last use kept as evidence. All-or-nothing: a refused file or any bad
row changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.discovery import catalogue, category_map, sso
from assessment.inventory.imports.messages import message_text
from assessment.inventory.own_products.selectors import own_product_rows
from assessment.models import DiscoveredState, DiscoveredTool, DiscoverySource
from assessment.scans.services import (
    _subcategories,
    _tool_matches,
    existing_discoveries,
    match_tool,
)
from core.services import ServiceError

#: The sources an SSO list may be imported as.
SSO_SOURCES = (DiscoverySource.OKTA, DiscoverySource.ENTRA, DiscoverySource.GOOGLE)

#: The largest file accepted (the form and the API say so too).
MAX_BYTES = 5 * 1024 * 1024

#: Evidence kinds an SSO import writes (the page names them: views/discovered.py).
SIGN_INS, USERS, LAST_USED, LISTED_AS = "sign-ins", "users", "last-used", "sso-app"


@dataclass(frozen=True)
class SsoImportResult:
    source: str
    apps: int
    appeared: int
    updated: int
    gone: int


@dataclass
class _App:
    """The apps of the file that are one discovered tool (two Okta instances of one app)."""

    name: str
    slug: str
    entry: catalogue.CatalogueEntry | None
    listed_as: list[str]
    sign_ins: int | None = None
    users: int | None = None
    last_used: date | None = None

    def add(self, app: sso.SsoApp) -> None:
        if app.name not in self.listed_as:
            self.listed_as.append(app.name)
        if app.sign_ins is not None:
            self.sign_ins = (self.sign_ins or 0) + app.sign_ins
        if app.users is not None:
            self.users = max(self.users or 0, app.users)
        if app.last_used is not None:
            self.last_used = max(self.last_used or app.last_used, app.last_used)

    def evidence(self) -> list[dict]:
        items = [{"kind": LISTED_AS, "detail": name} for name in self.listed_as]
        if self.sign_ins is not None:
            items.append({"kind": SIGN_INS, "detail": f"{self.sign_ins:,}", "count": self.sign_ins})
        if self.users is not None:
            items.append({"kind": USERS, "detail": f"{self.users:,}", "count": self.users})
        if self.last_used is not None:
            items.append({"kind": LAST_USED, "detail": self.last_used.isoformat()})
        return items


def slug_for(name: str) -> str:
    """A slug from an app's name, as the catalogue makes them ("Acme Portal" → acme-portal)."""
    return "-".join(catalogue.words(catalogue.fold(name)))[:120] or "app"


def own_entries(organisation) -> dict[str, catalogue.CatalogueEntry]:
    """{folded name: known product} for the organisation's own products that are another
    name of a known one (``same_as``): their names and other names (one query)."""
    found: dict[str, catalogue.CatalogueEntry] = {}
    for product in own_product_rows(organisation):
        entry = catalogue.get(product.same_as) if product.same_as else None
        if entry is None:
            continue
        for name in (product.name, *product.alias_list):
            found.setdefault(catalogue.fold(name).strip(), entry)
    return found


def match_entry(
    name: str, own: dict[str, catalogue.CatalogueEntry] | None = None
) -> catalogue.CatalogueEntry | None:
    """The catalogue's entry for an app name: an own product's known product of that name
    (``own``, from ``own_entries``), the same name or another name of an entry (ignoring
    case, accents and punctuation: "Pardot" is Salesforce Marketing Cloud Account
    Engagement), else the longest catalogue name the app's words start with ("Salesforce
    Sales Cloud", "Salesforce.com" → Salesforce). None when neither."""
    app_words = catalogue.words(catalogue.fold(name))
    if not app_words:
        return None
    if own:
        mine = own.get(catalogue.fold(name).strip())
        if mine is not None:
            return mine
    source = catalogue.catalogue()
    exact = source.by_name(name)
    if exact is not None:
        return exact
    for size in range(len(app_words), 0, -1):
        prefix = app_words[:size]
        if len("".join(prefix)) < 4:  # "Box", "Go": too short to be sure
            break
        for match in source.search_names(" ".join(prefix), limit=8):
            matched = match.alias or match.entry.name
            if catalogue.words(catalogue.fold(matched)) == prefix:
                return match.entry
    return None


def _group(apps, *, source: str, own=None) -> dict[str, _App]:
    grouped: dict[str, _App] = {}
    for app in apps:
        entry = match_entry(app.name, own)
        if entry is not None:
            slug, name = entry.slug, entry.name
        else:
            slug, name = slug_for(app.name), app.name
            if catalogue.get(slug) is not None:  # a catalogue slug of another product
                slug = f"{slug}-{source}"[:120]
        item = grouped.setdefault(slug, _App(name=name, slug=slug, entry=entry, listed_as=[]))
        item.add(app)
    return grouped


def read_file(file, source: str) -> sso.SsoList:
    """The file's apps; ServiceError with every problem (the whole file, or each row)."""
    if source not in SSO_SOURCES:
        raise ServiceError(_("Choose the single sign-on provider the file comes from."))
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ServiceError(_("The file is over 5 MB: export the app list alone, as CSV."))
    data = file.read(MAX_BYTES + 1) if hasattr(file, "read") else bytes(file)
    if len(data) > MAX_BYTES:
        raise ServiceError(_("The file is over 5 MB: export the app list alone, as CSV."))
    try:
        return sso.parse(data, source)
    except sso.SsoFileRefused as refused:
        raise ServiceError(message_text(refused.msg)) from refused
    except sso.SsoRowsRefused as refused:
        raise ServiceError(
            [
                _("Row %(row)s: %(problem)s") % {"row": p.row, "problem": message_text(p.msg)}
                for p in refused.problems
            ]
        ) from refused


@transaction.atomic
def import_sso_apps(*, organisation, user, source: str, file, now=None) -> SsoImportResult:
    """Upsert a `DiscoveredTool` of ``source`` per app of the file; those of that source
    the file no longer lists are marked gone. Decisions (added, linked, ignored) are kept."""
    parsed = read_file(file, source)
    now = now or timezone.now()
    subcategories = _subcategories(organisation)
    by_name, by_slug = _tool_matches(organisation)
    existing = existing_discoveries(organisation, source)
    appeared = updated = 0
    grouped = _group(parsed.apps, source=source, own=own_entries(organisation))
    for slug, app in grouped.items():
        row = existing.get(slug)
        if row is None:
            row = DiscoveredTool(
                organisation=organisation, source=source, slug=slug, first_seen_at=now
            )
            appeared += 1
        elif row.gone_at is not None:
            appeared += 1  # back after a list that did not have it
        else:
            updated += 1
        row.name = app.name[:200]
        row.evidence = app.evidence()
        row.confidence = 100
        key = category_map.subcategory_for(app.entry.categories) if app.entry else None
        if row.subcategory_id is None or row.state == DiscoveredState.NEW:
            row.subcategory = subcategories.get(key) if key else None
        if row.tool_id is None and row.state == DiscoveredState.NEW:
            row.tool = match_tool(slug, app.name, by_name, by_slug) or next(
                (by_name[n.casefold()] for n in app.listed_as if n.casefold() in by_name), None
            )
        row.last_seen_at = now
        row.gone_at = None
        row.save()
    gone = [d.pk for slug, d in existing.items() if slug not in grouped and d.gone_at is None]
    gone_count = DiscoveredTool.objects.filter(pk__in=gone).update(gone_at=now)
    return SsoImportResult(
        source=source,
        apps=len(grouped),
        appeared=appeared,
        updated=updated,
        gone=gone_count,
    )
