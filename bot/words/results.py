"""The results in words: the list of programmes on one screen, and one programme's details.

The list gives one line per programme that fits or may fit, with what the citizen gets in their
own terms, the ones that do not fit folded into one line, and the one answer that would change a
no (`Hint`). The details say what the programme is, every reason, the pay, the duration (to the
citizen's retirement where it ends there) and the next step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.i18n import _
from bot.rules import load_rules
from bot.rules.model import (
    Code,
    CriterionResult,
    Evaluation,
    Pay,
    PayKind,
    Result,
    Status,
    Verdict,
)
from bot.words import labels
from bot.words.formatting import day, money, months
from bot.words.names import programme_about, programme_name, short_name
from bot.words.next_steps import portal_way
from bot.words.verdicts import (
    next_step_text,
    notice_text,
    pay_text,
    preconditions_text,
    reason,
)

_ORDER = {Status.ELIGIBLE: 0, Status.UNKNOWN: 1, Status.INELIGIBLE: 2}


@dataclass(frozen=True, slots=True)
class Hint:
    """Registering as a job seeker, when the citizen can, and what it would open: `likely` the
    programmes that would fit, `maybe` those that would need checking; `how` says how."""

    how: str
    likely: tuple[str, ...]
    maybe: tuple[str, ...] = ()

    def helps(self, programme: str) -> bool:
        return programme in self.likely or programme in self.maybe

    def for_list(self) -> str:
        if self.likely:
            what = _("Registered as a job seeker, you would likely qualify for: {names}.")
        else:
            what = _("Registered as a job seeker, you might qualify for: {names}.")
        names = ", ".join(short_name(p) for p in self.likely or self.maybe)
        return f"💡 {what.format(names=names)} {self.how}"

    def for_details(self, programme: str) -> str:
        if programme in self.likely:
            what = _("Registered as a job seeker, you would likely qualify for this programme.")
        else:
            what = _("Registered as a job seeker, you might qualify for this programme.")
        return f"💡 {what} {self.how}"


def in_order(verdicts: Sequence[Verdict]) -> list[Verdict]:
    """Those that fit first, then those to check, then the rest, each in the data's order."""
    return sorted(verdicts, key=lambda v: _ORDER[v.status])


def _percent(share: int) -> str:
    return f"{share}\u00a0%"


def offer(pay: Pay) -> str:
    """What the citizen gets, in a few words, for the list."""
    if pay.kind is PayKind.FIXED_MONTHLY and pay.amount_kzt is not None:
        return _("a salary of {amount} a month, paid by the state").format(
            amount=money(pay.amount_kzt)
        )
    if pay.kind is PayKind.WAGE_SHARE and pay.shares_percent:
        return _("a job with a salary, the state covers {share} of it").format(
            share=_percent(pay.shares_percent[0])
        )
    if pay.kind is PayKind.AT_LEAST_MONTHLY and pay.amount_kzt is not None:
        return _("paid work, at least {amount} a month").format(amount=money(pay.amount_kzt))
    if pay.kind is PayKind.LUMP_SUM and pay.amount_kzt is not None:
        return _("a grant of {amount}, not paid back").format(amount=money(pay.amount_kzt))
    if pay.kind is PayKind.DESCRIBED and pay.benefit is not None:
        amount = money(pay.amount_kzt) if pay.amount_kzt is not None else ""
        return labels.label(labels.BENEFIT_SHORT, pay.benefit).format(amount=amount)
    return _("the pay: ask the career centre")


def _retirement_date(verdict: Verdict) -> str | None:
    for criterion in verdict.criteria:
        if criterion.code is Code.BELOW_RETIREMENT_AGE and "retirement_date" in criterion.params:
            return str(criterion.params["retirement_date"])
    return None


def _stops_at_retirement(verdict: Verdict) -> bool:
    """The duration shown is shorter than the programme's: the citizen retires before."""
    rules = load_rules().programmes.get(verdict.programme)
    full = rules.max_months if rules is not None else None
    return full is not None and verdict.max_months is not None and verdict.max_months < full


def duration(verdict: Verdict, *, long: bool = False) -> str | None:
    """ "up to 12 months"; where the citizen retires first, until then (`long`: with the day)."""
    if not verdict.max_months:
        return None
    length = months(verdict.max_months)
    retires = _retirement_date(verdict)
    if _stops_at_retirement(verdict) and retires is not None:
        if long:
            return _("Duration: {months}, until your retirement on {date}.").format(
                months=length, date=day(retires)
            )
        return _("{months}, until your retirement").format(months=length)
    return _("Duration: {months}.").format(months=length) if long else length


def line(verdict: Verdict, applied: str | None = None) -> str:
    """One programme in the list: its mark, its short name, what it gives, for how long."""
    parts = [offer(verdict.pay)]
    length = duration(verdict)
    if length is not None:
        parts.append(length)
    text = f"{labels.VERDICT_MARK[verdict.status]} {short_name(verdict.programme)} — "
    text += ", ".join(parts)
    if applied is not None:
        text += f" ({applied})"
    return text


def results_text(
    evaluation: Evaluation, applied: Mapping[str, str], hints: Sequence[Hint] = ()
) -> str:
    """The list on one screen; `applied`: the application already made, by programme."""
    verdicts = in_order(evaluation.verdicts)
    open_ = [v for v in verdicts if v.status is not Status.INELIGIBLE]
    closed = [v for v in verdicts if v.status is Status.INELIGIBLE]
    if open_:
        lines = [_("Programmes that fit you (a first check: the career centre decides):"), ""]
        lines += [line(v, applied.get(v.programme)) for v in open_]
    else:
        lines = [_("None of the programmes seems to fit you now.")]
    if closed:
        names = ", ".join(short_name(v.programme) for v in closed)
        lines += ["", "❌ " + _("Do not fit: {names}.").format(names=names)]
    for hint in hints:
        lines += ["", hint.for_list()]
    lines += ["", _("Tap a programme to see why, what it gives and how to apply.")]
    return "\n".join(lines)


def _shown(criterion: CriterionResult, status: Status) -> bool:
    """The reasons worth a line: a no lists neither what is unanswered nor what is unchecked;
    a work situation that fits and a retirement far away go without saying."""
    if status is Status.INELIGIBLE and criterion.result is Result.UNKNOWN:
        return False
    return not (
        criterion.result is Result.MET
        and criterion.code in (Code.EMPLOYMENT_STATUS, Code.BELOW_RETIREMENT_AGE)
    )


def details_text(verdict: Verdict, *, applied: str | None = None, hint: Hint | None = None) -> str:
    """One programme: what it is, why it fits or not, what it gives, for how long, what next.
    A no says why not and, where the citizen can change it, how; nothing else."""
    status = verdict.status
    name = short_name(verdict.programme)
    lines = [f"{labels.VERDICT_MARK[status]} {name}"]
    official = programme_name(verdict.programme)
    if official not in name:
        lines.append(official)
    lines += [programme_about(verdict.programme), "", str(labels.VERDICT[status]) + ":"]
    lines += [reason(c) for c in verdict.criteria if _shown(c, status)]
    if hint is not None and hint.helps(verdict.programme):
        lines += ["", hint.for_details(verdict.programme)]
    if status is Status.INELIGIBLE:
        return "\n".join(lines)
    lines.append("")
    # A grant made on a portal says its way (course, portal, the centre's part) instead of a
    # list of preconditions followed by "you can apply here".
    way = portal_way(verdict.programme)
    if verdict.preconditions and way is None:
        lines += [preconditions_text(verdict.preconditions), ""]
    lines.append(pay_text(verdict.pay))
    length = duration(verdict, long=True)
    if length is not None:
        lines.append(length)
    if verdict.how_to_apply is not None:
        lines.append(labels.label(labels.HOW_TO_APPLY, verdict.how_to_apply))
    if verdict.notices:
        lines += ["", *(notice_text(notice) for notice in verdict.notices)]
    next_step = applied or way or next_step_text(status, applicable=verdict.applicable)
    if next_step is not None:
        lines += ["", next_step]
    return "\n".join(lines)
