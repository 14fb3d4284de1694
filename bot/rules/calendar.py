"""Ages and anniversaries exact to the day.

An anniversary that does not exist in its month (29 February in a common year, or 31 August plus
six months) falls on the first day of the next month: the person has not completed the period
until that day. That is how `age_on` counts too, so both agree: someone born on 29 February 2008
turns 18 on 1 March 2026.
"""

from __future__ import annotations

from datetime import date


def add_months(start: date, months: int) -> date:
    """The day `months` whole months after `start`; a missing day rolls to the next month's 1st."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year = start.year + years
    month = month_index + 1
    try:
        return date(year, month, start.day)
    except ValueError:
        return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def age_on(birth_date: date, on: date) -> int:
    """Completed years of life on `on` (the birthday itself counts)."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday
