"""Argument types the commands share: a date a report can mean, a Telegram user id, a name people
see. Each refuses what would otherwise end in a traceback or land in the database as a trap
(argparse then says so in its usual one line, exit status 2)."""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Callable
from datetime import date

# Far enough either way for any report or check, near enough that a day's arithmetic
# (`date + timedelta`) never leaves the calendar.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)
LARGEST_ID = 2**63 - 1  # SQLite's INTEGER
NAME_CHARACTERS = 100
# Bidirectional controls make a name display as other text than it is (U+202E reverses it).
_BIDI_CONTROLS = {
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
}


def report_date(text: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date like 2026-03-01") from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise argparse.ArgumentTypeError(f"{value} is outside {FIRST_DATE}…{LAST_DATE}")
    return value


def telegram_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
    if not 0 < value <= LARGEST_ID:
        raise argparse.ArgumentTypeError("a Telegram user id is a positive number (@userinfobot)")
    return value


def display_name(text: str) -> str:
    name = text.strip()
    if not name or len(name) > NAME_CHARACTERS:
        raise argparse.ArgumentTypeError(f"a name is 1 to {NAME_CHARACTERS} characters")
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in _BIDI_CONTROLS for c in name):
        raise argparse.ArgumentTypeError(
            "a name may not hold control characters or text-direction overrides"
        )
    return name


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from `low` to `high` (SQLite stores no larger one)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"a number from {low} to {high:,}")
        return value

    return parse
