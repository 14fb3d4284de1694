"""A month typed in words at the graduation question (bot/words/dates.py): the cases people write
it in, in Russian and Kazakh, and a 2-digit year only where one reading fits."""

from __future__ import annotations

from datetime import date

import pytest

from bot.words.dates import DateError, DateProblem, parse_day

TODAY = date(2026, 12, 10)
BORN = date(2002, 9, 1)


@pytest.mark.parametrize(
    ("typed", "finished"),
    [
        ("в июне 2025", date(2025, 6, 30)),
        ("июне 2025 года", date(2025, 6, 30)),
        ("в июне 25 года", date(2025, 6, 30)),
        ("июнь 25", date(2025, 6, 30)),
        ("в мае 2024 г.", date(2024, 5, 31)),
        ("в июле 2025г", date(2025, 7, 31)),
        ("в сентябре 24", date(2024, 9, 30)),
        ("2025 жылғы маусым", date(2025, 6, 30)),
        ("маусымда 2025", date(2025, 6, 30)),
        ("2025 ж. маусым", date(2025, 6, 30)),
        ("маусым 25", date(2025, 6, 30)),
        ("25 ж. маусым", date(2025, 6, 30)),
        ("мамыр айында 2024", date(2024, 5, 31)),
        ("2024 жылы мамырда", date(2024, 5, 31)),
    ],
)
def test_a_month_in_the_case_people_write_it_is_the_end_of_that_month(
    typed: str, finished: date
) -> None:
    assert parse_day(typed, TODAY, month_allowed=True, earliest=BORN) == finished


def test_a_two_digit_year_after_the_month_is_asked_in_full_when_two_centuries_fit() -> None:
    # Nothing known about the citizen's age: June 1925 is as possible as June 2025.
    with pytest.raises(DateError) as raised:
        parse_day("июнь 25", TODAY, month_allowed=True)
    assert raised.value.problem is DateProblem.SHORT_YEAR


@pytest.mark.parametrize("typed", ["25 июня", "25 маусым"])
def test_a_number_before_the_month_is_a_day_so_the_year_is_asked(typed: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_day(typed, TODAY, month_allowed=True, earliest=BORN)
    assert raised.value.problem is DateProblem.SHORT_YEAR
