"""Column definitions of the inventory list pages, and the per-user column choice.

Every list renders through one template (templates/assessment/inventory/object_list.html);
a column knows its label, how to render a cell, and the FilterSet ordering key that sorts
it. People choose columns with `?cols=a,b,c`; the choice is kept in the session per list.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from assessment.models import IntegrationStatus, ReviewState, ToolStatus
from core.templatetags.stackscope import percent

DASH = mark_safe('<span class="text-body-secondary">—</span>')


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    render: Callable[[Any], SafeString | str]
    order: str | None = None
    default: bool = True
    numeric: bool = False


def link(obj, text=None) -> SafeString:
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text or str(obj))


def text(attr: str) -> Callable:
    def render(obj):
        value = getattr(obj, attr)
        return value if value not in (None, "") else DASH

    return render


_CHOICE_LABELS: dict = {}


def choice_label(obj, attr: str):
    """``obj.get_<attr>_display()`` without its cost: Django rebuilds the field's choices
    dict on every call, which at 50 rows × a dozen columns outweighed the rest of a list."""
    field = obj._meta.get_field(attr)
    labels = _CHOICE_LABELS.get(field)
    if labels is None:
        labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
    value = getattr(obj, attr)
    try:
        label = labels.get(value, value)
    except TypeError:  # an unhashable value: Django's own path
        return getattr(obj, f"get_{attr}_display")()
    return str(label) if isinstance(label, Promise) else label


def display(attr: str) -> Callable:
    def render(obj):
        value = choice_label(obj, attr)
        return value if value else DASH

    return render


def yes_no(attr: str) -> Callable:
    def render(obj):
        value = getattr(obj, attr)
        if value is None:
            return DASH
        return _("Yes") if value else _("No")

    return render


def money(obj) -> SafeString | str:
    if obj.annual_cost is None:
        return DASH
    return f"{intcomma(floatformat(obj.annual_cost, 0))} {obj.currency}".strip()


def date(attr: str) -> Callable:
    def render(obj):
        value = getattr(obj, attr)
        if not value:
            return DASH
        return format_html(
            '<span class="text-nowrap">{}</span>', date_filter(value, "SHORT_DATE_FORMAT")
        )

    return render


STATUS_CLASS = {
    ToolStatus.ACTIVE: "success",
    ToolStatus.TRIAL: "info",
    ToolStatus.INACTIVE: "warning",
    ToolStatus.RETIRED: "secondary",
    IntegrationStatus.LIVE: "success",
    IntegrationStatus.PLANNED: "info",
    IntegrationStatus.BROKEN: "danger",
    IntegrationStatus.DEPRECATED: "secondary",
    ReviewState.UNREVIEWED: "warning",
    ReviewState.VERIFIED: "success",
    ReviewState.FLAGGED: "danger",
}


def badge(attr: str) -> Callable:
    def render(obj):
        value = getattr(obj, attr)
        if not value:
            return DASH
        css = STATUS_CLASS.get(value, "secondary")
        label = choice_label(obj, attr)
        return format_html('<span class="badge text-bg-{}">{}</span>', css, label)

    return render


#: The findings' default under-used threshold; lists use the organisation's (tool_columns).
DEFAULT_UNDERUSED = 0.30


def utilisation(obj, underused_below: float = DEFAULT_UNDERUSED) -> SafeString:
    """Over capacity: a red badge; under the organisation's under-used threshold: red with
    ▼ (as on the stack map); unknown (no seat count): a dash."""
    value = obj.utilisation
    if value is None:
        return DASH
    if value > 1:
        return format_html(
            '<span class="badge text-bg-danger" title="{}">{}</span>',
            _("Over capacity: more active users than seats"),
            percent(value),
        )
    if value < underused_below:
        return format_html(
            '<span class="text-danger" title="{}"><span aria-hidden="true">▼ </span>{}</span>',
            gettext("Under-used: below %(percent)s of seats active")
            % {"percent": percent(underused_below)},
            percent(value),
        )
    return format_html("<span>{}</span>", percent(value))


def last_day_to_cancel(obj) -> SafeString | str:
    value = obj.last_day_to_cancel
    if value is None:
        return DASH
    days = (value - timezone.localdate()).days
    css = "text-nowrap" + (" text-danger fw-semibold" if 0 <= days <= 90 else "")
    return format_html('<span class="{}">{}</span>', css, date_filter(value, "SHORT_DATE_FORMAT"))


#: A last day to cancel within this many days is shown as a deadline to decide by.
DECIDE_BY_DAYS = 90


def decide_by(obj) -> SafeString | str:
    """The last day to cancel of a tool still under contract, while it is ahead: the day
    to decide by (renew, downsize or cancel); within 90 days it stands out with the days
    left."""
    value = obj.last_day_to_cancel
    if value is None or obj.status == ToolStatus.RETIRED:
        return DASH
    days = (value - timezone.localdate()).days
    if days < 0:
        return DASH
    shown = date_filter(value, "SHORT_DATE_FORMAT")
    if days > DECIDE_BY_DAYS:
        return format_html('<span class="text-nowrap">{}</span>', shown)
    left = ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
    return format_html(
        '<span class="text-nowrap text-danger fw-semibold">{}</span> '
        '<span class="badge text-bg-warning">{}</span>',
        shown,
        left if days else gettext("today"),
    )


def member(attr: str) -> Callable:
    def render(obj):
        user = getattr(obj, attr)
        return str(user) if user is not None else DASH

    return render


def names(attr: str) -> Callable:
    def render(obj):
        items = list(getattr(obj, attr).all())
        if not items:
            return DASH
        return format_html_join(", ", "{}", ((str(i),) for i in items))

    return render


def website(obj) -> SafeString:
    """The tool's website as a link that opens apart, shown by its host ("hubspot.com")."""
    url = obj.website
    if not url:
        return DASH
    host = urlsplit(url).hostname or url
    host = host.removeprefix("www.")
    return format_html(
        '<a href="{}" rel="noopener noreferrer" target="_blank"><bdi>{}</bdi></a>', url, host
    )


def integration_name(obj) -> SafeString:
    # The arrow is for sighted users; screen readers get one whole sentence instead of a
    # translated fragment ("to") glued between the two names.
    names = {"source": obj.source.name, "target": obj.target.name}
    return format_html(
        '<a href="{}"><span aria-hidden="true">{} '
        '<span class="flip-rtl d-inline-block">→</span> {}</span>'
        '<span class="visually-hidden">{}</span></a>',
        obj.get_absolute_url(),
        obj.source.name,
        obj.target.name,
        gettext("%(source)s to %(target)s") % names,
    )


TOOL_COLUMNS = [
    Column("name", _("Name"), link, "name"),
    Column("vendor", _("Vendor"), text("vendor"), "vendor", default=False),
    Column("website", _("Website"), website, default=False),
    Column("category", _("Category"), text("category"), "category"),
    Column("subcategory", _("Subcategory"), text("subcategory"), default=False),
    Column("status", _("Status"), badge("status"), "status"),
    Column("business_owner", _("Business owner"), text("business_owner"), default=False),
    Column("owned_by", _("Owner (member)"), member("owned_by"), default=False),
    Column("owning_team", _("Owning team"), text("owning_team"), default=False),
    Column("annual_cost", _("Annual cost"), money, "annual_cost", numeric=True),
    Column("renewal_date", _("Renewal"), date("renewal_date"), "renewal_date"),
    Column("last_day_to_cancel", _("Last day to cancel"), last_day_to_cancel, default=False),
    Column("decide_by", _("Decide by"), decide_by),
    Column("licensed_seats", _("Seats"), text("licensed_seats"), "licensed_seats", numeric=True),
    Column(
        "active_users_30d",
        _("Active users"),
        text("active_users_30d"),
        "active_users_30d",
        numeric=True,
    ),
    Column("utilisation", _("Utilisation"), utilisation, "utilisation", numeric=True),
    Column(
        "cost_per_active_user",
        _("Cost per active user"),
        text("cost_per_active_user"),
        "cost_per_active_user",
        default=False,
        numeric=True,
    ),
    Column(
        "integration_count",
        _("Integrations"),
        text("integration_count"),
        "integration_count",
        numeric=True,
    ),
    Column("lifecycle", _("Lifecycle"), display("lifecycle"), "lifecycle"),
    Column("data_sensitivity", _("Data sensitivity"), display("data_sensitivity"), default=False),
    Column("system_of_record", _("System of record"), yes_no("system_of_record"), default=False),
]


def tool_columns(underused_below: float) -> list[Column]:
    """The tool list's columns, utilisation marked by the organisation's threshold."""
    render = partial(utilisation, underused_below=underused_below)
    return [replace(c, render=render) if c.key == "utilisation" else c for c in TOOL_COLUMNS]


INTEGRATION_COLUMNS = [
    Column("name", _("Integration"), integration_name, "source"),
    Column("direction", _("Direction"), display("direction"), default=False),
    Column("method", _("Method"), display("method"), "method"),
    Column("frequency", _("Frequency"), display("frequency")),
    Column("data_objects", _("Data objects"), names("data_objects")),
    Column("status", _("Status"), badge("status"), "status"),
    Column("criticality", _("Criticality"), display("criticality"), "criticality"),
    Column("technical_owner", _("Technical owner"), text("technical_owner"), default=False),
    Column("review_state", _("Review"), badge("review_state"), "review_state"),
    Column("reviewed_by", _("Reviewed by"), text("reviewed_by"), default=False),
    Column("reviewed_at", _("Reviewed at"), date("reviewed_at"), "reviewed_at", default=False),
]

TOUCHPOINT_COLUMNS = [
    Column("name", _("Name"), link, "name"),
    Column("stage", _("Journey stage"), display("stage"), "stage"),
    Column("channel", _("Channel"), display("channel"), "channel"),
    Column("segment", _("Segment"), display("segment"), "segment"),
    Column("personalisation", _("Personalisation"), display("personalisation"), "personalisation"),
    Column("human_handover", _("Human hand-over"), yes_no("human_handover"), default=False),
    Column("owner", pgettext_lazy("responsible person", "Owner"), text("owner")),
    Column("tools", _("Tools"), names("tools")),
    Column("ease", _("Ease"), text("ease"), "ease", numeric=True),
]

CATEGORY_COLUMNS = [
    Column("name", _("Name"), link),
    Column("key", _("Key"), text("key")),
    Column("subcategory_count", _("Subcategories"), text("subcategory_count"), numeric=True),
    Column("tool_count", _("Tools"), text("tool_count"), numeric=True),
]

SUBCATEGORY_COLUMNS = [
    Column("name", _("Name"), link),
    Column("category", _("Category"), text("category")),
    Column("key", _("Key"), text("key")),
    Column("tool_count", _("Tools"), text("tool_count"), numeric=True),
]

DATA_OBJECT_COLUMNS = [
    Column("name", _("Name"), link),
    Column("key", _("Key"), text("key")),
    Column("integration_count", _("Integrations"), text("integration_count"), numeric=True),
]


def open_threads(obj):
    """Open conversations about the row (set by ``Table.rows``, one query per page)."""
    count = getattr(obj, "open_threads", 0)
    if not count:
        return DASH
    label = ngettext("%(count)s open thread", "%(count)s open threads", count) % {"count": count}
    return format_html(
        '<span class="badge text-bg-warning thread-count" title="{}">{}'
        '<span class="visually-hidden"> {}</span></span>',
        label,
        count,
        label,
    )


#: The lists that show open conversations (issue 15), and the column they get.
THREAD_COLUMN = Column("open_threads", _("Discussion"), open_threads, numeric=True)
TOOL_COLUMNS.append(THREAD_COLUMN)
INTEGRATION_COLUMNS.append(THREAD_COLUMN)
TOUCHPOINT_COLUMNS.append(THREAD_COLUMN)


class Table:
    """The columns a person chose for one list, and the rows of a page rendered as cells."""

    def __init__(self, request, name: str, columns: list[Column]):
        self.name = name
        self.all_columns = columns
        by_key = {c.key: c for c in columns}
        session_key = f"columns:{name}"
        chosen = request.GET.getlist("cols")
        if chosen:
            keys = [k for k in chosen if k in by_key]
            if keys:
                request.session[session_key] = keys
        keys = request.session.get(session_key) or [c.key for c in columns if c.default]
        keys = [k for k in keys if k in by_key] or [columns[0].key]
        if columns[0].key not in keys:
            keys.insert(0, columns[0].key)
        self.columns = [c for c in columns if c.key in keys]
        self.chosen = set(keys)

    def headers(self, request):
        """(column, sort URL or None, "asc"/"desc"/"") for the table head."""
        current = request.GET.get("o", "")
        for column in self.columns:
            if not column.order:
                yield column, None, ""
                continue
            direction = (
                "asc"
                if current == column.order
                else "desc"
                if current == f"-{column.order}"
                else ""
            )
            new = f"-{column.order}" if direction == "asc" else column.order
            yield column, url_with(request, o=new, page=1), direction

    def rows(self, objects):
        """(object, its cells as ``<td>`` markup): written here rather than by a template
        loop per cell, whose nodes cost more than the cells at 50 rows × a dozen columns.
        The markup and the escaping are the template's (``render_value_in_context``)."""
        classes = [
            ("num" if c.numeric else "") + (" cell-name" if i == 0 else "")
            for i, c in enumerate(self.columns)
        ]
        if "open_threads" in self.chosen:
            from assessment.comments.selectors import annotate_open_threads

            objects = annotate_open_threads(list(objects), self.name)
        for obj in objects:
            cells = "".join(
                f'<td class="{css}">{render_value_in_context(c.render(obj), _CONTEXT)}</td>'
                for c, css in zip(self.columns, classes, strict=True)
            )
            yield obj, mark_safe(cells)


_CONTEXT = Context()  # autoescape on, the active language's formats: as the list template


def url_with(request, **params) -> str:
    query = request.GET.copy()
    for key, value in params.items():
        query[key] = str(value)
    return f"{request.path}?{query.urlencode()}"
