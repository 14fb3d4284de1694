"""Criteria compiled at load into small test functions: one result per criterion, with a reason.

Results that depend only on an answer from a small set (an employment status, an age in years)
are built once at load and shared, so an evaluation mostly looks things up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from types import MappingProxyType

from bot.rules.calendar import add_months, age_on
from bot.rules.model import (
    Answer,
    Citation,
    Code,
    CriterionResult,
    Group,
    OtherGrounds,
    ParamValue,
    Profile,
    Result,
    Sex,
)
from bot.rules.retirement import RetirementSchedule

_OLDEST_AGE = 130


class Facts:
    """What one evaluation knows: the answers, the date, and what follows from them."""

    __slots__ = ("age", "birth_date", "day", "on", "profile", "retirements", "sex")

    def __init__(
        self, profile: Profile, on: date, birth_date: date | None, sex: Sex | None
    ) -> None:
        self.profile = profile
        self.on = on
        self.day = on.toordinal()
        self.birth_date = birth_date
        self.sex = sex
        self.age = None if birth_date is None else age_on(birth_date, on)
        # Several programmes ask when this citizen retires: worked out once per evaluation.
        self.retirements: dict[Sex, tuple[int, CriterionResult, CriterionResult]] = {}


Test = Callable[[Facts], CriterionResult]


@dataclass(frozen=True, slots=True)
class Criterion:
    code: Code
    kind: str  # what may not be in force twice on one day: the code (and topic, if unverified)
    fields: tuple[str, ...]  # the Profile fields it reads, in the order they are needed
    start: int  # in force from this day (date.toordinal()), inclusive
    end: int  # ... to this day, inclusive
    source: str
    test: Test
    citation: Citation
    # False: the conversation does not ask this criterion's field (yet), so it is never asked
    # for this criterion's sake; unanswered, it stays "check with the career centre".
    asked: bool = True


def frozen(params: Mapping[str, ParamValue]) -> Mapping[str, ParamValue]:
    return MappingProxyType(dict(params))


def result(code: Code, outcome: Result, **params: ParamValue) -> CriterionResult:
    return CriterionResult(code, outcome, frozen(params))


def one_of(
    code: Code, field: str, allowed: tuple[StrEnum, ...], check: tuple[StrEnum, ...] = ()
) -> Test:
    """The answer is one of `allowed` (employment status, education level, sector).

    An answer in `check` is one the sources leave open (or "I don't know"): unknown, not unmet.
    """
    allowed_text = ",".join(allowed)
    check_text = ",".join(check)
    values: tuple[StrEnum, ...] = tuple(type(allowed[0]))

    def outcome(value: StrEnum) -> CriterionResult:
        if value in allowed:
            return result(code, Result.MET, allowed=allowed_text, actual=value.value)
        if value in check:
            return result(
                code, Result.UNKNOWN, allowed=allowed_text, actual=value.value, check=check_text
            )
        return result(code, Result.UNMET, allowed=allowed_text, actual=value.value)

    precomputed = {value: outcome(value) for value in values}
    unknown = result(code, Result.UNKNOWN, allowed=allowed_text)
    read = attrgetter(field)

    def test(facts: Facts) -> CriterionResult:
        return precomputed.get(read(facts.profile), unknown)

    return test


def answered_yes(code: Code, field: str) -> Test:
    """A yes / no / "I don't know" answer must be yes; "I don't know" is unknown, never unmet."""
    by_answer: dict[Answer | None, CriterionResult] = {
        Answer.YES: result(code, Result.MET, answer=Answer.YES.value),
        Answer.NO: result(code, Result.UNMET, answer=Answer.NO.value),
        Answer.DONT_KNOW: result(code, Result.UNKNOWN, answer=Answer.DONT_KNOW.value),
        None: result(code, Result.UNKNOWN),
    }
    read = attrgetter(field)

    def test(facts: Facts) -> CriterionResult:
        return by_answer[read(facts.profile)]

    return test


def is_false(code: Code, field: str) -> Test:
    """A yes/no answer must be "no" (no work experience)."""
    return _yes_no(code, field, met=False)


def is_true(code: Code, field: str) -> Test:
    """A yes/no answer must be "yes" (wants to start a business)."""
    return _yes_no(code, field, met=True)


def _yes_no(code: Code, field: str, *, met: bool) -> Test:
    by_answer = {
        met: result(code, Result.MET),
        not met: result(code, Result.UNMET),
        None: result(code, Result.UNKNOWN),
    }
    read = attrgetter(field)

    def test(facts: Facts) -> CriterionResult:
        return by_answer[read(facts.profile)]

    return test


def age_at_least(min_age: int) -> Test:
    by_age = [
        result(Code.AGE_AT_LEAST, Result.MET if age >= min_age else Result.UNMET,
               min_age=min_age, age=age)
        for age in range(_OLDEST_AGE + 1)
    ]  # fmt: skip
    unknown = result(Code.AGE_AT_LEAST, Result.UNKNOWN, min_age=min_age)

    def test(facts: Facts) -> CriterionResult:
        age = facts.age
        if age is None:
            return unknown
        if 0 <= age <= _OLDEST_AGE:
            return by_age[age]
        outcome = Result.MET if age >= min_age else Result.UNMET
        return result(Code.AGE_AT_LEAST, outcome, min_age=min_age, age=age)

    return test


def age_at_most(max_age: int, check_age: int | None = None) -> Test:
    """Up to and including `max_age`: until the day before the next birthday.

    With `check_age` (> max_age), ages up to it are unknown: the sources leave them open.
    """
    last_open = max_age if check_age is None else check_age
    extra: dict[str, ParamValue] = {} if check_age is None else {"check_age": check_age}

    def outcome(age: int) -> Result:
        if 0 <= age <= max_age:
            return Result.MET
        return Result.UNKNOWN if max_age < age <= last_open else Result.UNMET

    by_age = [
        result(Code.AGE_AT_MOST, outcome(age), max_age=max_age, age=age, **extra)
        for age in range(_OLDEST_AGE + 1)
    ]
    unknown = result(Code.AGE_AT_MOST, Result.UNKNOWN, max_age=max_age, **extra)

    def test(facts: Facts) -> CriterionResult:
        age = facts.age
        if age is None:
            return unknown
        if 0 <= age <= _OLDEST_AGE:
            return by_age[age]
        return result(Code.AGE_AT_MOST, Result.UNMET, max_age=max_age, age=age, **extra)

    return test


def graduated_within(field: str, years: int, check_years: int | None = None) -> Test:
    """Graduated on or before the evaluated day and no more than `years` before it.

    The deadline is the same day `years` later, and it still counts. With `check_years` (sources
    that disagree on the limit), a graduation between the two deadlines is unknown: some career
    centres count it, the centre decides; after the `check_years` deadline it is unmet.
    """
    unknown_params: dict[str, ParamValue] = {"years": years}
    if check_years is not None:
        unknown_params["check_years"] = check_years
    unknown = result(Code.GRADUATED_WITHIN, Result.UNKNOWN, **unknown_params)
    read = attrgetter(field)

    def outcomes(
        graduation: date,
    ) -> tuple[int, int, int, CriterionResult, CriterionResult, CriterionResult]:
        deadline = add_months(graduation, 12 * years)
        params: dict[str, ParamValue] = {
            "years": years,
            "graduation_date": graduation.isoformat(),
            "deadline": deadline.isoformat(),
        }
        last_checked = deadline
        if check_years is not None:
            last_checked = add_months(graduation, 12 * check_years)
            params["check_years"] = check_years
            params["check_deadline"] = last_checked.isoformat()
        return (
            graduation.toordinal(),
            deadline.toordinal(),
            last_checked.toordinal(),
            result(Code.GRADUATED_WITHIN, Result.MET, **params),
            result(Code.GRADUATED_WITHIN, Result.UNKNOWN, **params),
            result(Code.GRADUATED_WITHIN, Result.UNMET, **params),
        )

    def test(facts: Facts) -> CriterionResult:
        graduation: date | None = read(facts.profile)
        if graduation is None:
            return unknown
        first, last, last_checked, met, to_check, unmet = outcomes(graduation)
        day = facts.day
        if day < first:
            return unmet
        if day <= last:
            return met
        return to_check if day <= last_checked else unmet

    return test


def target_group(field: str, any_of: tuple[Group, ...], others: OtherGrounds | None = None) -> Test:
    """In one of `any_of`; with `others` (other grounds, such as moving from a labour-surplus
    region, that the career centre checks), none of them is unknown, not unmet."""
    allowed_text = ",".join(any_of)
    unknown = result(Code.TARGET_GROUP, Result.UNKNOWN, allowed=allowed_text)
    none_matched = (
        result(Code.TARGET_GROUP, Result.UNKNOWN, allowed=allowed_text, matched="",
               unmatched_check=True, others=str(others))
        if others is not None
        else result(Code.TARGET_GROUP, Result.UNMET, allowed=allowed_text, matched="")
    )  # fmt: skip
    met_by_match: dict[str, CriterionResult] = {}
    read = attrgetter(field)

    def test(facts: Facts) -> CriterionResult:
        groups: frozenset[Group] | None = read(facts.profile)
        if groups is None:
            return unknown
        matched = ",".join(group for group in any_of if group in groups)
        if not matched:
            return none_matched
        found = met_by_match.get(matched)
        if found is None:  # at most 2^len(any_of) distinct results: share them
            found = result(Code.TARGET_GROUP, Result.MET, allowed=allowed_text, matched=matched)
            met_by_match[matched] = found
        return found

    return test


def below_retirement_age(schedule: RetirementSchedule) -> Test:
    """Before the retirement date. Without the sex, met or unmet only if both sexes agree."""
    unknown = result(Code.BELOW_RETIREMENT_AGE, Result.UNKNOWN)
    agreed = {True: result(Code.BELOW_RETIREMENT_AGE, Result.MET),
              False: result(Code.BELOW_RETIREMENT_AGE, Result.UNMET)}  # fmt: skip
    retired_before_records = result(Code.BELOW_RETIREMENT_AGE, Result.UNMET)

    def outcomes(birth_date: date, sex: Sex) -> tuple[int, CriterionResult, CriterionResult]:
        """The retirement day, the result before it and the result from it on."""
        retirement = schedule.retirement(birth_date, sex)
        if retirement.on is None:
            return 0, retired_before_records, retired_before_records
        params = {
            "retirement_age": retirement.age_text,
            "retirement_date": retirement.on.isoformat(),
        }
        return (
            retirement.on.toordinal(),
            result(Code.BELOW_RETIREMENT_AGE, Result.MET, **params),
            result(Code.BELOW_RETIREMENT_AGE, Result.UNMET, **params),
        )

    def known(
        facts: Facts, birth_date: date, sex: Sex
    ) -> tuple[int, CriterionResult, CriterionResult]:
        found = facts.retirements.get(sex)
        if found is None:
            found = facts.retirements[sex] = outcomes(birth_date, sex)
        return found

    def test(facts: Facts) -> CriterionResult:
        birth_date = facts.birth_date
        if birth_date is None:
            return unknown
        day = facts.day
        if facts.sex is None:
            as_man = day < known(facts, birth_date, Sex.MALE)[0]
            as_woman = day < known(facts, birth_date, Sex.FEMALE)[0]
            return agreed[as_man] if as_man == as_woman else unknown
        retires, before, after = known(facts, birth_date, facts.sex)
        return before if day < retires else after

    return test


def not_verified(topic: str) -> Test:
    constant = result(Code.RULE_NOT_VERIFIED, Result.UNKNOWN, topic=topic)

    def test(_facts: Facts) -> CriterionResult:
        return constant

    return test


# The one Profile field each kind of criterion reads (below_retirement_age reads birth_date and
# sex; rule_not_verified reads nothing). The TOML names it anyway, so a reader sees what is asked.
FIELD_OF: dict[Code, str] = {
    Code.EMPLOYMENT_STATUS: "employment",
    Code.EDUCATION_LEVEL: "education",
    Code.AGE_AT_LEAST: "birth_date",
    Code.AGE_AT_MOST: "birth_date",
    Code.GRADUATED_WITHIN: "graduation_date",
    Code.NO_WORK_EXPERIENCE: "has_work_experience",
    Code.TARGET_GROUP: "groups",
    Code.LOST_JOB_RECENTLY: "lost_job_recently",
    Code.SOCIAL_INSURANCE_PAID: "social_insurance_paid",
    Code.PROFESSION_SECTOR: "profession_sector",
    Code.WANTS_OWN_BUSINESS: "wants_own_business",
}
