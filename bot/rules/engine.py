"""The eligibility engine's entry points: one verdict per programme, and the questions still worth
asking. Pure functions of a profile, a date and the rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.rules.criteria import Facts
from bot.rules.iin import IinError, parse_iin
from bot.rules.loader import ParameterNotInForce, Rules, load_rules
from bot.rules.model import (
    Citation,
    Code,
    CriterionResult,
    Evaluation,
    Profile,
    Result,
    Sex,
    Status,
    Verdict,
)
from bot.rules.registration import as_registered
from bot.rules.snapshot import ProgrammeOnDay

_UNANSWERABLE = (Code.RULE_NOT_VERIFIED, Code.PROGRAMME_IN_FORCE)
_MET, _UNMET = Result.MET, Result.UNMET
_ELIGIBLE, _INELIGIBLE, _UNKNOWN = Status.ELIGIBLE, Status.INELIGIBLE, Status.UNKNOWN
_RANK = {_INELIGIBLE: 0, _UNKNOWN: 1, _ELIGIBLE: 2}


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


def _judge(profile: Profile, on: date, rules: Rules, needed: set[str] | None) -> Evaluation:
    """Evaluate; if `needed` is a set, add to it the fields worth asking (see needed_fields)."""
    facts = _facts(profile, on)
    snapshot = rules.snapshots.on(facts.day)
    if snapshot.mrp is None or snapshot.min_wage is None:
        raise ParameterNotInForce(f"no mrp value is known for {on.isoformat()}")
    region = profile.region
    verdicts: list[Verdict] = []
    append = verdicts.append
    for today in snapshot.programmes:
        if today.out_of_force is not None:
            append(
                Verdict(
                    today.id,
                    today.out_of_force_status,
                    (today.out_of_force,),
                    today.pay(region),
                    today.max_months,
                    today.source,
                    today.preconditions,
                    (_programme_citation(today),),
                    today.programme.pay_rule.citation,
                    today.notices,
                    today.programme.applicable,
                    today.programme.how_to_apply,
                )
            )
            continue
        results = tuple([test(facts) for test in today.tests])
        verdict = _verdict(today, results, region)
        if today.programme.stops_at_retirement and verdict.status is not _INELIGIBLE:
            verdict = _until_retirement(verdict, facts, rules)
        append(verdict)
        status = verdict.status
        if needed is not None and status is _UNKNOWN:
            for criterion, outcome in zip(today.criteria, results, strict=True):
                if (
                    outcome.result is Result.UNKNOWN
                    and criterion.asked
                    and criterion.code not in _UNANSWERABLE
                ):
                    needed.update(_missing(criterion.fields, facts))
    return Evaluation(on, snapshot.mrp, snapshot.min_wage, tuple(verdicts))


def _verdict(
    today: ProgrammeOnDay, results: tuple[CriterionResult, ...], region: str | None
) -> Verdict:
    status = _ELIGIBLE
    for outcome in results:
        result = outcome.result
        if result is _UNMET:
            status = _INELIGIBLE
            break
        if result is not _MET:
            status = _UNKNOWN
    return Verdict(
        today.id,
        status,
        results,
        today.pay(region),
        today.max_months,
        today.source,
        today.preconditions,
        today.citations,
        today.programme.pay_rule.citation,
        today.notices,
        today.programme.applicable,
        today.programme.how_to_apply,
    )


def _until_retirement(verdict: Verdict, facts: Facts, rules: Rules) -> Verdict:
    """The duration shown ends at the citizen's retirement (silver age: 36 months, or fewer)."""
    if facts.birth_date is None or facts.sex is None or verdict.max_months is None:
        return verdict
    retires = rules.retirement.retirement(facts.birth_date, facts.sex).on
    if retires is None or retires <= facts.on:
        return verdict
    on = facts.on
    left = (retires.year - on.year) * 12 + retires.month - on.month - (retires.day < on.day)
    return verdict if left >= verdict.max_months else replace(verdict, max_months=left)


def _programme_citation(today: ProgrammeOnDay) -> Citation:
    """The programme's own source: what a "not in force" answer rests on."""
    return Citation(today.source, today.source)


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
    return _judge(profile, on, rules or load_rules(), None)


def needed_fields(profile: Profile, on: date, rules: Rules | None = None) -> frozenset[str]:
    """Profile fields still unanswered whose answer could change some programme's status.

    A programme already eligible or ineligible needs nothing; one whose rules are not in force on
    `on` or that is unknown only because a rule is unverified needs nothing either.

    The answers the programmes would need once the citizen registers as a job seeker count too
    (see as_registered): "not registered" must not hide the studies of a young graduate for whom
    registering is the one step missing.
    """
    rules = rules or load_rules()
    needed: set[str] = set()
    _judge(profile, on, rules, needed)
    registered = as_registered(profile)
    if registered is not None:
        _judge(registered, on, rules, needed)
    return frozenset(needed)


def evaluate_as_registered(
    profile: Profile, on: date, rules: Rules | None = None
) -> Evaluation | None:
    """The verdicts as they would be once registered as a job seeker; None when registering is
    not the citizen's next step (see as_registered)."""
    registered = as_registered(profile)
    return None if registered is None else evaluate(registered, on, rules)


def opened_by_registering(
    profile: Profile, on: date, rules: Rules | None = None
) -> tuple[Verdict, ...]:
    """The programmes whose answer registering as a job seeker would improve (a no becomes a
    "may fit" or a yes, a "may fit" a yes), each verdict as it would be once registered, in
    display order.

    Empty when registering is not the citizen's next step, or changes nothing: a 40-year-old
    is still too old for youth practice once registered.
    """
    rules = rules or load_rules()
    registered = evaluate_as_registered(profile, on, rules)
    if registered is None:
        return ()
    now = evaluate(profile, on, rules)
    return tuple(
        then
        for today, then in zip(now.verdicts, registered.verdicts, strict=True)
        if _RANK[then.status] > _RANK[today.status]
    )


def retirement_date(birth_date: date, sex: Sex, rules: Rules | None = None) -> date | None:
    """The retirement date: the first day on which the age reaches the age in force that day.

    None if that day fell before the schedule's first date (2018): the person retired earlier.
    """
    return (rules or load_rules()).retirement.retirement(birth_date, sex).on
