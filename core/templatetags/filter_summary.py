"""``{% active_filter_count filterset as count %}``: how many filters are set (core.filters),
for the phones' "Filters (2)" button (templates/core/_filter_toggle.html)."""

from django import template

from core.filters import active_filter_count as count_active_filters

register = template.Library()


@register.simple_tag
def active_filter_count(filterset) -> int:
    return count_active_filters(filterset)
