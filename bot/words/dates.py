"""Dates as people type them: 07.03.1972, 7/3/1972, 07-03-1972, 07031972, 1972-03-07, with the
month in words in Russian or Kazakh («12 мая 1964», «1964 ж. 12 мамыр»), a 2-digit year where only
one century fits (07.03.72 for a birth date); or a month: 06.2024, 2024-06, «июнь 2025»,
«в июне 2025 года», «июнь 25» (after the month, 25 is the year), «2025 жылғы маусым»,
«маусымда 2025», «2025 ж. маусым»."""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum

_SEP = r"\s*[./\-\s]\s*"
_FULL = re.compile(rf"^\s*(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})\s*$")
_DIGITS_ONLY = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")  # 07031972
_YEAR_FIRST = re.compile(r"^\s*(\d{4})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*$")
_MONTH = re.compile(rf"^\s*(\d{{1,2}}){_SEP}(\d{{4}})\s*$")
_MONTH_YEAR_FIRST = re.compile(r"^\s*(\d{4})\s*[./\-]\s*(\d{1,2})\s*$")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
# Typed on a Russian keyboard: «шилде» for «шілде», «жылгы» for «жылғы»: words are compared folded.
_FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")
# «г.», «года», «ж.», «жылғы», «туған»: words around a date that say nothing more.
_FILLER = frozenset(
    {
        "г", "гг", "год", "года", "году", "ж", "жыл", "жылы", "жылғы", "жылдың", "туған",
        "родился", "родилась", "рождения", "дата", "число", "в", "мен", "я", "окончил",
        "окончила", "закончил", "закончила", "бітірдім", "аяқтадым", "туылдым", "y", "year",
        "месяц", "месяце", "ай", "айы", "айында", "айда",
    }
)  # fmt: skip
_FILLER = frozenset(word.translate(_FOLD) for word in _FILLER)
# Words that mark the number before them as the year: «1964 ж.», «64 г.».
_YEAR_MARKS = frozenset(
    word.translate(_FOLD)
    for word in ("г", "гг", "год", "года", "году", "ж", "жыл", "жылы", "жылғы", "жылдың")
)
# Each month as people write it: the name, «12 мая» (of), «в мае» (in), the short forms.
_RUSSIAN_MONTHS = (
    ("январь", "января", "январе", "янв"), ("февраль", "февраля", "феврале", "фев", "февр"),
    ("март", "марта", "марте", "мар"), ("апрель", "апреля", "апреле", "апр"),
    ("май", "мая", "мае"), ("июнь", "июня", "июне", "июн"), ("июль", "июля", "июле", "июл"),
    ("август", "августа", "августе", "авг"), ("сентябрь", "сентября", "сентябре", "сен", "сент"),
    ("октябрь", "октября", "октябре", "окт"), ("ноябрь", "ноября", "ноябре", "ноя", "нояб"),
    ("декабрь", "декабря", "декабре", "дек"),
)  # fmt: skip
# Kazakh month names; also with the case endings a sentence gives them («мамырда», «маусымның»).
_KAZAKH_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
    "қазан", "қараша", "желтоқсан",
)  # fmt: skip
_MONTH_OF: dict[str, int] = {
    form: number for number, forms in enumerate(_RUSSIAN_MONTHS, start=1) for form in forms
}
_KAZAKH_MONTH_OF = {name.translate(_FOLD): number for number, name in enumerate(_KAZAKH_MONTHS, 1)}


class DateProblem(StrEnum):
    FORMAT = "format"  # not a date written as day.month.year
    SHORT_YEAR = "short_year"  # 07.03.20: 1920 or 2020 is the citizen's to say
    IMPOSSIBLE = "impossible"  # 31.02.2000, month 13
    FUTURE = "future"
    TOO_OLD = "too_old"  # before 1900
    BEFORE_BIRTH = "before_birth"


class DateError(ValueError):
    def __init__(self, problem: DateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def parse_day(
    text: str,
    today: date,
    *,
    month_allowed: bool = False,
    earliest: date | None = None,
    latest: date | None = None,
) -> date:
    """A past date; with `month_allowed`, "06.2024" means the last day of that month.

    A 2-digit year is read in the one century that puts the date between `earliest` (default
    1 Jan 1900) and `latest` (default today); where both or neither do, DateProblem.SHORT_YEAR.
    """
    if len(text) > 40:
        raise DateError(DateProblem.FORMAT)
    window = (earliest or date(1900, 1, 1), min(latest or today, today))
    parts = _numeric(text, month_allowed) or _in_words(text, month_allowed)
    if parts is None:
        raise DateError(DateProblem.FORMAT)
    day_, month, year_text = parts
    if not 1 <= month <= 12 or (day_ is not None and not 1 <= day_ <= 31):
        raise DateError(DateProblem.IMPOSSIBLE)
    year = _year(year_text, day_, month, window)
    if day_ is None:
        # Studies usually end late in the month; the last day is the kinder reading.
        day_ = calendar.monthrange(year, month)[1]
        if (year, month) == (today.year, today.month):
            day_ = today.day
    try:
        value = date(year, month, day_)
    except ValueError:
        raise DateError(DateProblem.IMPOSSIBLE) from None
    if value > today:
        raise DateError(DateProblem.FUTURE)
    if value.year < 1900:
        raise DateError(DateProblem.TOO_OLD)
    return value


Parts = tuple[int | None, int, str]  # day (None: a whole month), month, the year as typed


def _numeric(text: str, month_allowed: bool) -> Parts | None:
    full = _FULL.match(text) or _DIGITS_ONLY.match(text)
    if full is not None:
        return int(full.group(1)), int(full.group(2)), full.group(3)
    year_first = _YEAR_FIRST.match(text)
    if year_first is not None:
        return int(year_first.group(3)), int(year_first.group(2)), year_first.group(1)
    if not month_allowed:
        return None
    found = _MONTH.match(text)
    if found is not None:
        return None, int(found.group(1)), found.group(2)
    found = _MONTH_YEAR_FIRST.match(text)
    if found is not None:
        return None, int(found.group(2)), found.group(1)
    return None


def _month_named(word: str) -> int | None:
    """The month a (folded) word names: Russian forms exactly, Kazakh ones with any ending."""
    if word in _MONTH_OF:
        return _MONTH_OF[word]
    for name, number in _KAZAKH_MONTH_OF.items():
        if word.startswith(name):  # «мамырда», «маусымның»
            return number
    return None


def _in_words(text: str, month_allowed: bool) -> Parts | None:
    """«12 мая 1964», «1964 ж. 12 мамыр», «июнь 2025», «2025 жылғы маусым»."""
    tokens = _TOKEN.findall(text.lower().replace("ё", "е").translate(_FOLD))
    month: int | None = None
    numbers: list[tuple[str, bool]] = []  # (digits, marked as the year)
    before_month = 0  # how many numbers came before the month's name
    for index, token in enumerate(tokens):
        if token.isdigit():
            marked = index + 1 < len(tokens) and tokens[index + 1] in _YEAR_MARKS
            numbers.append((token, marked))
            before_month += month is None
            continue
        named = _month_named(token)
        if named is not None and month is None:
            month = named
        elif token not in _FILLER:
            return None
    if month is None:
        return None
    if len(numbers) == 1 and month_allowed:
        digits, marked = numbers[0]
        if len(digits) == 2 and before_month and not marked:
            # «25 июня», «25 маусым»: the 25th of June, or June 2025? The year in full decides.
            raise DateError(DateProblem.SHORT_YEAR)
        return (None, month, digits) if len(digits) in (2, 4) else None
    if len(numbers) != 2:
        return None
    (first, first_marked), (second, second_marked) = numbers
    # The year has 4 digits or a year's mark («ж.», «г.»); otherwise the day comes first.
    if len(first) == 4 or (first_marked and not (len(second) == 4 or second_marked)):
        first, second = second, first
    if len(second) not in (2, 4) or len(first) > 2:
        return None
    return int(first), month, second


def _year(typed: str, day_: int | None, month: int, window: tuple[date, date]) -> int:
    if len(typed) != 2:
        return int(typed)
    earliest, latest = window
    fitting = [
        century + int(typed)
        for century in (1900, 2000)
        if _fits(century + int(typed), month, day_, earliest, latest)
    ]
    if len(fitting) != 1:
        raise DateError(DateProblem.SHORT_YEAR)
    return fitting[0]


def _fits(year: int, month: int, day_: int | None, earliest: date, latest: date) -> bool:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    if day_ is not None and day_ <= last.day:
        first = last = date(year, month, day_)
    return first <= latest and last >= earliest
