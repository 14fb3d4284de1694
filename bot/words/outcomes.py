"""The outcomes of an approved application in staff's words, and the reasons a participation
ends early (the akimat counts contract terminations and grants misused), as codes translated for
each reader."""

from __future__ import annotations

from babel.support import LazyProxy

from bot.i18n import __
from bot.storage.outcomes import OutcomeKind

KINDS: dict[OutcomeKind, LazyProxy] = {
    OutcomeKind.REFERRED: __("Referred to an employer"),
    OutcomeKind.PLACED: __("Placed: a contract signed"),
    OutcomeKind.COMPLETED: __("Completed"),
    OutcomeKind.TERMINATED: __("Ended early"),
}

ENDED_BECAUSE: dict[str, LazyProxy] = {
    "not_hired": __("The employer did not take them on"),
    "left": __("They left of their own accord"),
    "employer_ended": __("The employer ended the contract"),
    "misuse": __("The grant or support was not used as agreed"),
    "moved": __("They moved away"),
    "other": __("Another reason (see the note)"),
}


def kind_name(kind: OutcomeKind) -> str:
    return str(KINDS[kind])


def ended_because(code: str | None) -> str:
    """The reason in the reader's language; a code this version does not know, as stored."""
    if code is None:
        return ""
    text = ENDED_BECAUSE.get(code)
    return str(text) if text is not None else code
