"""Inventory rows → the pure core's chart dataclasses → SVG (shared by pages and the PDF).

The pages draw a large inventory a page of tools at a time (``MAP_PAGE_SIZE``, in category
order): one SVG of 2,000 tiles weighs megabytes and cannot be read anyway. Each drawing is
cached under the organisation's data version (``selectors.data_version``), the language and
the page, so a map is drawn once per change of the data, and an edit shows at once.
"""

import hashlib
import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, Q
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, pgettext
from django.utils.translation import gettext as _

from assessment.charts_core import (
    IntegrationEdge,
    ToolNode,
    TouchpointItem,
    integration_map,
    stack_map,
    touchpoint_grid,
    touchpoint_matrix,
)
from assessment.charts_core.integration_map import LABELS as INTEGRATION_MAP_LABELS
from assessment.charts_core.stack_map import LABELS as STACK_MAP_LABELS
from assessment.charts_core.svg import translate_labels
from assessment.charts_core.touchpoint_matrix import LABELS as TOUCHPOINT_MATRIX_LABELS
from assessment.inventory import selectors
from assessment.inventory_core.taxonomy import load_taxonomy
from assessment.models import (
    Integration,
    IntegrationMethod,
    JourneyStage,
    Tool,
    ToolCategory,
    ToolStatus,
    TouchpointChannel,
)

#: Tools per drawn page of the stack map and the integration map (whose page also shows the
#: tools the page's tools are connected to).
MAP_PAGE_SIZE = 200
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class MapPage:
    """Which slice of the tools a map page draws (``count`` pages in all)."""

    number: int
    count: int
    total: int

    @property
    def paged(self) -> bool:
        return self.count > 1

    @property
    def numbers(self) -> range:
        return range(1, self.count + 1)


def map_page(total: int, requested) -> MapPage:
    """The page asked for, clamped to the pages there are (bad input: the first page)."""
    count = max(1, math.ceil(total / MAP_PAGE_SIZE))
    try:
        number = int(requested)
    except (TypeError, ValueError):
        number = 1
    return MapPage(min(max(number, 1), count), count, total)


def cached_chart(kind: str, organisation, build, *parts):
    """``build()`` once per data version, language, direction and ``parts`` (Django's cache);
    the builders return safe SVG strings (or, the matrix, the SVG and its grid)."""
    version = selectors.data_version(organisation)
    raw = ":".join(str(p) for p in (kind, version, get_language(), get_language_bidi(), *parts))
    key = "stackscope:chart:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _drawn_tools(organisation):
    """The tools a map draws (retired ones are left out), in category order."""
    return (
        selectors.tools(organisation)
        .exclude(status=ToolStatus.RETIRED)
        .order_by(F("category__position").asc(nulls_last=True), "category__name", "name", "pk")
    )


def _page_of(queryset, page: MapPage | None):
    if page is None:
        return list(queryset)
    start = (page.number - 1) * MAP_PAGE_SIZE
    return list(queryset[start : start + MAP_PAGE_SIZE])


def drawn_tool_count(organisation) -> int:
    return Tool.objects.for_organisation(organisation).exclude(status=ToolStatus.RETIRED).count()


def _labels() -> dict[str, str]:
    """Translated words for the charts: the pure core's English ``LABELS`` (marked with
    gettext_noop there), through gettext, as the report does."""
    return {
        key: value
        for labels in (STACK_MAP_LABELS, INTEGRATION_MAP_LABELS)
        for key, value in translate_labels(labels, _, pgettext).items()
    }


def _groups(organisation) -> list[tuple[str, str]]:
    return [
        (c.key, c.display_name)
        for c in ToolCategory.objects.for_organisation(organisation).order_by("position", "name")
    ]


def _tool_nodes(tools) -> list[ToolNode]:
    return [
        ToolNode(
            id=t.pk,
            name=t.name,
            group=t.category.key if t.category_id else None,
            lifecycle=t.lifecycle or None,
            utilisation=t.utilisation,
            href=t.get_absolute_url(),
            subtitle=t.subcategory.display_name if t.subcategory_id else (t.vendor or ""),
        )
        for t in tools
    ]


def stack_map_svg(
    organisation, underused_below: float | None = None, page: MapPage | None = None
) -> str:
    """The stack map (of one page of tools, or of them all); tools below the organisation's
    under-used threshold are marked (as on the tool list)."""
    tools = _page_of(_drawn_tools(organisation), page)
    if underused_below is None:
        underused_below = selectors.underused_below(organisation)
    svg = stack_map(
        _tool_nodes(tools),
        _groups(organisation),
        rtl=get_language_bidi(),
        labels={**_labels(), "title": _("Stack map")},
        underused=underused_below,
    )
    return mark_safe(svg)


def integration_map_svg(organisation, page: MapPage | None = None) -> str:
    """The integration map: of every tool, or of one page of tools with the tools they are
    connected to and every integration of the page's tools."""
    drawn = _drawn_tools(organisation)
    tools = _page_of(drawn, page)
    integrations = Integration.objects.for_organisation(organisation).select_related(
        "source__category", "source__subcategory", "target__category", "target__subcategory"
    )
    if page is not None and page.paged:
        ids = {t.pk for t in tools}
        integrations = list(integrations.filter(Q(source__in=ids) | Q(target__in=ids)))
        others = {}
        for i in integrations:
            for tool in (i.source, i.target):
                if tool.pk not in ids and tool.status != ToolStatus.RETIRED:
                    others[tool.pk] = tool
        tools += sorted(others.values(), key=lambda t: (t.name, t.pk))
    edges = [
        IntegrationEdge(
            id=i.pk,
            source=i.source_id,
            target=i.target_id,
            status=i.status,
            method=i.method,
            direction=i.direction,
            href=i.get_absolute_url(),
            detail=f"{i.get_method_display()} · {i.get_status_display()} · "
            f"{i.get_review_state_display()}",
        )
        for i in integrations
    ]
    svg = integration_map(
        _tool_nodes(tools),
        edges,
        _groups(organisation),
        method_names={k: str(v) for k, v in IntegrationMethod.choices},
        rtl=get_language_bidi(),
        labels={**_labels(), "title": _("Integration map")},
    )
    return mark_safe(svg)


def _channels():
    digital = {c.key: c.digital for c in load_taxonomy().channels}
    return [(key, str(label), digital.get(key, True)) for key, label in TouchpointChannel.choices]


def _stages():
    return [(key, str(label)) for key, label in JourneyStage.choices]


def _touchpoint_items(organisation):
    return [
        TouchpointItem(
            id=t.pk,
            name=t.name,
            stage=t.stage,
            channel=t.channel,
            personalisation=t.personalisation,
            ease=t.ease,
        )
        for t in selectors.touchpoints(organisation)
    ]


def touchpoint_matrix_svg(organisation):
    stages, channels, items = _stages(), _channels(), _touchpoint_items(organisation)
    href = reverse("touchpoint_list") + "?stage={stage}&channel={channel}"
    svg = touchpoint_matrix(
        stages,
        channels,
        items,
        cell_href=href,
        rtl=get_language_bidi(),
        labels={
            **translate_labels(TOUCHPOINT_MATRIX_LABELS, _, pgettext),
            "title": _("Touchpoint matrix"),
        },
    )
    grid = touchpoint_grid(stages, channels, items)
    return mark_safe(svg), grid
