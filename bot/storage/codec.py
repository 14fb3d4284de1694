"""How values are written into SQLite columns and read back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

# Fixed-width UTC text "YYYY-MM-DDTHH:MM:SS.ffffff": sorts like time, readable in the sqlite3
# shell, understood by julianday(). (isoformat/fromisoformat write and read exactly this form,
# several times faster than strftime/strptime; times are read and written on every update.)


def time_to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("storage only accepts aware datetimes")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def time_from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def optional_time_from_db(text: str | None) -> datetime | None:
    return None if text is None else time_from_db(text)


def json_to_db(value: Mapping[str, object]) -> str:
    # Keys sorted so equal snapshots are equal text; Cyrillic kept readable.
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_from_db(text: str) -> dict[str, object]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("a JSON column holds something other than an object")
    return value
