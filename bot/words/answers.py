"""A citizen's answers in words, one line per profile field: the summary, /privacy and the staff
card show the same lines. A new profile field that is asked gets its line here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.i18n import _
from bot.rules.model import Profile
from bot.words import labels
from bot.words.formatting import day, month_in_words
from bot.words.names import region_name


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _situations(groups: Any) -> str:
    if not groups:
        return _("none")
    return ", ".join(labels.label(labels.GROUPS, g) for g in sorted(groups))


# Field → its line, in the order the lines are shown.
LINES: dict[str, Callable[[Any], str]] = {
    "birth_date": lambda born: _("Date of birth: {date}").format(date=day(born)),
    "sex": lambda sex: _("Sex: {sex}").format(sex=labels.label(labels.SEX, sex)),
    "region": lambda region: _("Region: {region}").format(region=region_name(region)),
    "employment": lambda employment: _("Work: {employment}").format(
        employment=labels.label(labels.EMPLOYMENT, employment)
    ),
    "lost_job_recently": lambda lost: _("Lost a job in the last months: {answer}").format(
        answer=labels.label(labels.ANSWER_IN_TEXT, lost)
    ),
    "social_insurance_paid": lambda paid: _("Employer paid social contributions: {answer}").format(
        answer=labels.label(labels.ANSWER_IN_TEXT, paid)
    ),
    "education": lambda education: _("Education: {education}").format(
        education=labels.label(labels.EDUCATION, education)
    ),
    "graduation_date": lambda finished: _("Finished studies: {date}").format(
        date=month_in_words(finished)
    ),
    "has_work_experience": lambda worked: _("Worked officially before: {answer}").format(
        answer=_yes_no(worked)
    ),
    "profession_sector": lambda sector: _("Field of profession: {sector}").format(
        sector=labels.label(labels.SECTOR, sector)
    ),
    "groups": lambda groups: _("Special situations: {situations}").format(
        situations=_situations(groups)
    ),
    # As the citizen said it at the situations' tick («💼 I want to start my own business»),
    # not a form's "Wants to start own business: yes".
    "wants_own_business": lambda wants: (
        _("Own business: I want to start one") if wants else _("Own business: no plans")
    ),
}


def answer_lines(profile: Profile) -> list[str]:
    """The answers given, one line each (a field not answered has none)."""
    return [
        line(getattr(profile, field))
        for field, line in LINES.items()
        if getattr(profile, field) is not None
    ]
