"""Version rows: one query of counts and latest changes, built through the ORM once.

The keys of cached pages and results (``core.render_cache``, the engine's cache, the maps)
are read on every request, so their query must cost less than the page it saves. Building
it through the ORM (a dozen scalar subqueries) took longer than running it: it is compiled
once per database with a placeholder id, and run with the real one as its only parameter.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.db.models import CharField, F, Func, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

_PLACEHOLDER = 987654321
_COMPILED: dict[tuple[str, str], tuple[str, list, list[str]]] = {}


def version_row(name: str, build: Callable[[int], QuerySet], pk: int) -> dict:
    """Run ``build(pk)`` — a ``.values(...)`` query with ``pk`` as one of its parameters —
    as compiled the first time for ``name`` on this database."""
    compiled = _COMPILED.get((name, connection.alias))
    if compiled is None:
        query = build(_PLACEHOLDER)
        sql, params = query.query.sql_with_params()
        if list(params).count(_PLACEHOLDER) != 1:  # pragma: no cover - the ORM changed
            raise RuntimeError(f"version_row({name!r}): the id must be one parameter")
        names = [*query.query.values_select, *query.query.annotation_select]
        compiled = _COMPILED[(name, connection.alias)] = (sql, list(params), names)
    sql, params, names = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk if p == _PLACEHOLDER else p for p in params])
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row else {}


def table_version(rows: QuerySet, field: str = "updated_at") -> Subquery:
    """``rows`` (filtered on an ``OuterRef``) as one scalar subquery, "count:latest:top":
    the row count, the latest ``field`` and the highest id, from one pass over an index on
    (scope, ``field``) — a delete or a re-creation moves one of them, and every write
    through the services sets ``updated_at``. No GROUP BY: one row even when empty."""

    def aggregate(function: str, name: str):
        return Cast(Func(F(name), function=function), CharField())

    version = Concat(
        aggregate("COUNT", "pk"),
        Value(":"),
        Coalesce(aggregate("MAX", field), Value("")),
        Value(":"),
        Coalesce(aggregate("MAX", "pk"), Value("")),
        output_field=CharField(),
    )
    return Subquery(rows.order_by().annotate(v=version).values("v"), output_field=CharField())
