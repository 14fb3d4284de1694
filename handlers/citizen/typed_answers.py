"""Typed answers (IIN, birth date, graduation date): the profile they make, or why not.

Each reader keeps the answers consistent: an IIN gives birth date and sex, a birth date typed
instead drops the IIN, and a graduation date is never on or before the birth date.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from aiogram.fsm.state import State

from bot.i18n import _, ngettext
from bot.rules import IinError, add_months, age_on, parse_iin
from bot.rules.model import Profile
from bot.rules.profile_json import EARLIEST_BIRTH
from bot.words.dates import DateError, DateProblem, parse_day

# Longer text is not an IIN; reading less of it keeps a pasted novel cheap.
_IIN_TEXT_LIMIT = 64
_DATE_SIGNS = frozenset("./-")


class Refused(ValueError):
    """An answer that does not fit the step; `text` tells the citizen why, and `ask` is the
    question to ask instead (None: the same one, answered again)."""

    def __init__(self, text: str, *, ask: State | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.ask = ask


def iin_problem(code: str) -> str:
    problems = {
        "length": _("An IIN has exactly 12 digits. Please check and send it again."),
        "not_digits": _("An IIN has only digits, without letters or other signs."),
        "bad_date": _(
            "The first 6 digits of an IIN are the date of birth (year, month, day), "
            "and these are not a real date. Please check them."
        ),
        "bad_century": _("The 7th digit of an IIN must be from 1 to 6. Please check it."),
        "checksum": _(
            "The last digit of this IIN does not match the others: probably a typo. "
            "Please check the number."
        ),
        "not_issued": _("Such an IIN is never issued. Please check the number."),
        "before_1900": _(
            "By this IIN you were born before 1900: the 7th digit is probably wrong "
            "(3 or 4 for those born in 1900–1999, 5 or 6 from 2000). Please check it."
        ),
    }
    return problems.get(code, problems["length"])


def date_problem(problem: DateProblem, *, month_allowed: bool = False) -> str:
    if problem is DateProblem.FORMAT:
        return (
            _("Please write the date as day.month.year, like 30.06.2024, or just 06.2024.")
            if month_allowed
            else _("Please write the date as day.month.year, like 07.03.1972.")
        )
    if problem is DateProblem.SHORT_YEAR:
        return _("Please write the year with all four digits, like 07.03.1972.")
    if problem is DateProblem.IMPOSSIBLE:
        return _("There is no such date. Please check the day and the month.")
    if problem is DateProblem.FUTURE:
        return _("This date has not come yet. Please check the year.")
    if problem is DateProblem.BEFORE_BIRTH:
        return _("This date is before your date of birth. Please check it.")
    return _("Please check the year.")


# The Labour Code lets people work from 16, and from 14 with a parent's consent: a younger
# age is a mistyped year (2016 for 1966), not a job seeker.
YOUNGEST_WORKER = 14
# Only to read a 2-digit year: "12.05.24" is neither a 102-year-old nor a baby, so it is asked
# again with four digits.
_OLDEST_JOB_SEEKER = 100


def _old_enough(born: date, today: date) -> None:
    age = age_on(born, today)
    if age < YOUNGEST_WORKER:
        raise Refused(
            ngettext(
                "By this date you are {age} year old. Please check the year.",
                "By this date you are {age} years old. Please check the year.",
                age,
            ).format(age=age)
        )


def with_birth_date(profile: Profile, born: date) -> Profile:
    """A new birth date; a graduation date not after it is dropped (asked again if needed)."""
    graduated = profile.graduation_date
    if graduated is not None and graduated <= born:
        graduated = None
    return dataclasses.replace(profile, birth_date=born, graduation_date=graduated)


def _birth_window(today: date) -> tuple[date, date]:
    """Where a birth date typed with a 2-digit year may fall: "12.05.64" is 1964, not 2064."""
    return max(EARLIEST_BIRTH, add_months(today, -12 * _OLDEST_JOB_SEEKER)), add_months(
        today, -12 * YOUNGEST_WORKER
    )


def _birth_date(text: str, today: date) -> date:
    earliest, latest = _birth_window(today)
    return parse_day(text, today, earliest=earliest, latest=latest)


def read_iin(text: str, profile: Profile, today: date) -> Profile:
    # "660510-400015": the dash some people write after the date part is no part of the IIN.
    typed = text[:_IIN_TEXT_LIMIT].replace("-", " ")
    looks_like_a_date = _DATE_SIGNS.intersection(text) or any(c.isalpha() for c in text)
    if len("".join(typed.split())) != 12 and looks_like_a_date:
        # "10.05.1966" or «10 мая 1966» at the IIN question: the date of birth it offers to
        # take instead.
        try:
            _birth_date(text, today)
        except DateError as error:
            if error.problem is not DateProblem.FORMAT:  # a date, but a wrong one
                raise Refused(date_problem(error.problem)) from None
        else:
            return read_birth_date(text, profile, today)
    try:
        info = parse_iin(typed)
    except IinError as error:
        raise Refused(iin_problem(str(error.code))) from None
    if info.birth_date > today:
        raise Refused(iin_problem("bad_date"))
    if info.birth_date < EARLIEST_BIRTH:
        # Answers that old could not be read back (bot.rules.profile_json): every message
        # after this one would have been "something went wrong".
        raise Refused(iin_problem("before_1900"))
    _old_enough(info.birth_date, today)
    # The digits of the same text that was checked, so the stored IIN is the valid one.
    iin = "".join(typed.split())
    return with_birth_date(dataclasses.replace(profile, iin=iin, sex=info.sex), info.birth_date)


def read_birth_date(text: str, profile: Profile, today: date) -> Profile:
    try:
        born = _birth_date(text, today)
    except DateError as error:
        raise Refused(date_problem(error.problem)) from None
    _old_enough(born, today)
    # Typed instead of the IIN: the two must never disagree.
    return with_birth_date(dataclasses.replace(profile, iin=None), born)


def read_graduation(text: str, profile: Profile, today: date) -> Profile:
    try:
        finished = parse_day(text, today, month_allowed=True, earliest=profile.birth_date)
        if profile.birth_date is not None and finished <= profile.birth_date:
            raise DateError(DateProblem.BEFORE_BIRTH)
    except DateError as error:
        raise Refused(date_problem(error.problem, month_allowed=True)) from None
    return dataclasses.replace(profile, graduation_date=finished)
