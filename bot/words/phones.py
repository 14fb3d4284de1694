"""Kazakhstan phone numbers as everyone reads them: +7 701 234 56 78.

Reading what a citizen types is the phone step's (handlers/citizen/phone.py)."""

from __future__ import annotations


def pretty_phone(phone: str) -> str:
    """ "+77012345678" → "+7 701 234 56 78"."""
    digits = phone.removeprefix("+7")
    if len(digits) != 10:
        return phone
    return f"+7 {digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}"
