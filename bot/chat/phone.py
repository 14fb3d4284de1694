"""Kazakhstan mobile numbers as people type them: +7 701 234 56 78, 8 (701) 234-56-78, ..."""

from __future__ import annotations

import re

_NOT_DIGITS = re.compile(r"[\s\-()./]+")


def normalise_phone(text: str) -> str | None:
    """ "+77012345678" for a valid Kazakhstan mobile number (+7 7XX ...), else None."""
    compact = _NOT_DIGITS.sub("", text.strip())
    if len(compact) > 20:
        return None
    if compact.startswith("+"):
        compact = compact[1:]
    if not compact.isdecimal():  # "²" passes isdigit(), and no one can dial it
        return None
    # Digits of another script (a phone's full-width keyboard) are the same digits.
    compact = "".join(str(int(digit)) for digit in compact)
    if len(compact) == 11 and compact[0] in "78":
        compact = compact[1:]
    elif len(compact) != 10:
        return None
    # Mobile operators in Kazakhstan use codes 7XX after the country code.
    if compact[0] != "7":
        return None
    return "+7" + compact


def pretty_phone(phone: str) -> str:
    """ "+77012345678" → "+7 701 234 56 78"."""
    digits = phone.removeprefix("+7")
    if len(digits) != 10:
        return phone
    return f"+7 {digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}"
