"""Results cards as a citizen reads them: the status, the reasons in their own terms, what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiogram.types import InlineKeyboardMarkup
from support.client import ChatClient
from support.walk import Persona, agree, answer_until_results

from bot.i18n import compile_catalogs, use_locale
from bot.rules.model import (
    Code,
    CriterionResult,
    Result,
)
from bot.words.verdicts import reason

# 25 on the clients' day (2 March 2026), university, graduated in June 2022: 3.5 years ago.
GRADUATE_OF_2022 = Persona(
    "graduate of 2022",
    "jastar_praktikasy",
    birth_date="15.09.2000",
    education="higher",
    graduation="06.2022",
)
YOUTH_PRACTICE = {"kk": "Жастар практикасы", "ru": "Молодёжная практика"}


async def results_of(tmp_path: Path, persona: Persona, language: str) -> list[tuple[str, Any]]:
    """What the citizen can read on the results' screen: the list first, then each programme's
    details (its button pressed, the list's message edited in place), with their keyboards."""
    client = await ChatClient.open(tmp_path / "bot.sqlite3", language_code=language)
    try:
        await agree(client)
        await answer_until_results(client, persona)
        [listed] = [r for r in client.replies if r.method == "sendMessage"]
        markup = listed.call.reply_markup  # type: ignore[attr-defined]
        screens: list[tuple[str, Any]] = [(listed.text, markup)]
        for label in details_buttons(markup):
            await client.press(label)
            [edited] = client.replies_of("editMessageText")
            screens.append((edited.text, getattr(edited.call, "reply_markup", None)))
            await client.press(BACK_TO_LIST[language])
        return screens
    finally:
        await client.close()


BACK_TO_LIST = {"kk": "Тізімге оралу", "ru": "К списку"}


def details_buttons(markup: InlineKeyboardMarkup) -> list[str]:
    """The labels of the list's programme buttons (✅ ❓ ❌ and a short name)."""
    return [b.text for row in markup.inline_keyboard for b in row if b.text[0] in "✅❓❌"]


def card_of(results: list[tuple[str, Any]], name: str) -> tuple[str, Any]:
    """A programme's details, by its short or its official name."""
    return next(
        (text, markup) for text, markup in results[1:] if name in "\n".join(text.splitlines()[:2])
    )


def has_apply_button(markup: Any) -> bool:
    return isinstance(markup, InlineKeyboardMarkup) and any(
        "📝" in button.text for row in markup.inline_keyboard for button in row
    )


@pytest.mark.parametrize(
    ("language", "passed"),
    [
        ("ru", "✖️ С окончания учёбы прошло больше 3 лет."),
        ("kk", "✖️ Оқуды бітіргеніңізге 3 жылдан асты."),
    ],
)
async def test_a_graduate_of_three_and_a_half_years_ago_is_told_three_years_have_passed(
    tmp_path: Path, language: str, passed: str
) -> None:
    """Corrections 2026-12 §2: the rules text says 3 years; the 3-5-year band had no support."""
    results = await results_of(tmp_path, GRADUATE_OF_2022, language)
    text, markup = card_of(results, YOUTH_PRACTICE[language])
    assert text.startswith("❌")
    assert passed in text.splitlines()
    assert not has_apply_button(markup)


def test_a_graduate_of_more_than_five_years_ago_is_told_five_years_have_passed() -> None:
    compile_catalogs()
    past = CriterionResult(
        Code.GRADUATED_WITHIN,
        Result.UNMET,
        {
            "years": 3,
            "graduation_date": "2020-06-30",
            "deadline": "2023-06-30",
            "check_years": 5,
            "check_deadline": "2025-06-30",
        },
    )
    with use_locale("ru"):
        assert reason(past) == "✖️ С окончания учёбы прошло больше 5 лет."
    with use_locale("kk"):
        assert reason(past) == "✖️ Оқуды бітіргеніңізге 5 жылдан асты."


# 40, working, has worked before, in no group: no programme whose rules are confirmed fits.
WORKING_FORTY = Persona(
    "working forty-year-old",
    "",
    birth_date="10.01.1986",
    employment="employed",
    experience="yes",
)
OTHERS_MAY_FIT = {
    "ru": "Вам могут лучше подойти другие программы.",
    "kk": "Сізге басқа бағдарламалар көбірек сай келуі мүмкін.",
}
PAY_AND_DURATION = {"ru": ("Оплата", "Срок", "Зарплату"), "kk": ("Жалақы", "Ұзақтығы")}


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_no_says_why_not_without_unanswered_questions_pay_or_duration(
    tmp_path: Path, language: str
) -> None:
    results = await results_of(tmp_path, WORKING_FORTY, language)
    no = [text for text, _ in results[1:] if text.startswith("❌")]
    assert len(no) >= 5, no
    for text in no:
        reasons = [line for line in text.splitlines() if line[:2] in ("✔️", "✖️", "❔")]
        assert any(line.startswith("✖️") for line in reasons), text
        assert not any(line.startswith("❔") for line in reasons), text
        assert not any(line.startswith(PAY_AND_DURATION[language]) for line in text.splitlines())
        assert OTHERS_MAY_FIT[language] not in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "✔️ Образование: университет (высшее) — подходит."),
        ("kk", "✔️ Білімі: университет (жоғары білім) — сай келеді."),
    ],
)
async def test_a_university_graduate_is_told_their_own_education_fits(
    tmp_path: Path, language: str, expected: str
) -> None:
    results = await results_of(tmp_path, GRADUATE_OF_2022, language)
    text, _ = card_of(results, YOUTH_PRACTICE[language])
    assert expected in text.splitlines()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "✖️ Образование: среднее (школа) — не подходит; нужно: колледж (ТиПО), "
            "университет (высшее), магистратура или докторантура.",
        ),
        (
            "kk",
            "✖️ Білімі: орта білім (мектеп) — сай келмейді; қажет білім: колледж (ТжКБ), "
            "университет (жоғары білім), магистратура немесе докторантура.",
        ),
    ],
)
async def test_a_school_leaver_is_told_their_education_and_what_youth_practice_needs(
    tmp_path: Path, language: str, expected: str
) -> None:
    school_leaver = Persona("school leaver", "first_job", birth_date="05.05.2004")
    results = await results_of(tmp_path, school_leaver, language)
    text, _ = card_of(results, YOUTH_PRACTICE[language])
    assert expected in text.splitlines()


def test_an_unanswered_education_still_says_what_the_programme_accepts() -> None:
    compile_catalogs()
    unknown = CriterionResult(Code.EDUCATION_LEVEL, Result.UNKNOWN, {"allowed": "tvet,higher"})
    with use_locale("ru"):
        assert reason(unknown) == "❔ Образование: Колледж (ТиПО), Университет (высшее)."


LARGE_FAMILY = Persona(
    "large family",
    "business_grant",
    birth_date="01.01.1988",
    groups=("large_family",),
    own_business=True,
)
BUSINESS_GRANT = {
    "ru": "Государственные гранты 400 МРП",
    "kk": "400 АЕК көлеміндегі мемлекеттік гранттар",
}


@pytest.mark.parametrize(
    ("language", "way"),
    [
        (
            "ru",
            [
                "🧭 Как получить грант:",
                "1. Первый шаг: Проект «Бастау Бизнес» — бесплатный короткий курс основ "
                "предпринимательства; для гранта нужен его сертификат. На курс записывает "
                "карьерный центр.",
                "2. Затем, когда в вашем регионе начнут приём заявок, подайте заявку на грант на "
                "портале enbek.kz и подпишите её своей ЭЦП; бизнес-идею оценивает комиссия.",
                "Подав заявку здесь, вы просите карьерный центр сделать свою часть: записать вас "
                "на курс и проверить, подходит ли ваша категория для гранта.",
            ],
        ),
        (
            "kk",
            [
                "🧭 Грантты қалай алуға болады:",
                "1. Алғашқы қадам: «Бастау Бизнес» жобасы — кәсіпкерлік негіздері бойынша тегін "
                "қысқа курс; грант алу үшін оның сертификаты керек. Курсқа «Мансап» орталығы "
                "жазады.",
                "2. Содан кейін өңіріңізде өтінім қабылдау басталғанда грантқа enbek.kz "
                "порталында өтінім беріп, оған ЭЦҚ-мен қол қоясыз; бизнес-идеяңызды комиссия "
                "бағалайды.",
                "Осы жерде өтінім берсеңіз, мансап орталығы өз бөлігін атқарады: сізді курсқа "
                "жазады және санатыңыздың грантқа сай келетінін тексереді.",
            ],
        ),
    ],
)
async def test_the_grant_card_says_bastau_business_first_then_enbek_with_an_eds_then_the_centre(
    tmp_path: Path, language: str, way: list[str]
) -> None:
    results = await results_of(tmp_path, LARGE_FAMILY, language)
    text, _ = card_of(results, BUSINESS_GRANT[language])
    lines = text.splitlines()
    start = lines.index(way[0])
    assert lines[start : start + 4] == way
    # No list of preconditions followed by "you can apply here anyway".
    assert "📌" not in text
    assert not any(
        line.startswith(("Здесь можно подать", "Заявку всё равно", "Осы жерден", "Бәрібір"))
        for line in lines
    )


async def test_no_details_here_list_what_to_have_before_applying(
    tmp_path: Path,
) -> None:
    """The grant says its way instead (above); the job-loss payment lists a registration, but
    for a job not lost it is a no, and a no says only why."""
    results = await results_of(tmp_path, LARGE_FAMILY, "ru")
    assert not any("📌 Что нужно для заявки" in text for text, _ in results[1:])
    assert card_of(results, "Социальная выплата на случай потери работы")[0].startswith("❌")


# 40, registered unemployed, on the clients' day (2 March 2026): inside the suspension.
REGISTERED_FORTY = Persona("registered forty-year-old", "public_works", birth_date="10.01.1986")


@pytest.mark.parametrize(
    ("language", "name", "pay", "suspended"),
    [
        (
            "ru",
            "Оплачиваемые общественные работы",
            "Оплата: не меньше 86\u00a0500\u00a0₸ в месяц.",
            "ℹ️ С 26 января 2026 по 31 марта 2026 часть правил о субсидируемых рабочих местах",
        ),
        (
            "kk",
            "Ақылы қоғамдық жұмыстар",
            "Жалақы: айына кемінде 86\u00a0500\u00a0₸.",
            "ℹ️ 2026 жылғы 26 қаңтар – 2026 жылғы 31 наурыз аралығында субсидияланатын",
        ),
    ],
)
async def test_public_works_show_their_pay_floor_and_the_suspension_of_2026(
    tmp_path: Path, language: str, name: str, pay: str, suspended: str
) -> None:
    """Corrections 2026-12 §2 (pay, 12 months) and the notice of 26 Jan - 1 Apr 2026."""
    results = await results_of(tmp_path, REGISTERED_FORTY, language)
    text, markup = card_of(results, name)
    assert text.startswith("✅")
    assert pay in text.splitlines()
    assert any(line.startswith(suspended) for line in text.splitlines()), text
    assert has_apply_button(markup)


@pytest.mark.parametrize(
    ("language", "name", "how"),
    [
        (
            "ru",
            "Социальная выплата на случай потери работы",
            "Как подать заявку: зарегистрируйтесь как ищущий работу",
        ),
        (
            "kk",
            "Жұмысынан айырылуына байланысты әлеуметтік төлем",
            "Өтінімді қалай беруге болады: алдымен жұмыс іздеуші ретінде тіркеліңіз",
        ),
    ],
)
async def test_the_job_loss_payment_is_an_information_card_without_an_apply_button(
    tmp_path: Path, language: str, name: str, how: str
) -> None:
    lost_a_job = Persona(
        "lost an insured job", "job_loss_payment", birth_date="10.01.1986", lost_job="yes"
    )
    results = await results_of(tmp_path, lost_a_job, language)
    text, markup = card_of(results, name)
    assert text.startswith("✅")  # a job lost, contributions paid: likely, but claimed elsewhere
    assert any(line.startswith(how) for line in text.splitlines()), text
    assert not has_apply_button(markup)


def test_i_do_not_know_about_insurance_is_worded_as_what_the_fund_checks() -> None:
    compile_catalogs()
    dont_know = CriterionResult(Code.SOCIAL_INSURANCE_PAID, Result.UNKNOWN, {"answer": "dont_know"})
    with use_locale("ru"):
        assert reason(dont_know) == (
            "❔ Для тех, за кого платились социальные отчисления: Фонд сам проверит их по "
            "вашему ИИН."
        )
    with use_locale("kk"):
        assert reason(dont_know).startswith("❔ Әлеуметтік аударымдар төленген адамдарға")


def test_a_35_year_old_is_told_the_centre_checks_whether_35_counts_for_first_job() -> None:
    compile_catalogs()
    open_age = CriterionResult(
        Code.AGE_AT_MOST, Result.UNKNOWN, {"max_age": 34, "age": 35, "check_age": 35}
    )
    with use_locale("ru"):
        assert reason(open_age) == (
            "❔ Возраст: вам 35; в правилах сказано «до 35 лет», входят ли в это 35 лет — "
            "проверит карьерный центр."
        )
    with use_locale("kk"):
        assert "мансап орталығы тексереді" in reason(open_age)


def test_a_34_year_old_is_told_the_first_job_is_for_those_under_35_not_up_to_34() -> None:
    compile_catalogs()
    met = CriterionResult(Code.AGE_AT_MOST, Result.MET, {"max_age": 34, "age": 34, "check_age": 35})
    with use_locale("ru"):
        assert reason(met) == "✔️ Возраст: вам 34, программа — для тех, кому до 35 лет."
    with use_locale("kk"):
        assert reason(met) == "✔️ Жасыңыз: 34; бағдарлама 35 жасқа дейінгілерге арналған."
