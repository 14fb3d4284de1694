"""After applying, the citizen is told what happens next, what to bring and where their career
centre is, from the rules data for their region and programme; /summary gives one message to
keep or show at the centre."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.client import ChatClient
from support.walk import Persona, agree, answer_until, answer_until_summary, apply, iin

from bot.i18n import compile_catalogs, use_locale
from bot.words.next_steps import the_next_step, what_to_bring
from handlers.citizen.account import Menu

# 24, a university graduate of June 2024, registered, in Astana: youth practice.
GRADUATE = Persona(
    "graduate",
    "jastar_praktikasy",
    birth_date="14.02.2002",
    region="astana_city",
    education="higher",
    graduation="06.2024",
)
# 55, registered, in Pavlodar, where no centre's address could be verified: silver age.
PAVLODAR = Persona("fifty-five", "kumis_jas", iin=iin("700510", 3), region="pavlodar")


async def _applied(tmp_path: Path, persona: Persona, language: str) -> ChatClient:
    client = await ChatClient.open(tmp_path / "bot.sqlite3", language_code=language)
    await agree(client)
    await answer_until_summary(client, persona)
    await apply(client, persona.programme)
    return client


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            [
                "🧭 Что дальше:",
                "Карьерный центр позвонит вам по номеру, который вы указали.",
                "📄 Что взять с собой в карьерный центр:",
                "• удостоверение личности (или цифровой документ в приложении eGov mobile)",
                "• документ, подтверждающий трудовую деятельность",
                "• диплом",
                "🏢 Ваш карьерный центр: Центр занятости акимата города Астаны",
                "Адрес: улица Бейбітшілік, 25 (сведения 2019 года)",
                "⚠️ Часть этих сведений — 2019 года, с тех пор они могли измениться: перед тем "
                "как идти, уточните их по телефону в едином контакт-центре 1414 (звонок "
                "бесплатный).",
            ],
        ),
        (
            "kk",
            [
                "🧭 Әрі қарай не болады:",
                "Мансап орталығы сіз берген нөмірге қоңырау шалады.",
                "📄 Мансап орталығына не алып бару керек:",
                "• жеке куәлігіңіз (немесе eGov mobile қосымшасындағы цифрлық құжат)",
                "• еңбек қызметіңізді растайтын құжат",
                "• дипломыңыз",
                "🏢 Сіздің мансап орталығыңыз: Астана қаласы әкімдігінің «Жұмыспен қамту орталығы»",
                "Мекенжайы: Бейбітшілік көшесі, 25 (2019 жылғы дерек)",
                "⚠️ Бұл мәліметтердің кейбірі 2019 жылғы, содан бері өзгеруі мүмкін: барар алдында "
                "бірыңғай байланыс орталығынан 1414 нөмірі бойынша телефонмен нақтылап алыңыз "
                "(қоңырау тегін).",
            ],
        ),
    ],
)
async def test_the_confirmation_tells_a_graduate_in_astana_what_to_bring_and_where_to_go(
    tmp_path: Path, language: str, expected: list[str]
) -> None:
    client = await _applied(tmp_path, GRADUATE, language)
    try:
        [confirmation] = [r.text for r in client.replies_of("sendMessage") if "A-000001" in r.text]
        lines = confirmation.splitlines()
        for line in expected:
            assert line in lines, line
        # What is not in the data is not made up: no phone or hours for Astana.
        assert not any(line.startswith(("Телефон:", "Телефоны:")) for line in lines)
        assert "1414" in confirmation
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("language", "unknown"),
    [
        (
            "ru",
            "🏢 Адрес и телефон карьерного центра для региона «Павлодарская область» "
            "подтвердить не удалось.",
        ),
        (
            "kk",
            "🏢 Павлодар облысы бойынша мансап орталығының мекенжайы мен телефоны бізде "
            "әзірге жоқ.",
        ),
    ],
)
async def test_where_no_centre_was_verified_the_confirmation_sends_the_citizen_to_1414(
    tmp_path: Path, language: str, unknown: str
) -> None:
    client = await _applied(tmp_path, PAVLODAR, language)
    try:
        [confirmation] = [r.text for r in client.replies_of("sendMessage") if "A-000001" in r.text]
        assert unknown in confirmation.splitlines()
        assert "1414" in confirmation and "enbek.kz" in confirmation
    finally:
        await client.close()


async def test_an_unregistered_applicant_is_told_how_to_register_with_the_legal_clocks(
    tmp_path: Path,
) -> None:
    unregistered = Persona(
        "unregistered fifty-five",
        "vocational_training",
        iin=iin("700510", 3, "0002"),
        region="turkistan",
        employment="unemployed_unregistered",
    )
    client = await _applied(tmp_path, unregistered, "ru")
    try:
        [confirmation] = [r.text for r in client.replies_of("sendMessage") if "A-000001" in r.text]
        lines = confirmation.splitlines()
        assert (
            "Зарегистрируйтесь как ищущий работу (eGov.kz, enbek.kz или в центре): центр "
            "предложит вам вакансии в течение 1 рабочего дня; если ни одна не подойдёт, статус "
            "безработного вы получите в течение 3 рабочих дней."
        ) in lines
        assert "• заявление (заполняется в центре или онлайн)" in lines
        assert "• документ об образовании (диплом или аттестат), если есть" in lines
        assert "Что ещё нужно для этой программы, подскажет карьерный центр." in lines
    finally:
        await client.close()


async def test_the_confirmation_offers_the_summary_and_the_summary_has_the_application(
    tmp_path: Path,
) -> None:
    client = await _applied(tmp_path, GRADUATE, "ru")
    try:
        assert "🧾 Сводка" in client.buttons()
        await client.press("🧾 Сводка")
        [summary] = client.texts
        lines = summary.splitlines()
        assert lines[0].startswith("📋 Сводка для карьерного центра, 2 марта 2026")
        assert "• Регион: город Астана" in lines
        assert "• Образование: Университет (высшее)" in lines
        assert "Скорее всего подходят:" in lines
        assert any(
            line.startswith("• A-000001 — Молодёжная практика: в очереди (подана ")
            for line in lines
        ), lines
        assert "Адрес: улица Бейбітшілік, 25 (сведения 2019 года)" in lines
    finally:
        await client.close()


async def test_my_applications_offer_the_summary_in_kazakh(tmp_path: Path) -> None:
    client = await _applied(tmp_path, PAVLODAR, "kk")
    try:
        await client.send("/my")
        await client.press("🧾 Қорытынды")
        [summary] = client.texts
        assert summary.startswith("📋 Мансап орталығына арналған қорытынды")
        assert "Менің өтінімдерім:" in summary.splitlines()
        assert "A-000001" in summary
    finally:
        await client.close()


async def test_the_summary_before_any_application_has_the_answers_and_says_none_yet(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until_summary(client, PAVLODAR)
    await client.send("/summary")
    [summary] = client.texts
    lines = summary.splitlines()
    assert "Мои ответы:" in lines
    assert "• Регион: Павлодарская область" in lines
    assert "Заявок пока нет." in lines
    assert "1414" in summary
    assert "📋 Мои заявки" in client.buttons()


async def test_the_summary_of_someone_who_has_not_started_says_to_start(
    kk_client: ChatClient,
) -> None:
    await kk_client.send("/summary")
    assert kk_client.text == (
        "Әзірге қорытынды жасайтын ештеңе жоқ: бағдарламаларды тексеру үшін /start жіберіңіз."
    )


async def test_the_summary_midway_through_the_questions_says_to_continue(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until(client, PAVLODAR, "employment")
    await client.tap(Menu(action="summary").pack())
    [summary] = client.texts
    assert "• Регион: Павлодарская область" in summary.splitlines()
    assert "Вопросы ещё не закончены: продолжить — /start." in summary.splitlines()


@pytest.mark.parametrize(
    ("language", "called"),
    [
        ("ru", "Карьерный центр позвонит вам по номеру, который вы указали."),
        ("kk", "Мансап орталығы сіз берген нөмірге қоңырау шалады."),
    ],
)
def test_a_measure_claimed_elsewhere_says_where_and_not_that_the_centre_calls(
    language: str, called: str
) -> None:
    compile_catalogs()
    with use_locale(language):
        job_loss = the_next_step("job_loss_payment", register=True).splitlines()
        silver = the_next_step("kumis_jas", register=False).splitlines()
    assert called not in job_loss
    assert any("eGov.kz, enbek.kz" in line and "Kaspi" in line for line in job_loss)
    assert silver[1] == called
    assert len(silver) == 2  # registered already: no registration clocks


# A student and an employee who apply are not told to register: students are refused
# registration (corrections 2026-12 §5), and unemployed status is not for someone in work.
NOT_TO_REGISTER = [
    Persona(
        "student",
        "vocational_training",
        iin=iin("050510", 3, "0003"),
        region="turkistan",
        employment="student",
    ),
    Persona(
        "employee",
        "vocational_training",
        iin=iin("900510", 3, "0004"),
        region="turkistan",
        employment="employed",
    ),
    Persona(
        "self-employed",
        "business_grant",
        iin=iin("900510", 4, "0005"),
        region="turkistan",
        employment="self_employed",
        groups=("disability",),
        own_business=True,
    ),
]


@pytest.mark.parametrize(
    ("language", "register", "clock"),
    [
        ("ru", "Зарегистрируйтесь как ищущий работу", "статус безработного"),
        ("kk", "Жұмыс іздеуші ретінде тіркеліңіз", "жұмыссыз мәртебесін"),
    ],
)
@pytest.mark.parametrize("persona", NOT_TO_REGISTER, ids=lambda p: p.name)
async def test_whoever_cannot_register_is_not_told_to_register_after_applying(
    tmp_path: Path, language: str, register: str, clock: str, persona: Persona
) -> None:
    client = await _applied(tmp_path, persona, language)
    try:
        [confirmation] = [r.text for r in client.replies_of("sendMessage") if "A-000001" in r.text]
        assert register not in confirmation and clock not in confirmation
        # Nor the registration's papers: the application form is registering's.
        assert not any(line.startswith("• заявление") for line in confirmation.splitlines())
    finally:
        await client.close()


def test_a_document_the_programme_asks_for_is_listed_once_with_registration() -> None:
    compile_catalogs()
    with use_locale("ru"):
        lines = what_to_bring("jastar_praktikasy", register=True).splitlines()
    assert "• документ, подтверждающий трудовую деятельность" in lines
    assert not any("если работали" in line for line in lines)
    assert "• диплом" in lines
    assert not any(line.startswith("• документ об образовании") for line in lines)
