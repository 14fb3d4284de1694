"""Retirement dates from the dated retirement-age schedule (data/parameters.toml explains the rule).

The rule: a person retires on the FIRST day on which their age reaches the retirement age in force
on that day. Ages are held in months so that 61.5 is exactly 61 years and 6 months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.rules.calendar import add_months
from bot.rules.model import Sex
from bot.rules.timeline import Timeline


@dataclass(frozen=True, slots=True)
class Retirement:
    """When someone retires. `on` is None when it was before the schedule's first date."""

    on: date | None
    age_months: int  # the retirement age reached then, in months

    @property
    def age_text(self) -> str:
        """ "61", "61.5": the form Code.BELOW_RETIREMENT_AGE's params use."""
        years, months = divmod(self.age_months, 12)
        return str(years) if months == 0 else f"{self.age_months / 12:g}"


class RetirementSchedule:
    def __init__(self, by_sex: dict[Sex, Timeline[int]]) -> None:
        self._by_sex = by_sex

    def age_months_on(self, sex: Sex, on: date) -> int | None:
        entry = self._by_sex[sex].at(on)
        return None if entry is None else entry.value

    def retirement(self, birth_date: date, sex: Sex) -> Retirement:
        entries = self._by_sex[sex].entries
        for index, entry in enumerate(entries):
            reached = add_months(birth_date, entry.value)
            if index == 0 and reached < entry.start:
                # Reached before the schedule starts: retired then, at an age no higher than this.
                return Retirement(None, entry.value)
            candidate = max(reached, entry.start)
            if entry.end is not None and candidate > entry.end:
                continue
            if index + 1 < len(entries) and candidate >= entries[index + 1].start:
                continue
            return Retirement(candidate, entry.value)
        raise AssertionError("the last schedule entry is open-ended")  # checked at load
