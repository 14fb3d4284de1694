"""The one answer that would change a no or a "check", when the citizen can do it: registering
as a job seeker (the engine says what it would open: bot.rules.opened_by_registering)."""

from __future__ import annotations

from datetime import date

from bot.i18n import _, ngettext
from bot.rules import load_rules, opened_by_registering
from bot.rules.model import Profile, Status
from bot.words.results import Hint


def _working_days(days: int) -> str:
    return ngettext("within {days} working day", "within {days} working days", days).format(
        days=days
    )


def how_to_register() -> str:
    """Where and how to register, and the centre's legal clocks (data: documents.toml)."""
    data = load_rules().documents
    return _(
        "To register: {sites} or the career centre, with your ID card. The centre offers you "
        "vacancies {vacancies}; if none fits, you get unemployed status {status}."
    ).format(
        sites=", ".join(data.registration_online),
        vacancies=_working_days(data.vacancies_within_days),
        status=_working_days(data.status_within_days),
    )


def hints_for(profile: Profile, today: date) -> tuple[Hint, ...]:
    """What registering would open, when that is the citizen's step: a 40-year-old is not told
    that it opens youth practice, since age rules it out anyway (the engine knows)."""
    opened = opened_by_registering(profile, today)
    likely = tuple(str(v.programme) for v in opened if v.status is Status.ELIGIBLE)
    maybe = tuple(str(v.programme) for v in opened if v.status is Status.UNKNOWN)
    return (Hint(how_to_register(), likely, maybe),) if opened else ()
