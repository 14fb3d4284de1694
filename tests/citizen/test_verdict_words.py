"""Dates and money as a citizen in Kazakhstan reads them, in each language."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.i18n import compile_catalogs, use_locale
from bot.rules.model import Code, CriterionResult, Pay, PayKind, Result
from bot.words.formatting import day, money, month_in_words
from bot.words.verdicts import pay_text, reason


def test_a_late_evening_in_greenwich_is_already_the_next_day_in_kazakhstan() -> None:
    compile_catalogs()
    sent = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)  # 01:30 on 2 March in Astana
    with use_locale("ru"):
        assert day(sent) == "2 марта 2026"
    with use_locale("kk"):
        assert day(sent) == "2026 жылғы 2 наурыз"


def test_a_calendar_date_is_shown_as_is() -> None:
    compile_catalogs()
    with use_locale("ru"):
        assert day(date(2035, 3, 7)) == "7 марта 2035"
        assert day("2028-02-29") == "29 февраля 2028"


def test_money_keeps_the_amount_and_the_tenge_sign_together() -> None:
    compile_catalogs()
    for language in ("ru", "kk"):
        with use_locale(language):
            assert money(129_750) == "129\u00a0750\u00a0₸"


def test_russian_age_limits_agree_with_the_number() -> None:
    compile_catalogs()

    def limit(code: Code, **params: int) -> str:
        return reason(CriterionResult(code, Result.MET, params))

    with use_locale("ru"):
        assert "с 21 года" in limit(Code.AGE_AT_LEAST, min_age=21, age=40)
        assert "с 18 лет" in limit(Code.AGE_AT_LEAST, min_age=18)
        assert "до 35 лет включительно" in limit(Code.AGE_AT_MOST, max_age=35, age=30)
        assert "до 31 года включительно" in limit(Code.AGE_AT_MOST, max_age=31)
    with use_locale("kk"):
        assert "21 жастан" in limit(Code.AGE_AT_LEAST, min_age=21, age=40)


def test_a_graduation_given_as_a_month_is_shown_as_that_month() -> None:
    """'06.2024' is stored as 30 June; the summary said '30 июня 2024', a day never typed."""
    compile_catalogs()
    with use_locale("ru"):
        assert month_in_words(date(2024, 6, 30)) == "июнь 2024"
    with use_locale("kk"):
        assert month_in_words("2024-06-30") == "2024 жылғы маусым"


def test_a_single_state_share_is_not_given_as_shares_by_year() -> None:
    compile_catalogs()
    one = Pay(kind=PayKind.WAGE_SHARE, shares_percent=(35,))
    three = Pay(kind=PayKind.WAGE_SHARE, shares_percent=(70, 65, 60))
    with use_locale("ru"):
        assert pay_text(one) == (
            "Зарплату вам платит работодатель, а государство возмещает ему 35\u00a0% этой суммы."
        )
        assert "по годам работы 70\u00a0% / 65\u00a0% / 60\u00a0%" in pay_text(three)
    with use_locale("kk"):
        assert pay_text(one) == (
            "Жалақыны сізге жұмыс беруші төлейді, ал мемлекет оның 35\u00a0%-ын жұмыс берушіге "
            "өтейді."
        )
