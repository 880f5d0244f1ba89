"""Rules over what the website scans saw (issue 18): marketing tags on the site that no
inventory tool accounts for (shadow martech), and paid tools of a kind that shows on a
website whose tag the last scan did not see. Both stay quiet until a scan has finished."""

from __future__ import annotations

from collections.abc import Iterable

from ..facts import DiscoveryFact, WebsiteFacts
from ..messages import Join, Message, gettext_noop, ngettext
from ..recommendations import recommendation
from .base import Evidence, Finding, RuleContext, paid_cost, rule

#: Decisions that take a discovery out of "shadow martech": in the stack, or not wanted.
DECIDED = frozenset({"added", "linked", "ignored"})


def shadow_discoveries(website: WebsiteFacts, tool_ids: Iterable[int]) -> list[DiscoveryFact]:
    """Present, undecided martech discoveries that no inventory tool accounts for (neither
    matched to a tool nor the catalogue entry of a tool of the inventory), by name."""
    known_tools = set(tool_ids)
    accounted_slugs = {slug for tool_id, slug in website.site_tools if tool_id in known_tools}
    shadow = [
        d
        for d in website.discoveries
        if d.present
        and d.state not in DECIDED
        and d.subcategory
        and (d.tool_id is None or d.tool_id not in known_tools)
        and d.slug not in accounted_slugs
    ]
    return sorted(shadow, key=lambda d: (d.name.casefold(), d.slug))


@rule("shadow_martech")
def shadow_martech(ctx: RuleContext) -> Iterable[Finding]:
    """Marketing tags on the website that no inventory tool accounts for."""
    website = ctx.data.website
    if not website.scanned:
        return
    shadow = shadow_discoveries(website, ctx.index.tools_by_id)
    if not shadow:
        return
    count = len(shadow)
    names = Join(tuple(d.name for d in shadow))
    yield Finding(
        "shadow_martech",
        "shadow_martech",
        "high" if count >= 3 else "medium",
        "stack",
        Message.counted(
            ngettext(
                "%(count)s marketing tool on the website is not in the inventory",
                "%(count)s marketing tools on the website are not in the inventory",
                count,
            )
        ),
        Message.of(
            gettext_noop(
                "The website scan found %(names)s on the site, but no tool of the inventory "
                "accounts for them: someone pays for them, or they collect visitors' data, "
                "without being on anyone's list."
            ),
            names=names,
        ),
        recommendation("shadow_martech", names=names),
        Evidence(),
        (),
        tuple(d.slug for d in shadow),
        Message.counted(
            ngettext(
                "Review %(count)s marketing tool found on the website",
                "Review %(count)s marketing tools found on the website",
                count,
            )
        ),
    )


@rule("paid_tool_missing_from_site")
def paid_tool_missing_from_site(ctx: RuleContext) -> Iterable[Finding]:
    """An active paid tool of a kind that shows on a website (its catalogue entry has
    website fingerprints), which the last scan did not see."""
    website = ctx.data.website
    if not website.scanned or not website.site_tools:
        return
    site_tools = dict(website.site_tools)
    seen_slugs = {d.slug for d in website.discoveries if d.present}
    seen_tools = {d.tool_id for d in website.discoveries if d.present and d.tool_id}
    for tool in ctx.index.active_tools:
        slug = site_tools.get(tool.id)
        if slug is None or paid_cost(tool) is None:
            continue
        if slug in seen_slugs or tool.id in seen_tools:
            continue
        yield Finding(
            "paid_tool_missing_from_site",
            f"paid_tool_missing_from_site:{tool.id}",
            "medium",
            "stack",
            Message.of(
                gettext_noop("%(name)s is paid for but was not seen on the website"),
                name=tool.name,
            ),
            Message.of(
                gettext_noop(
                    "%(name)s is a kind of tool that shows on a website, and it is active and "
                    "paid for, but the last website scan did not find its tag on the pages "
                    "it read."
                ),
                name=tool.name,
            ),
            recommendation("paid_tool_missing_from_site", name=tool.name),
            Evidence(tool_ids=(tool.id,)),
            (),
            (tool.id,),
            Message.of(gettext_noop("Check where %(name)s is installed"), name=tool.name),
        )
