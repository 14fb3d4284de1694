"""Small pieces of staff texts: names of people, waiting times, ages, statuses, languages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from babel.support import LazyProxy

from bot.i18n import _, __, ngettext
from bot.rules.iin import IinError, parse_iin
from bot.storage.models import AppStatus
from bot.storage.stats import KAZAKHSTAN_UTC_OFFSET

# Statuses as staff say them (the citizen's wording is in bot.words.labels).
STATUS: dict[AppStatus, LazyProxy] = {
    AppStatus.QUEUED: __("waiting"),
    AppStatus.IN_REVIEW: __("in review"),
    AppStatus.APPROVED: __("approved"),
    AppStatus.REJECTED: __("declined"),
    AppStatus.NEEDS_INFO: __("question to the citizen"),
    AppStatus.WITHDRAWN: __("withdrawn"),
}


def status(value: AppStatus | str) -> str:
    return str(STATUS.get(AppStatus(value), value))


def person(user_id: int | None, names: Mapping[int, str]) -> str:
    """ "Aigerim (ID 5)" when we know the name, else "ID 5"."""
    if user_id is None:
        return _("the system")
    name = names.get(user_id)
    if name:
        return _("{name} (ID {id})").format(name=name, id=user_id)
    return _("ID {id}").format(id=user_id)


def actor(user_id: int | None, name: str | None) -> str:
    """Someone as the audit trail recorded them: with the name they had when they acted."""
    return person(user_id, {user_id: name} if user_id is not None and name else {})


def duration(span: timedelta) -> str:
    """45 min, 3 h 10 min, 2 d 4 h: rough on purpose, it is read at a glance."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("{days} d {hours} h").format(days=days, hours=hours)
    if hours:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return _("{minutes} min").format(minutes=minutes)


def local_time(moment: datetime) -> str:
    """A moment as Kazakhstan time, "2026-03-02 14:05" (staff compare these with their watch)."""
    return (moment + KAZAKHSTAN_UTC_OFFSET).strftime("%Y-%m-%d %H:%M")


def local_date(moment: datetime) -> date:
    return (moment + KAZAKHSTAN_UTC_OFFSET).date()


def birth_date(profile: Mapping[str, object]) -> date | None:
    text = profile.get("birth_date")
    if isinstance(text, str):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    iin = profile.get("iin")
    if isinstance(iin, str):
        try:
            return parse_iin(iin).birth_date
        except IinError:
            return None
    return None


def age(profile: Mapping[str, object], on: date) -> int | None:
    born = birth_date(profile)
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def years(count: int) -> str:
    return ngettext("{count} year", "{count} years", count).format(count=count)


# The bot's own check at submission, as staff say it (the citizen's wording is in labels).
VERDICT: dict[str, LazyProxy] = {
    "eligible": __("likely eligible"),
    "unknown": __("needs checking"),
    "ineligible": __("likely not eligible"),
}


def verdict(snapshot: Mapping[str, object]) -> str | None:
    """The bot's check stored with an application, in words; None if there is none."""
    status = snapshot.get("status")
    text = VERDICT.get(str(status)) if status is not None else None
    return None if text is None else str(text)


# The languages citizens read the bot in, as staff name them on a card.
LANGUAGE: dict[str, LazyProxy] = {
    "kk": __("Kazakh"),
    "ru": __("Russian"),
}

# Said where a reviewer types words the citizen will read (a reason, a question): one whole
# sentence per language, since each language declines the other's name its own way.
WRITE_IN: dict[str, LazyProxy] = {
    "kk": __("The citizen reads Kazakh: please write in Kazakh (or call)."),
    "ru": __("The citizen reads Russian: please write in Russian (or call)."),
}


def language(code: str) -> str:
    """A citizen's language by name ("Kazakh"); an unknown code as it is."""
    text = LANGUAGE.get(code)
    return code if text is None else str(text)


def write_in(code: str) -> str | None:
    """The hint to write to the citizen in their language; None for an unknown one."""
    text = WRITE_IN.get(code)
    return None if text is None else str(text)
