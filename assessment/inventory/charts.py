"""Inventory rows → the pure core's chart dataclasses → SVG (shared by pages and the PDF)."""

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
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
from assessment.inventory import selectors
from assessment.inventory_core.taxonomy import load_taxonomy
from assessment.models import (
    Integration,
    IntegrationMethod,
    JourneyStage,
    ToolCategory,
    ToolStatus,
    TouchpointChannel,
)


def _labels() -> dict[str, str]:
    """Translated words for the charts: the pure core's English ``LABELS`` (marked with
    gettext_noop there), through gettext, as the report does."""
    return {
        key: _(value)
        for labels in (STACK_MAP_LABELS, INTEGRATION_MAP_LABELS)
        for key, value in labels.items()
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


def stack_map_svg(organisation, underused_below: float | None = None) -> str:
    """The stack map; tools below the organisation's under-used threshold are marked (as
    on the tool list)."""
    tools = selectors.tools(organisation).exclude(status=ToolStatus.RETIRED)
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


def integration_map_svg(organisation) -> str:
    tools = list(selectors.tools(organisation).exclude(status=ToolStatus.RETIRED))
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
        for i in Integration.objects.for_organisation(organisation).select_related(
            "source", "target"
        )
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
        labels={"title": _("Touchpoint matrix")},
    )
    grid = touchpoint_grid(stages, channels, items)
    return mark_safe(svg), grid
