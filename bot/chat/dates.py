"""Dates as people type them: 07.03.1972, 7/3/1972, 07-03-1972; or a month: 06.2024."""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum

_FULL = re.compile(r"^\s*(\d{1,2})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{4})\s*$")
_MONTH = re.compile(r"^\s*(\d{1,2})\s*[./\-\s]\s*(\d{4})\s*$")


class DateProblem(StrEnum):
    FORMAT = "format"  # not a date written as day.month.year
    IMPOSSIBLE = "impossible"  # 31.02.2000, month 13
    FUTURE = "future"
    TOO_OLD = "too_old"  # before 1900
    BEFORE_BIRTH = "before_birth"


class DateError(ValueError):
    def __init__(self, problem: DateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def parse_day(text: str, today: date, *, month_allowed: bool = False) -> date:
    """A past date; with `month_allowed`, "06.2024" means the last day of that month."""
    if len(text) > 40:
        raise DateError(DateProblem.FORMAT)
    full = _FULL.match(text)
    if full is not None:
        day_, month, year = (int(part) for part in full.groups())
    else:
        only_month = _MONTH.match(text) if month_allowed else None
        if only_month is None:
            raise DateError(DateProblem.FORMAT)
        month, year = (int(part) for part in only_month.groups())
        if not 1 <= month <= 12:
            raise DateError(DateProblem.IMPOSSIBLE)
        # Studies usually end late in the month; the last day is the kinder reading.
        day_ = calendar.monthrange(year, month)[1]
        if (year, month) == (today.year, today.month):
            day_ = today.day
    try:
        value = date(year, month, day_)
    except ValueError:
        raise DateError(DateProblem.IMPOSSIBLE) from None
    if value > today:
        raise DateError(DateProblem.FUTURE)
    if value.year < 1900:
        raise DateError(DateProblem.TOO_OLD)
    return value
