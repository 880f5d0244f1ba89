"""The phones' "Filters (n)" button (issue 17): how many filters a request sets, counted from
the filterset's bound data (core.filters.active_filter_count), and the button the inventory
lists, the review queue and the roadmap draw with it (templates/core/_filter_toggle.html)."""

import re

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.urls import reverse

from assessment.inventory.filtersets import (
    IntegrationFilterSet,
    ReviewQueueFilterSet,
    ToolFilterSet,
)
from assessment.models import Integration, RoadmapItem, Tool
from assessment.results.filtersets import RoadmapItemFilterSet
from core.filters import active_filter_count

pytestmark = pytest.mark.django_db


def count(filterset_class, query: str, model) -> int:
    data = QueryDict(query) if query else None
    return active_filter_count(filterset_class(data, queryset=model.objects.none()))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 0),
        ("q=", 0),
        ("q=%20%20", 0),  # blanks are no search
        ("q=slack", 1),
        ("q=slack&lifecycle=invest", 2),
        ("status=active&status=trial", 1),  # one filter, two values
        ("status=&lifecycle=", 0),
        ("renewing_within=30&data_sensitivity=high", 2),
        # the sort, the page, the columns and the page size are not filters
        ("o=-name&page=2&cols=name&cols=status&per_page=50", 0),
        ("o=name&q=crm&per_page=25", 1),
        ("unknown=1", 0),  # what no filter reads
    ],
)
def test_the_tools_active_filters_are_counted(query, expected):
    assert count(ToolFilterSet, query, Tool) == expected


def test_the_other_filtersets_count_the_same_way():
    assert (
        count(IntegrationFilterSet, "method=api&method=file&review_state=flagged", Integration) == 2
    )
    # the queue's sort is a ChoiceFilter named o: still not a filter
    assert count(ReviewQueueFilterSet, "o=newest", Integration) == 0
    assert count(ReviewQueueFilterSet, "o=newest&review_state=flagged&q=hub", Integration) == 2
    # the roadmap's board/table switch is not a filter
    assert count(RoadmapItemFilterSet, "view=table&owner=Ana&step=", RoadmapItem) == 1


def test_a_missing_or_unbound_filterset_counts_nothing():
    assert active_filter_count(None) == 0
    assert active_filter_count(ToolFilterSet(None, queryset=Tool.objects.none())) == 0


def test_invalid_values_still_count_as_set():
    """A value the form rejects was still asked for (the page says it cannot apply it)."""
    assert count(ToolFilterSet, "renewing_within=soon", Tool) == 1


def test_the_template_tag_and_the_button():
    filterset = ToolFilterSet(
        QueryDict("q=crm&lifecycle=invest&o=name"), queryset=Tool.objects.none()
    )
    html = Template('{% include "core/_filter_toggle.html" with target="the-filters" %}').render(
        Context({"filterset": filterset})
    )
    assert 'data-bs-target="#the-filters"' in html
    assert 'aria-controls="the-filters"' in html
    assert 'aria-expanded="false"' in html
    assert "d-lg-none" in html
    assert re.search(r"Filters\s*<span[^>]*>\(2\)</span>", html)
    unfiltered = Template('{% include "core/_filter_toggle.html" with target="x" %}').render(
        Context({"filterset": ToolFilterSet(None, queryset=Tool.objects.none())})
    )
    assert "(0)" not in unfiltered and "filter-count" not in unfiltered


@pytest.mark.parametrize(
    ("url", "query", "target", "expected"),
    [
        ("tool_list", "?lifecycle=invest&o=name", "inventory-filters", "(1)"),
        ("integration_list", "?status=active&method=api", "inventory-filters", "(2)"),
        ("touchpoint_list", "", "inventory-filters", None),
        ("integration_review_queue", "?review_state=flagged&o=newest", "queue-filter-panel", "(1)"),
    ],
)
def test_the_pages_fold_their_filters_behind_the_button(
    editor, client, url, query, target, expected
):
    response = client.get(reverse(url) + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="{target}"' in html and "collapse d-lg-block" in html
    button = re.search(r'<button[^>]*data-testid="filter-toggle".*?</button>', html, re.S)
    assert button and f'aria-controls="{target}"' in button.group(0)
    if expected:
        assert expected in button.group(0)
    else:
        assert "filter-count" not in button.group(0)


def test_the_label_follows_the_filters_out_of_band(rf):
    """For the part htmx fetches: only the label, swapped out of band; nothing on a page."""
    from django_htmx.middleware import HtmxDetails

    template = Template(
        '{% include "core/_filter_toggle.html" with target="inventory-filters" oob=True %}'
    )
    filterset = ToolFilterSet(QueryDict("q=crm"), queryset=Tool.objects.none())
    request = rf.get("/tools/?q=crm", headers={"HX-Request": "true"})
    request.htmx = HtmxDetails(request)
    html = template.render(Context({"filterset": filterset, "request": request}))
    assert 'id="inventory-filters-label"' in html and 'hx-swap-oob="true"' in html
    assert "(1)" in html and "<button" not in html
    page = rf.get("/tools/?q=crm")
    page.htmx = HtmxDetails(page)
    assert template.render(Context({"filterset": filterset, "request": page})).strip() == ""


@pytest.mark.parametrize(
    ("url", "query", "target", "partial_target"),
    [
        ("tool_list", "?status=active&lifecycle=invest", "inventory-filters", "results"),
        ("integration_review_queue", "?review_state=flagged", "queue-filter-panel", "queue"),
    ],
)
def test_the_pages_update_the_count_when_htmx_filters(
    editor, client, url, query, target, partial_target
):
    """Changing a filter fetches only the results; the button's count comes along out of
    band (outside the results' render cache, so a cached page never carries it)."""
    fragment = client.get(
        reverse(url) + query, headers={"HX-Request": "true", "HX-Target": partial_target}
    ).content.decode()
    label = re.search(
        rf'<span id="{target}-label"[^>]*hx-swap-oob="true".*?</span>', fragment, re.S
    )
    assert label and "<html" not in fragment
    expected = "(2)" if "&" in query else "(1)"
    assert expected in fragment.split(f'id="{target}-label"')[1][:200]
    page = client.get(reverse(url) + query).content.decode()
    assert 'hx-swap-oob="true"' not in page.split(f'id="{target}-label"')[1][:200]
