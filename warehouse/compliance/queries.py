"""The compliance tables as analysts filter them: ``v_deadlines`` and ``v_compliance_summary``."""

from __future__ import annotations

from collections.abc import Sequence

from warehouse.export.writers import Query

# Province filter: a part of the name, accents and case ignored ("namur" → "Province de Namur").
_PROVINCE = "strip_accents(lower(province)) LIKE '%' || strip_accents(lower(?)) || '%'"


def deadlines_query(
    *, legislature: str | None = None, statuses: Sequence[str] = (), province: str | None = None
) -> Query:
    """``v_deadlines`` filtered by legislature, statuses and province (sheet / file name ``deadlines``)."""
    where, params = [], []
    if legislature:
        where.append("legislature = ?")
        params.append(legislature)
    if statuses:
        where.append(f"status IN ({', '.join('?' * len(statuses))})")
        params += list(statuses)
    if province:
        where.append(_PROVINCE)
        params.append(province)
    sql = "SELECT * FROM v_deadlines" + (f" WHERE {' AND '.join(where)}" if where else "")
    return Query("deadlines", sql, tuple(params))


def summary_query(*, legislature: str | None = None, province: str | None = None) -> Query:
    """``v_compliance_summary``: the total rows, or the rows of the provinces matching ``province``."""
    where, params = [], []
    if legislature:
        where.append("legislature = ?")
        params.append(legislature)
    if province:
        where.append(_PROVINCE)
        params.append(province)
    else:
        where.append("is_total")
    return Query("summary", f"SELECT * FROM v_compliance_summary WHERE {' AND '.join(where)}", tuple(params))


__all__ = ["deadlines_query", "summary_query"]
