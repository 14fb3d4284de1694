"""Common reasons for declining and common questions, as codes translated for each reader.

A reason chosen from the buttons is stored as "code:<slug>", so the citizen reads it in their
own language and the reviewer in theirs; a reason typed by hand is stored as typed.
"""

from __future__ import annotations

from babel.support import LazyProxy

from bot.i18n import __

CODE_PREFIX = "code:"

REJECT_REASONS: dict[str, LazyProxy] = {
    "conditions": __("You do not meet the conditions of this programme."),
    "documents": __("The documents needed were not provided."),
    "unreachable": __("We could not reach you by phone."),
    "no_places": __("There are no places left in this programme this year."),
    "other_region": __("Please apply to the career centre of the region where you live."),
}

ASK_QUESTIONS: dict[str, LazyProxy] = {
    "call_time": __("When is a good time to call you?"),
    "visit": __("When can you come to the career centre with your ID card?"),
    "education": __("What did you study, and when did you finish?"),
    "registered": __("Are you registered as unemployed at the career centre?"),
}

# A short label for each button (the whole sentence would not fit on a phone).
BUTTON_LABELS: dict[str, LazyProxy] = {
    "conditions": __("Does not meet the conditions"),
    "documents": __("No documents"),
    "unreachable": __("Could not reach by phone"),
    "no_places": __("No places left"),
    "other_region": __("Another region"),
    "call_time": __("Good time to call?"),
    "visit": __("When can you come?"),
    "education": __("Education details?"),
    "registered": __("Registered as unemployed?"),
}


def stored(code: str) -> str:
    return f"{CODE_PREFIX}{code}"


def readable(reason: str | None) -> str:
    """A stored reason in the current language: a code is translated, typed text shown as is."""
    if not reason:
        return ""
    if reason.startswith(CODE_PREFIX):
        code = reason.removeprefix(CODE_PREFIX)
        text = REJECT_REASONS.get(code) or ASK_QUESTIONS.get(code)
        return str(text) if text is not None else code
    return reason
