"""How many filters a filter form has set (issue 17: on phones the filters are folded
behind a "Filters (2)" button, ``templates/core/_filter_toggle.html``).

Counted from the filterset's bound data, as the request gave it: a filter is active when
any of its values is non-empty. The sort (``o``), the page, the chosen columns, the rows
per page and the roadmap's view are settings of the list, not filters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Parameters that change how the results are shown, not which ones are listed.
NOT_FILTERS = frozenset({"o", "ordering", "page", "cols", "per_page", "view"})


def _has_value(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):
        return any(_has_value(item) for item in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_has_value(item) for item in value)
    return True


def active_filter_count(filterset: Any) -> int:
    """The number of the filterset's filters that have a value in its bound data (0 for a
    missing or unbound filterset). A filter whose widget takes several parameters (a range)
    counts once."""
    if filterset is None or not getattr(filterset, "is_bound", False):
        return 0
    from django_filters import OrderingFilter

    form = filterset.form
    count = 0
    for name, field in form.fields.items():
        if name in NOT_FILTERS or isinstance(filterset.filters.get(name), OrderingFilter):
            continue
        value = field.widget.value_from_datadict(filterset.data, form.files, form.add_prefix(name))
        if _has_value(value):
            count += 1
    return count
