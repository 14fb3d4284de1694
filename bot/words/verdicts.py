"""Verdicts in words: the reasons from criteria codes, the pay, the dated notices, what next.

The citizen's results (bot/words/results.py) and the staff card show the same reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from babel.support import LazyProxy

from bot.i18n import _, ngettext
from bot.rules.model import (
    Answer,
    Code,
    CriterionResult,
    Notice,
    NoticeCode,
    OtherGrounds,
    ParamValue,
    Pay,
    PayKind,
    Precondition,
    Result,
    Status,
    Verdict,
)
from bot.words import labels
from bot.words.formatting import day, money, number

RESULT_MARK = {Result.MET: "✔️", Result.UNMET: "✖️", Result.UNKNOWN: "❔"}


def _names(table: Mapping[Any, LazyProxy], values: ParamValue | None) -> str:
    keys = [part for part in str(values or "").split(",") if part]
    return ", ".join(labels.label(table, key) for key in keys)


def _quoted(table: Mapping[Any, LazyProxy], values: ParamValue | None) -> str:
    """Answers named as the citizen saw them on the buttons: «…», «…»."""
    keys = [part for part in str(values or "").split(",") if part]
    return ", ".join(f"«{labels.label(table, key)}»" for key in keys)


def _centre_checks(topic: str) -> str | None:
    """What the career centre checks where the bot could not read the rule, in the citizen's
    words (topics of rule_not_verified in programmes.toml)."""
    checks = {
        "social_jobs_groups": _(
            "Social jobs are for groups that the Government's list names (persons with "
            "disabilities among them): the career centre will check whether you are in one."
        ),
        "generations_terms": _(
            "The age limits for you and for your mentor are set by the Government's list: the "
            "career centre will check them."
        ),
        "grant_groups": _(
            "Grants go to socially vulnerable groups: the career centre will check whether yours "
            "counts this year."
        ),
    }
    return checks.get(topic)


def _topic(topic: str) -> str:
    topics = {
        "eligibility": _("who can join"),
        "target_groups": _("which groups can join"),
        "pay": _("the pay"),
        "duration": _("how long it lasts"),
    }
    return topics.get(topic, _("some of the conditions"))


def reason(criterion: CriterionResult) -> str:
    """One criterion in plain words, marked met / not met / needs checking."""
    return _reason(criterion.code, criterion.result, dict(criterion.params))


def _reason(code: Code, result: Result, p: Mapping[str, ParamValue]) -> str:
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
    elif code is Code.AGE_AT_MOST and result is Result.UNKNOWN and "age" in p and "check_age" in p:
        text = ngettext(
            "Age: you are {age}; the rules say «under {limit}», and whether {age} still counts "
            "the career centre will check.",
            "Age: you are {age}; the rules say «under {limit}», and whether {age} still counts "
            "the career centre will check.",
            int(p["age"]),
        ).format(age=p["age"], limit=p["check_age"])
    elif code is Code.AGE_AT_MOST and "check_age" in p and "age" not in p:
        text = _("Age: the rules say «under {limit}».").format(limit=p["check_age"])
    elif code is Code.AGE_AT_MOST:
        if "age" in p and "check_age" in p:
            text = ngettext(
                "Age: you are {age}; the programme is up to {limit} year of age.",
                "Age: you are {age}; the programme is up to {limit} years of age.",
                int(p["check_age"]),
            ).format(age=p["age"], limit=p["check_age"])
        elif "age" in p:
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
            text = _("You reach the retirement age on {date}.").format(
                date=day(str(p["retirement_date"]))
            )
        else:
            text = _("Retirement age: we need your date of birth and sex to check it.")
    elif code is Code.EMPLOYMENT_STATUS:
        # The statuses as the citizen saw them on the buttons, in a sentence, not a form.
        allowed = _quoted(labels.EMPLOYMENT, p.get("allowed"))
        actual = _quoted(labels.EMPLOYMENT, p.get("actual"))
        if result is Result.UNKNOWN and "actual" in p:
            text = _(
                "The programme is for {allowed}; whether {actual} counts, the career centre "
                "will check."
            ).format(allowed=allowed, actual=actual)
        elif result is Result.UNKNOWN or "actual" not in p:
            text = _("The programme is for {allowed}.").format(allowed=allowed)
        elif result is Result.MET:
            text = _("Work situation: {actual}.").format(
                actual=labels.label(labels.EMPLOYMENT, str(p["actual"]))
            )
        else:
            text = _("The programme is for {allowed}, and you answered {actual}.").format(
                allowed=allowed, actual=actual
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
                date=day(str(p["deadline"]))
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
                ).format(check_years=check_years, date=day(str(p["check_deadline"])))
    elif code is Code.NO_WORK_EXPERIENCE:
        text = _("For those who have not worked officially before.")
    elif code is Code.TARGET_GROUP:
        groups = _names(labels.GROUPS_IN_TEXT, p.get("allowed"))
        others = p.get("others")
        if result is Result.MET and p.get("matched"):
            text = _("Your situation counts: {groups}.").format(
                groups=_names(labels.GROUPS_IN_TEXT, p.get("matched"))
            )
        elif result is Result.UNKNOWN and others == OtherGrounds.LABOUR_SURPLUS_REGION:
            text = _(
                "The programme is for {groups}, and for residents of regions with too few jobs "
                "who move to a region that needs workers: whether that is you, the career centre "
                "will check."
            ).format(groups=groups)
        elif result is Result.UNKNOWN and others == OtherGrounds.GOVERNMENT_LIST:
            text = _(
                "The sources name these groups for social jobs: {groups}; you ticked none of them."
            ).format(groups=groups)
        elif result is Result.UNKNOWN and others == OtherGrounds.VULNERABLE_GROUPS:
            text = _("Grants have gone to these groups: {groups}; you ticked none of them.").format(
                groups=groups
            )
        else:
            text = _("The programme is for these groups: {groups}.").format(groups=groups)
    elif code is Code.LOST_JOB_RECENTLY:
        if result is Result.MET:
            text = _("You have lost your job recently.")
        elif result is Result.UNMET:
            text = _("For those who have lost their job.")
        elif p.get("answer") == Answer.DONT_KNOW:
            text = _(
                "For those who have lost their job: the Fund will check when and why your work "
                "ended."
            )
        else:
            text = _("For those who have lost their job in the last months.")
    elif code is Code.SOCIAL_INSURANCE_PAID:
        if result is Result.MET:
            text = _("Social insurance contributions were paid for you.")
        elif result is Result.UNMET:
            text = _("For those for whom social insurance contributions were paid.")
        else:
            text = _(
                "For those for whom social insurance contributions were paid: the Fund checks "
                "them by your IIN."
            )
    elif code is Code.PROFESSION_SECTOR:
        allowed = _names(labels.SECTOR, p.get("allowed"))
        if result is Result.MET:
            text = _("Your profession is in {sector} — fits.").format(
                sector=labels.label(labels.SECTOR, str(p.get("actual", "")))
            )
        elif result is Result.UNMET:
            text = _("For specialists in {allowed}.").format(allowed=allowed)
        else:
            text = _(
                "For specialists in {allowed}: the career centre will check whether yours is one."
            ).format(allowed=allowed)
    elif code is Code.RULE_NOT_VERIFIED:
        topic = str(p.get("topic", ""))
        checks = _centre_checks(topic)
        if checks is not None:
            text = checks
        else:
            text = _("The career centre will tell the current rules on {topic}.").format(
                topic=_topic(topic)
            )
    elif code is Code.WANTS_OWN_BUSINESS:
        if result is Result.MET:
            text = _("You want to start your own business.")
        else:
            text = _("For those who want to start their own business.")
    elif code is Code.PROGRAMME_IN_FORCE:
        if result is Result.UNMET and "valid_to" in p:
            text = _("The programme ended on {date}.").format(date=day(str(p["valid_to"])))
        else:
            text = _("The rules for this date are not in the bot: ask the career centre.")
    else:  # pragma: no cover - a new Code needs wording here
        text = str(code)
    return f"{RESULT_MARK[result]} {text}"


def pay_text(pay: Pay) -> str:
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
        # What the citizen is paid first (the employer's salary), then the state's part of it,
        # so that the cap on that part cannot read as a cap on the salary.
        shares = " / ".join(f"{share}\u00a0%" for share in pay.shares_percent)
        if len(pay.shares_percent) == 1:
            text = _(
                "Your salary is paid by the employer; the state pays the employer back {share} "
                "of it."
            ).format(share=shares)
        else:
            text = _(
                "Your salary is paid by the employer; the state pays the employer back part of "
                "it: {shares} by year of work."
            ).format(shares=shares)
        if pay.cap_kzt is not None and "cap" not in pay.unverified:
            text += " " + _("The state's part is at most {amount} a month.").format(
                amount=money(pay.cap_kzt)
            )
        return text
    if pay.kind is PayKind.AT_LEAST_MONTHLY and pay.amount_kzt is not None:
        text = _("Pay: at least {amount} a month.").format(amount=money(pay.amount_kzt))
        if pay.full_time_min_kzt is not None:
            text += " " + _("Full time: at least the minimum wage, {amount}.").format(
                amount=money(pay.full_time_min_kzt)
            )
        return text
    if pay.kind is PayKind.DESCRIBED and pay.benefit is not None:
        amount = money(pay.amount_kzt) if pay.amount_kzt is not None else ""
        return labels.label(labels.BENEFIT, pay.benefit).format(amount=amount)
    if pay.kind is PayKind.LUMP_SUM and pay.amount_kzt is not None:
        return _("A one-off grant of {amount}, not to be paid back.").format(
            amount=money(pay.amount_kzt)
        )
    return _("Pay: ask the career centre.")


def notice_text(notice: Notice) -> str:
    """A dated fact on the card: a suspension, a restatement, a rule told to everyone."""
    text: str
    if notice.code is NoticeCode.RULES_SUSPENDED:
        end = notice.end.isoformat() if notice.end is not None else ""
        text = _(
            "From {start} to {end} parts of the rules on subsidised jobs (how employers apply and "
            "how places are shared) are suspended: the career centre works by the interim "
            "rules."
        ).format(start=day(notice.start.isoformat()), end=day(end))
    elif notice.code is NoticeCode.RULES_RESTATED:
        text = _(
            "The rules on subsidised jobs were restated on {start}: they are now also for "
            "students and senior pupils in their free time."
        ).format(start=day(notice.start.isoformat()))
    elif notice.code is NoticeCode.ONE_SUBSIDISED_JOB:
        text = _(
            "You can take part in one subsidised-job programme at a time: if several fit, "
            "choose one with the career centre."
        )
    elif notice.code is NoticeCode.ECOLOGICAL_ALLOWANCE:
        text = _(
            "In the Aral and Semey ecological zones, the ecological allowances come on top of "
            "this pay."
        )
    else:  # pragma: no cover - a new NoticeCode needs wording here
        text = str(notice.code)
    return f"ℹ️ {text}"


def preconditions_text(preconditions: Sequence[Precondition]) -> str:
    """What to have or do before applying, one item a line."""
    items = (f"• {labels.label(labels.PRECONDITION, code)}" for code in preconditions)
    return "\n".join(["📌 " + _("What you need to apply:"), *items])


def next_step_text(status: Status, *, applicable: bool = True) -> str | None:
    """What to do next; None for a no (the list is one tap away) and for an information card,
    whose "how to apply" line says where."""
    if not applicable or status is Status.INELIGIBLE:
        return None
    if status is Status.ELIGIBLE:
        return _("You can apply here: the career centre will call you.")
    return _("You can still apply: the career centre will check the rest.")


def can_apply(verdict: Verdict) -> bool:
    """An Apply button: eligible or to be checked, and applied for through the bot (data:
    `apply` in programmes.toml; an information card says where to apply instead)."""
    return verdict.applicable and verdict.status in (Status.ELIGIBLE, Status.UNKNOWN)
