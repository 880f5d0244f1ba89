"""Version rows: one query of counts and latest changes, built through the ORM once.

The keys of cached pages and results (``core.render_cache``, the engine's cache, the maps)
are read on every request, so their query must cost less than the page it saves. Building
it through the ORM (a dozen scalar subqueries) took longer than running it: it is compiled
once per database with a placeholder id, and run with the real one as its only parameter.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet, Subquery

_PLACEHOLDER = 987654321
_COMPILED: dict[tuple[str, str], tuple[str, list[str]]] = {}


def version_row(name: str, build: Callable[[int], QuerySet], pk: int) -> dict:
    """Run ``build(pk)`` — a ``.values(...)`` query whose one parameter is ``pk`` — as
    compiled the first time for ``name`` on this database."""
    compiled = _COMPILED.get((name, connection.alias))
    if compiled is None:
        query = build(_PLACEHOLDER)
        sql, params = query.query.sql_with_params()
        if list(params) != [_PLACEHOLDER]:  # pragma: no cover - the ORM's shape changed
            raise RuntimeError(f"version_row({name!r}): unexpected query parameters")
        names = [*query.query.values_select, *query.query.annotation_select]
        compiled = _COMPILED[(name, connection.alias)] = (sql, names)
    sql, names = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row else {}


def table_version(rows: QuerySet, field: str = "updated_at") -> dict[str, Subquery]:
    """``rows`` (filtered on an ``OuterRef``) as scalar subqueries: the count (``n``), the
    latest ``field`` (``m``) and the highest id (``p``). Without GROUP BY, and the latest
    value by ORDER BY … LIMIT 1, so an index on (scope, ``field``) answers in one seek."""
    rows = rows.order_by()
    return {
        "n": Subquery(
            rows.annotate(x=Func(F("pk"), function="COUNT")).values("x"),
            output_field=IntegerField(),
        ),
        "m": Subquery(rows.order_by(f"-{field}").values(field)[:1]),
        "p": Subquery(rows.order_by("-pk").values("pk")[:1]),
    }
