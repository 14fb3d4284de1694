"""Dates as people type them: 07.03.1972, 7/3/1972, 07-03-1972, 07031972, 1972-03-07; or a
month: 06.2024, 2024-06."""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum

_SEP = r"\s*[./\-\s]\s*"
_FULL = re.compile(rf"^\s*(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})\s*$")
_DIGITS_ONLY = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")  # 07031972
_YEAR_FIRST = re.compile(r"^\s*(\d{4})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*$")
_SHORT_YEAR = re.compile(rf"^\s*\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}\d{{2}}\s*$")  # 07.03.72
_MONTH = re.compile(rf"^\s*(\d{{1,2}}){_SEP}(\d{{4}})\s*$")
_MONTH_YEAR_FIRST = re.compile(r"^\s*(\d{4})\s*[./\-]\s*(\d{1,2})\s*$")


class DateProblem(StrEnum):
    FORMAT = "format"  # not a date written as day.month.year
    SHORT_YEAR = "short_year"  # 07.03.72: 1972 or 2072 is the citizen's to say
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
    full = _FULL.match(text) or _DIGITS_ONLY.match(text)
    year_first = _YEAR_FIRST.match(text)
    if full is not None:
        day_, month, year = (int(part) for part in full.groups())
    elif year_first is not None:
        year, month, day_ = (int(part) for part in year_first.groups())
    else:
        only_month = _month(text) if month_allowed else None
        if only_month is None:
            short = _SHORT_YEAR.match(text) is not None
            raise DateError(DateProblem.SHORT_YEAR if short else DateProblem.FORMAT)
        month, year = only_month
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


def _month(text: str) -> tuple[int, int] | None:
    """(month, year) of "06.2024" or "2024-06"."""
    found = _MONTH.match(text)
    if found is not None:
        return int(found.group(1)), int(found.group(2))
    found = _MONTH_YEAR_FIRST.match(text)
    if found is not None:
        return int(found.group(2)), int(found.group(1))
    return None
