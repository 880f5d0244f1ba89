"""The global search: tools, integrations, touchpoints, the framework's questions and
roadmap items of the member's current organisation, each kind only if the member's role may
view it.

Every read is scoped to the organisation (``for_organisation``). Inventories are matched in
the database (``icontains``: case-insensitive; on SQLite for ASCII letters only); questions
and roadmap items are matched in Python on the text the reader sees, in their language
(case- and accent-insensitive, ``highlight.fold``). The number of queries does not grow
with the matches: an inventory is one query (its first ``limit`` rows and, in the same
query, how many match in all), roadmap items one, and the current assessment and its
framework are read once for questions and roadmap items together.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Q, Value, When, Window
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessment.models import (
    Assessment,
    Integration,
    IntegrationMethod,
    JourneyStage,
    RoadmapItem,
    Tool,
    Touchpoint,
    TouchpointChannel,
)
from assessment.models.results import Horizon
from assessment.questionnaire.display import localised
from assessment.questionnaire.selectors import default_framework_version
from assessment.questionnaire_core import Framework, load_default_framework
from assessment.results.selectors import roadmap_assessment
from assessment.search.highlight import Segments, fold, highlight, matches
from assessment.texts import item_text
from core.permissions import can

MIN_LENGTH = 2
MAX_LENGTH = 100
DROPDOWN_LIMIT = 5  # per kind, in the navigation bar's drop-down
PAGE_LIMIT = 25  # per kind, on the results page

TOOL, INTEGRATION, TOUCHPOINT, QUESTION, ROADMAP = (
    "tool",
    "integration",
    "touchpoint",
    "question",
    "roadmap",
)
#: Every kind, in the order shown: (kind, the permission to view it, its heading).
KINDS: tuple[tuple[str, str, object], ...] = (
    (TOOL, "tool.view", _("Tools")),
    (INTEGRATION, "integration.view", _("Integrations")),
    (TOUCHPOINT, "touchpoint.view", _("Touchpoints")),
    # the step pages' permission (questionnaire.views.common.AssessmentPageMixin)
    (QUESTION, "assessment.view", _("Questions")),
    (ROADMAP, "roadmap.view", _("Roadmap items")),
)


# -- the query ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """What was typed, cleaned: no control characters, runs of white space made one space,
    at most ``MAX_LENGTH`` characters (``truncated`` when it was longer)."""

    text: str = ""
    truncated: bool = False

    @property
    def too_short(self) -> bool:
        return len(self.text) < MIN_LENGTH

    @property
    def needle(self) -> str:
        return fold(self.text)

    @property
    def max_length(self) -> int:
        return MAX_LENGTH


def parse_query(raw: str | None) -> Query:
    """The search text from a request parameter (``None`` or anything else: empty)."""
    if not isinstance(raw, str):
        return Query()
    # control characters (a NUL is refused by PostgreSQL) and lone surrogates become
    # spaces, then white space is collapsed; format characters (the zero-width non-joiner
    # of Persian words) stay
    text = " ".join(
        "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in raw).split()
    )
    if len(text) > MAX_LENGTH:
        return Query(text[:MAX_LENGTH].rstrip(), truncated=True)
    return Query(text)


# -- the results -------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One match: its label and a detail line, cut into highlighted pieces, and its page
    (None for a question when the organisation has no assessment to answer it in)."""

    label: Segments
    url: str | None = None
    detail: Segments = ()


@dataclass(frozen=True)
class Group:
    kind: str
    title: str
    hits: tuple[Hit, ...]
    total: int
    #: the kind's own list filtered by the same words (tools, integrations, touchpoints)
    list_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.hits), 0)


@dataclass(frozen=True)
class Results:
    query: Query
    groups: tuple[Group, ...] = ()
    #: the kinds the member's role lets them search
    kinds: tuple[str, ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def searchable_kinds(membership) -> tuple[str, ...]:
    """The kinds this member may search: those their role may view."""
    return tuple(kind for kind, action, _title in KINDS if can(membership, action))


def search(membership, query: Query, *, limit: int = PAGE_LIMIT) -> Results:
    """The first ``limit`` matches of each kind the member may view, in their organisation
    (kinds without a match are left out). A query shorter than ``MIN_LENGTH`` finds
    nothing."""
    kinds = searchable_kinds(membership)
    if membership is None or query.too_short:
        return Results(query, (), kinds)
    finder = _Finder(membership.organisation, query, limit)
    groups = []
    for kind, _action, title in KINDS:
        if kind not in kinds:
            continue
        hits, total, list_url = getattr(finder, kind)()
        if total:
            groups.append(Group(kind, str(title), tuple(hits), total, list_url))
    return Results(query, tuple(groups), kinds)


# -- finding each kind -------------------------------------------------------------------


def _first(queryset, limit: int) -> tuple[list, int]:
    """The first ``limit`` rows and how many rows match in all, in one query (a window
    count over the whole filtered set, before the limit)."""
    rows = list(queryset.annotate(search_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].search_total if rows else 0)


def _starts_first(field_name: str, text: str) -> Case:
    """0 for rows whose field starts with the words, 1 for the others (sorted first)."""
    return Case(
        When(**{f"{field_name}__istartswith": text}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _list_url(url_name: str, text: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'q': text})}"


def _joined(*parts: Segments, separator: str = " · ") -> Segments:
    pieces: list[tuple[str, bool]] = []
    for part in parts:
        if not part:
            continue
        if pieces:
            pieces.append((separator, False))
        pieces.extend(part)
    return tuple(pieces)


class _Finder:
    """One search: each method returns (hits, total, list URL) for its kind."""

    def __init__(self, organisation, query: Query, limit: int):
        self.organisation = organisation
        self.text = query.text
        self.needle = query.needle
        self.limit = limit

    def mark(self, text: str | None) -> Segments:
        return highlight(str(text or ""), self.needle)

    @cached_property
    def current(self) -> Assessment | None:
        """The organisation's current assessment: the one the Roadmap opens."""
        return roadmap_assessment(self.organisation)

    def tool(self):
        text = self.text
        rows, total = _first(
            Tool.objects.for_organisation(self.organisation)
            .filter(Q(name__icontains=text) | Q(vendor__icontains=text))
            .only("pk", "name", "vendor")
            .order_by(_starts_first("name", text), Lower("name"), "pk"),
            self.limit,
        )
        hits = [
            Hit(self.mark(tool.name), tool.get_absolute_url(), self.mark(tool.vendor))
            for tool in rows
        ]
        return hits, total, _list_url("tool_list", text)

    def integration(self):
        text = self.text
        methods = [
            value
            for value, label in IntegrationMethod.choices
            if matches(str(label), self.needle) or matches(value, self.needle)
        ]
        rows, total = _first(
            Integration.objects.for_organisation(self.organisation)
            .filter(
                Q(source__name__icontains=text)
                | Q(target__name__icontains=text)
                | Q(method__in=methods)
            )
            .select_related("source", "target")
            .only("pk", "method", "source__name", "target__name")
            .order_by(Lower("source__name"), Lower("target__name"), "pk"),
            self.limit,
        )
        hits = [
            Hit(
                _joined(self.mark(row.source.name), self.mark(row.target.name), separator=" → "),
                row.get_absolute_url(),
                self.mark(row.get_method_display()),
            )
            for row in rows
        ]
        return hits, total, _list_url("integration_list", text)

    def touchpoint(self):
        text = self.text
        rows, total = _first(
            Touchpoint.objects.for_organisation(self.organisation)
            .filter(name__icontains=text)
            .only("pk", "name", "stage", "channel")
            .order_by(_starts_first("name", text), Lower("name"), "pk"),
            self.limit,
        )
        stages, channels = dict(JourneyStage.choices), dict(TouchpointChannel.choices)
        hits = [
            Hit(
                self.mark(row.name),
                row.get_absolute_url(),
                _joined(
                    ((str(stages.get(row.stage, row.stage)), False),),
                    ((str(channels.get(row.channel, row.channel)), False),),
                ),
            )
            for row in rows
        ]
        return hits, total, _list_url("touchpoint_list", text)

    def framework(self) -> Framework:
        """The current assessment's framework, else the one a new assessment would use."""
        if self.current is not None:
            return self.current.framework
        version = default_framework_version(self.organisation)
        return version.framework if version is not None else load_default_framework()

    def question(self):
        framework, language, current = self.framework(), get_language(), self.current
        found = []
        for step in framework.steps:
            step_title = localised(step.title)
            url = reverse("assessment_step", args=[current.pk, step.key]) if current else None
            for question in step.questions():
                wording = question.text.get(language)
                if matches(wording, self.needle):
                    found.append(
                        Hit(
                            self.mark(wording),
                            f"{url}#question-{question.key}" if url else None,
                            ((step_title, False),),
                        )
                    )
        return found[: self.limit], len(found), ""

    def roadmap(self):
        """Items of the organisation's assessments that are not archived: the current
        assessment's first, then the newest assessment's. Matched on the title as the
        reader sees it (a generated title in their language) or as stored."""
        current_pk = self.current.pk if self.current is not None else None
        rows = (
            RoadmapItem.objects.for_organisation(self.organisation)
            .filter(assessment__archived_at__isnull=True)
            .order_by(
                Case(
                    When(assessment_id=current_pk, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                "-assessment__created_at",
                "-assessment_id",
                "position",
                "pk",
            )
            .values(
                "pk",
                "assessment_id",
                "assessment__title",
                "title",
                "messages",
                "edited_fields",
                "horizon",
            )
        )
        horizons = dict(Horizon.choices)
        hits, total = [], 0
        for row in rows:
            shown = item_text(row, "title")
            if not (matches(shown, self.needle) or matches(row["title"], self.needle)):
                continue
            total += 1
            if len(hits) < self.limit:
                url = reverse("assessment_roadmap", args=[row["assessment_id"]])
                horizon = str(horizons.get(row["horizon"], row["horizon"]))
                hits.append(
                    Hit(
                        self.mark(shown),
                        f"{url}#item-{row['pk']}",
                        _joined(((row["assessment__title"], False),), ((horizon, False),)),
                    )
                )
        return hits, total, ""
