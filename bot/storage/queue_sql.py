"""SQL for "the oldest waiting applications" that stays an index seek however long the table.

SQLite cannot merge several index ranges in order, so `region IN (...) ORDER BY created_at`
would sort every queued row of those regions. Instead each region takes its own few oldest rows
from the (status, region, created_at, id) index and only those are merged.
"""

from __future__ import annotations

from collections.abc import Collection

Params = list[object]


def oldest_queued(
    regions: Collection[str] | None, take: int, columns: str = "id, created_at"
) -> tuple[str, Params]:
    """A SELECT of `columns` for the `take` oldest queued applications in `regions` (None: all)."""
    order = "ORDER BY created_at, id"
    if regions is None:
        return (
            f"SELECT {columns} FROM applications WHERE status = 'queued' {order} LIMIT ?",
            [take],
        )
    arms: list[str] = []
    params: Params = []
    for region in sorted(set(regions)):
        arms.append(
            f"SELECT * FROM (SELECT {columns} FROM applications"
            f" WHERE status = 'queued' AND region = ? {order} LIMIT ?)"
        )
        params += [region, take]
    if not arms:
        return f"SELECT {columns} FROM applications WHERE 0", []
    return f"SELECT * FROM ({' UNION ALL '.join(arms)}) {order} LIMIT ?", [*params, take]


def expired_claims(
    regions: Collection[str] | None, now: str, take: int, columns: str = "id, created_at"
) -> tuple[str, Params]:
    """Applications still in review whose claim ran out: they are waiting again.

    Few rows are ever in review, so the partial index on claimed_until keeps this small.
    """
    sql = f"SELECT {columns} FROM applications WHERE status = 'in_review' AND claimed_until <= ?"
    params: Params = [now]
    if regions is not None:
        wanted = sorted(set(regions))
        sql += f" AND region IN ({', '.join('?' * len(wanted)) or 'NULL'})"
        params += wanted
    return f"{sql} ORDER BY created_at, id LIMIT ?", [*params, take]


def waiting(
    regions: Collection[str] | None, now: str, limit: int, offset: int
) -> tuple[str, Params]:
    """Queued applications plus expired claims, oldest first, one page."""
    take = limit + offset
    queued_sql, queued_params = oldest_queued(regions, take, "*")
    expired_sql, expired_params = expired_claims(regions, now, take, "*")
    sql = (
        f"SELECT * FROM (SELECT * FROM ({queued_sql}) UNION ALL SELECT * FROM ({expired_sql}))"
        " ORDER BY created_at, id LIMIT ? OFFSET ?"
    )
    return sql, [*queued_params, *expired_params, limit, offset]


def count_waiting(regions: Collection[str] | None, now: str) -> tuple[str, Params]:
    region_filter = ""
    params: Params = []
    if regions is not None:
        wanted = sorted(set(regions))
        region_filter = f" AND region IN ({', '.join('?' * len(wanted)) or 'NULL'})"
        params = list(wanted)
    sql = (
        "SELECT (SELECT COUNT(*) FROM applications WHERE status = 'queued'"
        f"{region_filter}) + (SELECT COUNT(*) FROM applications"
        f" WHERE status = 'in_review' AND claimed_until <= ?{region_filter})"
    )
    return sql, [*params, now, *params]
