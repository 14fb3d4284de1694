"""The individual identification number (ИИН / ЖСН): structure, check digit, birth date and sex.

Layout (reference section 10): YYMMDD, a century-and-sex digit, a 4-digit serial, a check digit.
The check digit is Σ dᵢ·wᵢ mod 11 over the first 11 digits with weights 1..11; if that gives 10,
the weights 3..11,1,2 are used instead; if that also gives 10 the number is never issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.rules.model import Sex

_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# The 7th digit: odd is male, even is female; 1-2 the 1800s, 3-4 the 1900s, 5-6 the 2000s.
_CENTURY_AND_SEX = {
    1: (1800, Sex.MALE),
    2: (1800, Sex.FEMALE),
    3: (1900, Sex.MALE),
    4: (1900, Sex.FEMALE),
    5: (2000, Sex.MALE),
    6: (2000, Sex.FEMALE),
}


class IinErrorCode(StrEnum):
    LENGTH = "length"  # not 12 digits long
    NOT_DIGITS = "not_digits"  # a character other than 0-9
    BAD_CENTURY = "bad_century"  # the 7th digit is 0, 7, 8 or 9
    BAD_DATE = "bad_date"  # the first six digits are not a calendar date
    CHECKSUM = "checksum"  # the 12th digit does not match
    NOT_ISSUED = "not_issued"  # both weight sequences give 10: no such number is ever issued


class IinError(ValueError):
    def __init__(self, code: IinErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class IinInfo:
    birth_date: date
    sex: Sex


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None if no valid number starts with them."""
    digits = [ord(char) - 48 for char in first_eleven]
    remainder = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
    return None if remainder == 10 else remainder


def parse_iin(text: str) -> IinInfo:
    """Validate an IIN as a person would type it (spaces allowed) and read birth date and sex."""
    iin = "".join(text.split())
    if not (iin.isascii() and iin.isdigit()):
        raise IinError(IinErrorCode.NOT_DIGITS, "an IIN consists of digits only")
    if len(iin) != 12:
        raise IinError(IinErrorCode.LENGTH, f"an IIN has 12 digits, this one has {len(iin)}")
    century_and_sex = _CENTURY_AND_SEX.get(int(iin[6]))
    if century_and_sex is None:
        raise IinError(IinErrorCode.BAD_CENTURY, "the 7th digit of an IIN must be 1 to 6")
    century, sex = century_and_sex
    try:
        birth_date = date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        raise IinError(
            IinErrorCode.BAD_DATE, "the first six digits of an IIN must be a date (YYMMDD)"
        ) from None
    expected = check_digit(iin[:11])
    if expected is None:
        raise IinError(IinErrorCode.NOT_ISSUED, "no IIN is issued with these first 11 digits")
    if expected != int(iin[11]):
        raise IinError(IinErrorCode.CHECKSUM, "the last digit of the IIN does not match: a typo?")
    return IinInfo(birth_date=birth_date, sex=sex)


def make_iin(birth_date: date, sex: Sex, serial: int = 1) -> str:
    """A valid IIN for this birth date and sex (for tests and demos): the first serial number from
    `serial` on whose check digit exists."""
    century_digit = next(
        digit
        for digit, (century, digit_sex) in _CENTURY_AND_SEX.items()
        if digit_sex is sex and century <= birth_date.year < century + 100
    )
    for candidate in range(serial, serial + 10_000):
        first_eleven = f"{birth_date:%y%m%d}{century_digit}{candidate % 10_000:04d}"
        digit = check_digit(first_eleven)
        if digit is not None:
            return f"{first_eleven}{digit}"
    raise AssertionError("unreachable: a check digit exists for most serials")
