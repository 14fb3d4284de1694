"""The eligibility engine's entry points: one verdict per programme, and the questions still worth
asking. Pure functions of a profile, a date and the rules."""

from __future__ import annotations

from datetime import date

from bot.rules.criteria import Facts
from bot.rules.iin import IinError, parse_iin
from bot.rules.loader import Rules, load_rules
from bot.rules.model import Code, Evaluation, Profile, Result, Sex, Status, Verdict

_UNANSWERABLE = (Code.RULE_NOT_VERIFIED, Code.PROGRAMME_IN_FORCE)


def _facts(profile: Profile, on: date) -> Facts:
    birth_date, sex = profile.birth_date, profile.sex
    if profile.iin is not None and (birth_date is None or sex is None):
        try:
            info = parse_iin(profile.iin)
        except IinError:
            pass  # an invalid IIN tells us nothing; profile_from_json rejects it earlier
        else:
            birth_date = birth_date or info.birth_date
            sex = sex or info.sex
    return Facts(profile, on, birth_date, sex)


def _judge(profile: Profile, on: date, rules: Rules) -> tuple[Evaluation, set[str]]:
    facts = _facts(profile, on)
    mrp = rules.parameter("mrp", on)
    min_wage = rules.parameter("min_wage", on)
    verdicts: list[Verdict] = []
    needed: set[str] = set()
    for programme in rules.programmes.values():
        verdict, active = programme.judge(facts, mrp)
        verdicts.append(verdict)
        if verdict.status is not Status.UNKNOWN:
            continue
        for criterion, outcome in zip(active, verdict.criteria, strict=True):
            if outcome.result is Result.UNKNOWN and criterion.code not in _UNANSWERABLE:
                needed.update(_missing(criterion.fields, facts))
    return Evaluation(on, mrp, min_wage, tuple(verdicts)), needed


def _missing(fields: tuple[str, ...], facts: Facts) -> list[str]:
    """The first unanswered field among those a criterion reads: answering a later one alone
    (the sex before the birth date) could not decide it."""
    for field in fields:
        if field == "birth_date":
            value: object = facts.birth_date
        elif field == "sex":
            value = facts.sex
        else:
            value = getattr(facts.profile, field)
        if value is None:
            return [field]
    return []


def evaluate(profile: Profile, on: date, rules: Rules | None = None) -> Evaluation:
    """One verdict per programme, in display order, on the date `on`.

    Raises `ParameterNotInForce` for a date with no known MRP (before 2020).
    """
    return _judge(profile, on, rules or load_rules())[0]


def needed_fields(profile: Profile, on: date, rules: Rules | None = None) -> frozenset[str]:
    """Profile fields still unanswered whose answer could change some programme's status."""
    return frozenset(_judge(profile, on, rules or load_rules())[1])


def retirement_date(birth_date: date, sex: Sex, rules: Rules | None = None) -> date | None:
    """The retirement date: the first day on which the age reaches the age in force that day.

    None if that day fell before the schedule's first date (2018): the person retired earlier.
    """
    return (rules or load_rules()).retirement.retirement(birth_date, sex).on
