"""Verdicts in words: one card per programme, reasons from criteria codes, pay, duration.

The citizen's results show the cards; the staff card shows the same reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from babel.support import LazyProxy

from bot.i18n import _, get_i18n, ngettext
from bot.rules.model import (
    Code,
    CriterionResult,
    Employment,
    ParamValue,
    Pay,
    PayKind,
    Precondition,
    Result,
    Status,
    Verdict,
)
from bot.words import labels
from bot.words.formatting import day, money, months, number, personal_day
from bot.words.names import programme_name

RESULT_MARK = {Result.MET: "✔️", Result.UNMET: "✖️", Result.UNKNOWN: "❔"}


# Results show ~7 cards of ~10 lines each, and most lines are the same for every citizen (the
# pay, the conditions; an age takes one of ~50 values): each line is worded once per language
# and kept, as the formatted numbers and dates are (bot.words.formatting).
_WORDED = 4096


def _names(table: Mapping[Any, LazyProxy], values: ParamValue | None) -> str:
    keys = [part for part in str(values or "").split(",") if part]
    return ", ".join(labels.label(table, key) for key in keys)


def _topic(topic: str) -> str:
    topics = {
        "eligibility": _("who can join"),
        "target_groups": _("which groups can join"),
        "pay": _("the pay"),
        "duration": _("how long it lasts"),
    }
    return topics.get(topic, _("some of the conditions"))


# Criterion parameters derived from a citizen's birth or graduation date.
_PERSONAL_DATES = frozenset({"retirement_date", "graduation_date", "deadline", "check_deadline"})


def reason(criterion: CriterionResult) -> str:
    """One criterion in plain words, marked met / not met / needs checking."""
    params = tuple(criterion.params.items())
    locale = get_i18n().current_locale
    if not _PERSONAL_DATES.isdisjoint(criterion.params):
        # The citizen's own dates: not kept in the cache, which outlives /forget.
        return _reason.__wrapped__(criterion.code, criterion.result, params, locale)
    return _reason(criterion.code, criterion.result, params, locale)


@lru_cache(maxsize=_WORDED)
def _reason(
    code: Code, result: Result, params: tuple[tuple[str, ParamValue], ...], locale: str
) -> str:
    """`locale` is the current one: it is part of the cache key, the texts come from `_`."""
    p = dict(params)
    text: str
    if code is Code.AGE_AT_LEAST:
        if "age" in p:
            text = ngettext(
                "Age: you are {age}; the programme is from {min_age} year of age.",
                "Age: you are {age}; the programme is from {min_age} years of age.",
                int(p["min_age"]),
            ).format(age=p["age"], min_age=p["min_age"])
        else:
            text = ngettext(
                "Age: the programme is from {min_age} year of age.",
                "Age: the programme is from {min_age} years of age.",
                int(p["min_age"]),
            ).format(min_age=p["min_age"])
    elif code is Code.AGE_AT_MOST:
        if "age" in p:
            text = ngettext(
                "Age: you are {age}; the programme is up to {max_age} year of age.",
                "Age: you are {age}; the programme is up to {max_age} years of age.",
                int(p["max_age"]),
            ).format(age=p["age"], max_age=p["max_age"])
        else:
            text = ngettext(
                "Age: the programme is up to {max_age} year of age.",
                "Age: the programme is up to {max_age} years of age.",
                int(p["max_age"]),
            ).format(max_age=p["max_age"])
    elif code is Code.BELOW_RETIREMENT_AGE:
        if result is Result.UNMET:
            text = _("You have reached the retirement age ({age}).").format(
                age=number(str(p.get("retirement_age", "0")))
            )
        elif result is Result.MET and "retirement_date" in p:
            text = _("Until retirement age: you reach it on {date}.").format(
                date=personal_day(str(p["retirement_date"]))
            )
        else:
            text = _("Retirement age: we need your date of birth and sex to check it.")
    elif code is Code.EMPLOYMENT_STATUS:
        allowed = _names(labels.EMPLOYMENT, p.get("allowed"))
        if result is Result.UNKNOWN or "actual" not in p:
            text = _("For: {allowed}.").format(allowed=allowed)
        elif result is Result.MET:
            text = _("Work situation: {actual}.").format(
                actual=labels.label(labels.EMPLOYMENT, str(p["actual"]))
            )
        else:
            text = _("For: {allowed}. You: {actual}.").format(
                allowed=allowed,
                actual=labels.label(labels.EMPLOYMENT, str(p["actual"])),
            )
            if (
                result is Result.UNMET
                and str(p["actual"]) == Employment.UNEMPLOYED_UNREGISTERED
                and Employment.UNEMPLOYED_REGISTERED in str(p.get("allowed", ""))
            ):
                text += " " + _(
                    "Register as a job seeker on enbek.kz, eGov.kz or at the career centre, "
                    "then check again."
                )
    elif code is Code.EDUCATION_LEVEL:
        # Met or unmet: the citizen's own level first; unknown: what the programme accepts.
        if result is Result.UNKNOWN or "actual" not in p:
            text = _("Education: {allowed}.").format(
                allowed=_names(labels.EDUCATION, p.get("allowed"))
            )
        else:
            level = labels.label(labels.EDUCATION_IN_TEXT, str(p["actual"]))
            if result is Result.MET:
                text = _("Education: {level} — fits.").format(level=level)
            else:
                text = _("Education: {level} — does not fit; needed: {allowed}.").format(
                    level=level, allowed=_names(labels.EDUCATION_IN_TEXT, p.get("allowed"))
                )
    elif code is Code.GRADUATED_WITHIN:
        years = int(p.get("years", 0))
        if "deadline" not in p or (result is Result.UNKNOWN and "check_deadline" not in p):
            text = ngettext(
                "For those who finished studies within the last {years} year.",
                "For those who finished studies within the last {years} years.",
                years,
            ).format(years=years)
        elif result is Result.MET:
            text = _("You finished your studies recently enough (counts until {date}).").format(
                date=personal_day(str(p["deadline"]))
            )
        else:
            # Unmet past the longer limit, if any; unknown between the two limits.
            passed = int(p.get("check_years", years)) if result is Result.UNMET else years
            text = ngettext(
                "More than {years} year has passed since you finished your studies.",
                "More than {years} years have passed since you finished your studies.",
                passed,
            ).format(years=passed)
            if result is Result.UNKNOWN and "check_deadline" in p:
                check_years = int(p.get("check_years", 0))
                text += " " + ngettext(
                    "Some career centres count up to {check_years} year (until {date}): "
                    "check with yours.",
                    "Some career centres count up to {check_years} years (until {date}): "
                    "check with yours.",
                    check_years,
                ).format(check_years=check_years, date=personal_day(str(p["check_deadline"])))
    elif code is Code.NO_WORK_EXPERIENCE:
        text = _("For those who have not worked officially before.")
    elif code is Code.TARGET_GROUP:
        if result is Result.MET and p.get("matched"):
            text = _("You belong to: {groups}.").format(
                groups=_names(labels.GROUPS, p.get("matched"))
            )
        else:
            text = _("For: {groups}.").format(groups=_names(labels.GROUPS, p.get("allowed")))
    elif code is Code.RULE_NOT_VERIFIED:
        text = _("We could not confirm the current rules on {topic}: the career centre will tell.")
        text = text.format(topic=_topic(str(p.get("topic", ""))))
    elif code is Code.PROGRAMME_IN_FORCE:
        if result is Result.UNMET and "valid_to" in p:
            text = _("The programme ended on {date}.").format(date=day(str(p["valid_to"])))
        else:
            text = _("The rules for this date are not in the bot: ask the career centre.")
    else:  # pragma: no cover - a new Code needs wording here
        text = str(code)
    return f"{RESULT_MARK[result]} {text}"


def pay_text(pay: Pay) -> str:
    return _pay_text(pay, get_i18n().current_locale)


@lru_cache(maxsize=256)
def _pay_text(pay: Pay, locale: str) -> str:
    """`locale` is the current one: it is part of the cache key, the texts come from `_`."""
    if pay.kind is PayKind.FIXED_MONTHLY and pay.amount_kzt is not None:
        text = _("Pay: {amount} a month.").format(amount=money(pay.amount_kzt))
        if pay.regional_top_up_kzt:
            text += " " + _("This includes a regional top-up of {amount}.").format(
                amount=money(pay.regional_top_up_kzt)
            )
        if pay.unverified_top_up_kzt:
            text += " " + _(
                "Your region may add {amount}: ask the career centre whether it still does."
            ).format(amount=money(pay.unverified_top_up_kzt))
        return text
    if pay.kind is PayKind.WAGE_SHARE and pay.shares_percent:
        shares = " / ".join(f"{share}\u00a0%" for share in pay.shares_percent)
        if len(pay.shares_percent) == 1:
            text = _("The state pays the employer {share} of your wage.").format(share=shares)
        else:
            text = _("The state pays part of your wage to the employer: {shares} by year.").format(
                shares=shares
            )
        if pay.cap_kzt is not None and "cap" not in pay.unverified:
            text += " " + _("At most {amount} a month.").format(amount=money(pay.cap_kzt))
        return text
    if pay.kind is PayKind.LUMP_SUM and pay.amount_kzt is not None:
        return _("A one-off grant of {amount}, not to be paid back.").format(
            amount=money(pay.amount_kzt)
        )
    return _("Pay: ask the career centre.")


def preconditions_text(preconditions: Sequence[Precondition]) -> str:
    """What to have or do before applying, one item a line."""
    items = (f"• {labels.label(labels.PRECONDITION, code)}" for code in preconditions)
    return "\n".join(["📌 " + _("What you need to apply:"), *items])


def next_step_text(status: Status, *, others_open: bool) -> str | None:
    """What to do next. `others_open`: another programme on the list is eligible or unknown;
    without one, "other programmes may fit you better" would send the citizen nowhere."""
    if status is Status.ELIGIBLE:
        return _("You can apply here: the career centre will call you.")
    if status is Status.UNKNOWN:
        return _("You can still apply: the career centre will check the rest.")
    return _("Other programmes may fit you better.") if others_open else None


def card(verdict: Verdict, *, others_open: bool, applied: str | None = None) -> str:
    """One programme's card; `others_open` as in `next_step_text` (see `any_other_open`).
    `applied` (the application the citizen already made) takes the place of what to do next:
    "you can apply here" right above "you have already applied" says two things at once."""
    status = verdict.status
    lines = [
        f"{labels.VERDICT_MARK[status]} {programme_name(verdict.programme)}",
        str(labels.VERDICT[status]),
        "",
        *(reason(criterion) for criterion in verdict.criteria),
        "",
    ]
    if verdict.preconditions:
        lines += [preconditions_text(verdict.preconditions), ""]
    lines.append(pay_text(verdict.pay))
    if verdict.max_months:
        lines.append(_("Duration: {months}.").format(months=months(verdict.max_months)))
    next_step = applied or next_step_text(status, others_open=others_open)
    if next_step is not None:
        lines += ["", next_step]
    return "\n".join(lines)


def any_other_open(verdicts: Iterable[Verdict], verdict: Verdict) -> bool:
    """Whether a programme other than `verdict`'s is eligible or unknown (one may apply)."""
    return any(can_apply(other) for other in verdicts if other.programme != verdict.programme)


def can_apply(verdict: Verdict) -> bool:
    return verdict.status in (Status.ELIGIBLE, Status.UNKNOWN)
