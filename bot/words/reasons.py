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
    # The grounds career centres decline on, as a regional centre's public bot lists them
    # (/work/shared/reference/corrections-2026-12.md §5).
    "student": __(
        "You are studying (a student or a pupil), so you cannot take part in this programme now."
    ),
    "entrepreneur": __(
        "You are registered as a sole proprietor or are a founder of an LLP, so you cannot take "
        "part in this programme."
    ),
    "child_under_3": __(
        "You are caring for a child under three, so you cannot take part in this programme now."
    ),
    "pensioner": __(
        "You have reached the age of retirement, so you cannot take part in this programme."
    ),
    "not_in_region": __(
        "You are not registered as living in this region: please apply in the region where you "
        "are registered."
    ),
    "under_16": __("You are under 16, so you cannot take part in this programme yet."),
    "employed": __(
        "You are employed under a labour contract, so you cannot take part in this programme."
    ),
    "false_documents": __("The documents given were false, or no identity document was shown."),
}

ASK_QUESTIONS: dict[str, LazyProxy] = {
    "call_time": __("When is a good time to call you?"),
    "visit": __("When can you come to the career centre with your ID card?"),
    "education": __("What did you study, and when did you finish?"),
    "registered": __("Are you registered as unemployed at the career centre?"),
    # "Add details to the application" (corrections §5): returned to the citizen, not declined.
    "add_details": __(
        "Please add details to your application: what you did last, and what work you are "
        "looking for."
    ),
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
    "student": __("Student or pupil"),
    "entrepreneur": __("Sole proprietor or LLP founder"),
    "child_under_3": __("Caring for a child under 3"),
    "pensioner": __("Age pensioner"),
    "not_in_region": __("Not registered in the region"),
    "under_16": __("Under 16"),
    "employed": __("Employed under a contract"),
    "false_documents": __("False documents or no ID"),
    "add_details": __("Add details"),
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
