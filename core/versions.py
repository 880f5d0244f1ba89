"""Versions of data: per table, the row count, the latest change and the highest id.

The keys of cached pages and results (``core.render_cache``, the engine's cache, the maps)
are read on every request, so their query must cost far less than the page it saves. It
is one ``UNION ALL`` of plain aggregates — ``SELECT COUNT(*), MAX(updated_at), MAX(id) FROM
<table> WHERE <scope> = %s`` per table, answered from an index on the scope — built through
the ORM once per database and then run as compiled SQL: building a dozen querysets cost
more than running them, and correlated subqueries cost PostgreSQL two to three times as
much to plan and run.

A delete changes a count, a re-creation the highest id, and every write through the
services sets ``updated_at``: when none of the three moved, nothing the version covers did.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.db.models import CharField, F, Func, QuerySet, Value

#: Stand for the ids a version query is asked with (never real ids), by scope.
PLACEHOLDERS = {"organisation": 987654321, "assessment": 987654322}
_COMPILED: dict[tuple[str, str], tuple[str, list]] = {}

#: (label, the table's rows of one scope — filtered on a placeholder id —, the field whose
#: latest value counts as the latest change)
Arm = tuple[str, QuerySet, str]


def version(name: str, build: Callable[[dict[str, int]], list[Arm]], **ids: int) -> tuple:
    """((label, count, latest, highest id), …) of the tables ``build(PLACEHOLDERS)`` names,
    for the ids given (``organisation=…``, ``assessment=…``). ``build`` runs once per
    ``name`` and database."""
    compiled = _COMPILED.get((name, connection.alias))
    if compiled is None:
        arms, params = [], []
        for label, rows, field in build(PLACEHOLDERS):
            query = (
                rows.order_by()
                .annotate(
                    version_t=Value(label, output_field=CharField()),
                    version_n=Func(F("pk"), function="COUNT"),
                    version_m=Func(F(field), function="MAX"),
                    version_p=Func(F("pk"), function="MAX"),
                )
                .values("version_t", "version_n", "version_m", "version_p")
            )
            sql, arm_params = query.query.sql_with_params()
            arms.append(sql)
            params.extend(arm_params)
        compiled = _COMPILED[(name, connection.alias)] = (" UNION ALL ".join(arms), params)
    sql, params = compiled
    given = {PLACEHOLDERS[scope]: value for scope, value in ids.items()}
    with connection.cursor() as cursor:
        cursor.execute(sql, [given.get(p, p) if isinstance(p, int) else p for p in params])
        return tuple(sorted(tuple(row) for row in cursor.fetchall()))
