"""Kazakhstan phone numbers: read as people type them, and shown as everyone reads them
(+7 701 234 56 78). The citizen's phone step and the desk's search read them the same way."""

from __future__ import annotations

import re


def pretty_phone(phone: str) -> str:
    """ "+77012345678" → "+7 701 234 56 78"."""
    digits = phone.removeprefix("+7")
    if len(digits) != 10:
        return phone
    return f"+7 {digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}"


_SEPARATORS = re.compile(r"[\s\-()./]+")


def normalise_phone(text: str) -> str | None:
    """ "+77012345678" for a valid Kazakhstan number (+7 7XX ...), else None.

    A number one digit short must not pass as another person's: "+7 777 123 45 6" or
    "7 777 123 45 6" has ten digits, like "777 123 45 67" written without the 8 in front.
    So a leading + must be followed by all eleven digits, and a lone 7 or 8 written first is
    that prefix, not the start of the operator's or the city's code.
    """
    written = text.strip()
    plus = written.startswith("+")
    groups = [group for group in _SEPARATORS.split(written.removeprefix("+")) if group]
    compact = "".join(groups)
    if len(compact) > 20 or not compact.isdecimal():  # "²" passes isdigit(); no one dials it
        return None
    # Digits of another script (a phone's full-width keyboard) are the same digits.
    compact = "".join(str(int(digit)) for digit in compact)
    prefix_written_apart = len(groups) > 1 and groups[0] in ("7", "8", "７", "８")
    if plus:
        # "+7 ..." in full; "+8 ..." is the 8 written with the plus out of habit.
        if len(compact) != 11 or compact[0] not in "78":
            return None
        national = compact[1:]
    elif len(compact) == 11 and compact[0] in "78":
        national = compact[1:]
    elif len(compact) == 10 and not prefix_written_apart:
        national = compact
    else:
        return None
    # Every number in Kazakhstan, mobile or (where an older citizen has only that) a home
    # phone the centre can call, is +7 7XX ...
    if national[0] != "7":
        return None
    return "+7" + national
