"""Money, dates and counts written the way each language writes them (Babel's CLDR data)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.i18n import get_i18n, ngettext

# Kazakhstan has kept one time zone, UTC+5, since 1 March 2024: a moment stored in UTC is shown
# as the citizen's calendar day, not the day in Greenwich.
KAZAKHSTAN_TIME = timezone(timedelta(hours=5))


def _locale() -> str:
    return get_i18n().current_locale


def money(amount_kzt: int) -> str:
    """129750 → "129 750 ₸" (non-breaking spaces, so the amount never wraps on a phone)."""
    return f"{format_decimal(amount_kzt, locale=_locale())}\u00a0₸"


def day(value: date | datetime | str) -> str:
    """A date in words: "15 марта 2028" / "2028 жылғы 15 наурыз"."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(KAZAKHSTAN_TIME).date()
    return _day(value, _locale())


def month_in_words(value: date | str) -> str:
    """A month in words, for a date the citizen gave as a month only (graduation, "06.2024"):
    "июнь 2024" / "2024 жылғы маусым", not the last day of the month we store."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    # The month's name as it stands alone: Russian has it in LLLL ("июнь", MMMM is "июня");
    # Kazakh CLDR capitalises LLLL ("Маусым") and writes MMMM as it is used here ("маусым").
    pattern = "y 'жылғы' MMMM" if _locale() == "kk" else "LLLL y"
    return format_date(value, format=pattern, locale=_locale())


def _day(value: date, locale: str) -> str:
    # CLDR's "long" ends in "г." in Russian, which clashes with the full stop after it.
    pattern = "y 'жылғы' d MMMM" if locale == "kk" else "d MMMM y"
    return format_date(value, format=pattern, locale=locale)


def number(value: float | str) -> str:
    """61.5 → "61,5"."""
    return format_decimal(float(value), locale=_locale())


def months(count: int) -> str:
    return ngettext("up to {count} month", "up to {count} months", count).format(count=count)


def month_short(month: int) -> str:
    """A month's short name as it stands alone, under a chart's bar: "янв." / "қаң."."""
    return format_date(date(2000, month, 1), format="LLL", locale=_locale())
