"""SQL for the desk's queue and search that stays an index seek however long the table.

The queue is paged by keyset (the last row's created_at and id), never by OFFSET, which reads
every row it skips. As in `queue_sql`, several regions are several index ranges merged: each
region takes its own page and only those are sorted together. Search results come oldest
first by id (ids grow with time), so a name's word index gives them in order with no sort.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.storage.codec import time_to_db
from bot.storage.models import AppStatus

Params = list[object]
_ORDER = "ORDER BY created_at, id"


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the queue page asks for; None: any programme, every region the member serves."""

    status: AppStatus = AppStatus.QUEUED
    programme: str | None = None
    region: str | None = None
    # Overdue only: waiting since before this moment (the status's cut-off, bot.rules.deadlines).
    overdue_before: datetime | None = None


def queue_page(
    wanted: QueueFilter,
    regions: Collection[str] | None,
    after: tuple[str, int] | None,
    take: int,
) -> tuple[str, Params]:
    """A SELECT of `take` applications matching `wanted` in `regions` (None: all, including
    those with no region), oldest first, after the (created_at, id) `after`."""
    if wanted.region is not None:
        regions = [wanted.region] if regions is None or wanted.region in regions else []
    arms: list[str] = []
    params: Params = []
    for region in [None] if regions is None else sorted(set(regions)):
        where = ["status = ?"]
        arm_params: Params = [wanted.status]
        if region is not None:
            where.append("region = ?")
            arm_params.append(region)
        if wanted.programme is not None:
            where.append("programme = ?")
            arm_params.append(wanted.programme)
        if after is not None:
            where.append("(created_at, id) > (?, ?)")
            arm_params += list(after)
        if wanted.overdue_before is not None:
            # An application waits since it was created or later: the first bound ends the
            # index range at the cut-off, the second skips the few whose wait began again.
            cutoff = time_to_db(wanted.overdue_before)
            where += ["created_at < ?", "waiting_since < ?"]
            arm_params += [cutoff, cutoff]
        arms.append(f"SELECT * FROM applications WHERE {' AND '.join(where)} {_ORDER} LIMIT ?")
        params += [*arm_params, take]
    if not arms:
        return "SELECT * FROM applications WHERE 0", []
    if len(arms) == 1:
        return arms[0], params
    merged = " UNION ALL ".join(f"SELECT * FROM ({arm})" for arm in arms)
    return f"SELECT * FROM ({merged}) {_ORDER} LIMIT ?", [*params, take]


def returned_unanswered(count: int) -> str:
    """Which of `count` applications are back in the queue, in their present wait, because the
    citizen left a question unanswered (a `no_answer` event since `waiting_since`)."""
    ids = ", ".join("?" * count)
    return (
        "SELECT DISTINCT e.application_id FROM applications a JOIN events e"
        " ON e.application_id = a.id AND e.at >= a.waiting_since"
        f" WHERE a.id IN ({ids}) AND e.reason = 'no_answer'"
    )


def _region_filter(column: str, regions: Collection[str] | None) -> tuple[str, Params]:
    if regions is None:
        return "", []
    wanted = sorted(set(regions))
    return f" AND {column} IN ({', '.join('?' * len(wanted)) or 'NULL'})", list(wanted)


def by_column(
    column: str, value: str | int, regions: Collection[str] | None, after: int, take: int
) -> tuple[str, Params]:
    """Applications whose `column` (id, phone or iin: each indexed) is `value`, in `regions`."""
    if column not in ("id", "phone", "iin"):
        raise ValueError(f"no search by {column}")
    region_sql, region_params = _region_filter("region", regions)
    return (
        f"SELECT * FROM applications WHERE {column} = ? AND id > ?{region_sql} ORDER BY id LIMIT ?",
        [value, after, *region_params, take],
    )


def by_name(
    words: Sequence[str], regions: Collection[str] | None, after: int, take: int
) -> tuple[str, Params]:
    """Applications whose name has every one of `words` (the first, the rarest, leads), in
    `regions`: each region's words read in order from their own index range, then merged."""
    if not words:
        raise ValueError("a name search needs a word")
    lead, *others = words
    also = "".join(
        " AND EXISTS (SELECT 1 FROM application_name_words o"
        " WHERE o.word = ? AND o.application_id = w.application_id)"
        for _ in others
    )
    arms: list[str] = []
    params: Params = []
    for region in [None] if regions is None else sorted(set(regions)):
        in_region = "" if region is None else " AND w.region = ?"
        arms.append(
            "SELECT w.application_id FROM application_name_words w"
            f" WHERE w.word = ?{in_region} AND w.application_id > ?{also}"
            " ORDER BY w.application_id LIMIT ?"
        )
        params += [lead, *([] if region is None else [region]), after, *others, take]
    if not arms:
        return "SELECT * FROM applications WHERE 0", []
    found = " UNION ALL ".join(f"SELECT * FROM ({arm})" for arm in arms)
    region_sql, region_params = _region_filter("a.region", regions)
    return (
        f"SELECT a.* FROM ({found}) f JOIN applications a ON a.id = f.application_id"
        f" WHERE 1{region_sql} ORDER BY a.id LIMIT ?",
        [*params, *region_params, take],
    )


# How many rows of a word are counted to tell which of the words typed is the rarest.
RARITY_PROBE = 2000

WORD_COUNT_SQL = (
    "SELECT COUNT(*) FROM (SELECT 1 FROM application_name_words WHERE word = ? LIMIT ?)"
)
