"""How values are written into SQLite columns and read back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

# Fixed-width UTC text: sorts like time, readable in the sqlite3 shell, understood by julianday().
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"


def time_to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("storage only accepts aware datetimes")
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def time_from_db(text: str) -> datetime:
    # fromisoformat, not strptime: every application row carries three times.
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None or len(text) != 26:
        raise ValueError(f"not a storage time: {text!r}")
    return moment.replace(tzinfo=UTC)


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
