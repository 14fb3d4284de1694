"""The questions of the measures of corrections 2026-12 §3 (a job lost, contributions paid, the
field of the profession), through the real dispatcher, in kk and ru: asked only when a verdict
depends on them, shown in the summary, and "I don't know" gives "check", never "no"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from support.client import ChatClient
from support.walk import Persona, agree, answer_until, answer_until_summary, details_of, iin

from handlers.citizen.question_kinds import ChangeAnswer, Nav, ShowResults
from handlers.citizen.questions import Ask

# 40 on the tests' day (2 March 2026), registered at the career centre: the job-loss payment and
# «Дипломмен – ауылға!» are open for him until he answers.
REGISTERED_FORTY = Persona("registered forty-year-old", "public_works", iin=iin("860301", 3))

WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "lost?": "Вы потеряли работу за последние месяцы (уволили, сократили, закончился договор)?",
        "insured?": "Работодатель платил за вас социальные отчисления?",
        "field?": "В какой сфере ваша профессия?",
        "yes": "Да",
        "no": "Нет",
        "dont_know": "Не знаю",
        "back": "⬅️ Назад",
        "lost: yes": "Потеряли работу за последние месяцы: да",
        "lost: no": "Потеряли работу за последние месяцы: нет",
        "insured: yes": "Работодатель платил социальные отчисления: да",
        "insured:": "Работодатель платил социальные отчисления:",
        "field: education": "Сфера профессии: образование",
        "change lost": "✏️ Потеря работы",
        "change insured": "✏️ Соцотчисления",
        "change field": "✏️ Профессия",
        "job loss": "Социальная выплата на случай потери работы",
        "village": "Проект «С дипломом – в село!»",
        "quota": "Квота и специальные рабочие места для лиц с инвалидностью",
        "resettlement": "Добровольное переселение",
        "fits": "✔️ Сфера вашей профессии: образование — подходит.",
    },
    "kk": {
        "lost?": (
            "Соңғы айларда жұмыстан айырылдыңыз ба (жұмыстан шығарды, қысқартты, шарт "
            "мерзімі бітті)?"
        ),
        "insured?": "Жұмыс беруші сіз үшін әлеуметтік аударымдар төледі ме?",
        "field?": "Мамандығыңыз қай салада?",
        "yes": "Иә",
        "no": "Жоқ",
        "dont_know": "Білмеймін",
        "back": "⬅️ Артқа",
        "lost: yes": "Соңғы айларда жұмыстан айырылған: иә",
        "lost: no": "Соңғы айларда жұмыстан айырылған: жоқ",
        "insured: yes": "Жұмыс беруші әлеуметтік аударымдар төлеген: иә",
        "insured:": "Жұмыс беруші әлеуметтік аударымдар төлеген:",
        "field: education": "Мамандық саласы: білім беру",
        "change lost": "✏️ Жұмыстан айырылу",
        "change insured": "✏️ Әлеуметтік аударымдар",
        "change field": "✏️ Мамандық",
        "job loss": "Жұмысынан айырылуына байланысты әлеуметтік төлем",
        "village": "«Дипломмен – ауылға!» жобасы",
        "quota": "Мүгедектігі бар адамдарға арналған квота және арнайы жұмыс орындары",
        "resettlement": "Ерікті қоныс аудару",
        "fits": "✔️ Мамандығыңыздың саласы: білім беру — сай келеді.",
    },
}
# The buttons of "What field is your profession in?", in their order.
FIELDS = {
    "ru": [
        "Образование",
        "Здравоохранение",
        "Социальная защита",
        "Культура",
        "Спорт",
        "Сельское хозяйство",
        "Другая",
        "Не знаю",
    ],
    "kk": [
        "Білім беру",
        "Денсаулық сақтау",
        "Әлеуметтік қамсыздандыру",
        "Мәдениет",
        "Спорт",
        "Ауыл шаруашылығы",
        "Басқа сала",
        "Білмеймін",
    ],
}
LANGUAGES = ["ru", "kk"]


@pytest.fixture(params=LANGUAGES)
async def chat(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ChatClient]:
    client = await ChatClient.open(tmp_path / "bot.sqlite3", language_code=request.param)
    await agree(client)
    yield client
    await client.close()


def language(client: ChatClient) -> str:
    assert client.factory.language_code is not None
    return client.factory.language_code


def words(client: ChatClient) -> dict[str, str]:
    return WORDS[language(client)]


async def test_a_job_lost_with_contributions_paid_gives_the_payment_card_as_likely(
    chat: ChatClient,
) -> None:
    said = words(chat)
    await answer_until(chat, REGISTERED_FORTY, "lost_job")
    assert await chat.state() == "Ask:lost_job"
    assert said["lost?"] in chat.texts
    assert chat.buttons() == [said["yes"], said["no"], said["dont_know"], said["back"]]
    await chat.press(said["yes"])
    assert await chat.state() == "Ask:social_insurance"
    assert said["insured?"] in chat.texts
    await chat.press(said["yes"])
    await answer_until_summary(chat, REGISTERED_FORTY)
    lines = chat.text.splitlines()
    assert said["lost: yes"] in lines and said["insured: yes"] in lines
    assert {said["change lost"], said["change insured"]} <= set(chat.buttons())
    await chat.tap(ShowResults().pack())
    payment, buttons = await details_of(chat, said["job loss"])
    assert payment.startswith("✅"), payment
    assert not any("📝" in button for button in buttons)  # applied for elsewhere


@pytest.mark.parametrize(
    ("lost", "insured"), [("dont_know", None), ("yes", "dont_know")], ids=["lost", "insured"]
)
async def test_i_do_not_know_gives_the_check_card_never_no(
    chat: ChatClient, lost: str, insured: str | None
) -> None:
    said = words(chat)
    await answer_until(chat, REGISTERED_FORTY, "lost_job")
    await chat.press(said[lost])
    if insured is None:  # contributions are asked only after "yes"
        assert await chat.state() != "Ask:social_insurance"
        assert said["insured?"] not in chat.texts
    else:
        assert await chat.state() == "Ask:social_insurance"
        await chat.press(said[insured])
    await answer_until_summary(chat, REGISTERED_FORTY)
    await chat.tap(ShowResults().pack())
    payment, _ = await details_of(chat, said["job loss"])
    assert payment.startswith("❓"), payment


async def test_a_teacher_sees_diploma_to_the_village_fit(chat: ChatClient) -> None:
    said = words(chat)
    await answer_until(chat, REGISTERED_FORTY, "profession")
    assert said["field?"] in chat.texts
    fields = FIELDS[language(chat)]
    assert chat.buttons() == [*fields, said["back"]]
    await chat.press(fields[0])
    await answer_until_summary(chat, REGISTERED_FORTY)
    assert said["field: education"] in chat.text.splitlines()
    assert said["change field"] in chat.buttons()
    await chat.tap(ShowResults().pack())
    village, _ = await details_of(chat, said["village"])
    assert village.startswith("✅"), village
    assert said["fits"] in village.splitlines()


@pytest.mark.parametrize("employment", ["employed", "self_employed", "student", "retired"])
async def test_someone_not_out_of_work_is_never_asked_about_a_lost_job(
    chat: ChatClient, employment: str
) -> None:
    said = words(chat)
    at_work = Persona("at work", "public_works", iin=iin("860301", 3), employment=employment)
    steps = await answer_until_summary(chat, at_work)
    assert "lost_job" not in steps and "social_insurance" not in steps
    assert "profession" in steps  # «Дипломмен – ауылға!» is for anyone
    assert not any(said["lost?"] in text or said["insured?"] in text for text in chat.texts)
    assert said["change lost"] not in chat.buttons()


async def test_a_lost_job_changed_to_no_from_the_summary_drops_the_contributions(
    chat: ChatClient,
) -> None:
    said = words(chat)
    lost = Persona("lost a job", "public_works", iin=iin("860301", 3), lost_job="yes")
    await answer_until_summary(chat, lost)
    await chat.press(said["change lost"])
    assert await chat.state() == "Ask:lost_job"
    await chat.press(said["no"])
    assert await chat.state() == "Flow:results"  # a changed answer: the results again
    await chat.press_data(ChangeAnswer(step="summary").pack())
    lines = chat.text.splitlines()
    assert said["lost: no"] in lines
    assert not any(line.startswith(said["insured:"]) for line in lines)
    assert said["change insured"] not in chat.buttons()
    stored = (await chat.data())["profile"]
    assert stored["lost_job_recently"] == "no" and "social_insurance_paid" not in stored
    user = await chat.db.users.get(chat.factory.user_id)
    assert user is not None and "social_insurance_paid" not in user.profile
    await chat.tap(ShowResults().pack())
    payment, _ = await details_of(chat, said["job loss"])
    assert payment.startswith("❌")  # a "no" the citizen gave


async def test_a_conversation_stored_at_a_new_question_goes_on_there_after_a_restart(
    chat: ChatClient,
) -> None:
    said = words(chat)
    await answer_until(chat, REGISTERED_FORTY, "lost_job")
    await chat.reopen()
    assert await chat.state() == "Ask:lost_job"
    await chat.send("/start")
    [welcome] = chat.texts
    assert welcome.endswith(said["lost?"]), "the greeting and the question in one message"


def test_the_new_states_are_added_and_the_stored_names_unchanged() -> None:
    """A state's name is stored with each conversation: the older ones keep theirs."""
    names = {str(state.state) for state in Ask.__states__}
    stored_before = {
        "Ask:iin", "Ask:birth_date", "Ask:sex", "Ask:region", "Ask:employment",
        "Ask:education", "Ask:graduation", "Ask:experience", "Ask:groups", "Ask:summary",
    }  # fmt: skip
    assert stored_before <= names
    assert names - stored_before == {"Ask:lost_job", "Ask:social_insurance", "Ask:profession"}


async def test_none_of_the_special_situations_is_an_answer_the_summary_shows(
    chat: ChatClient,
) -> None:
    """The disability quota and resettlement read the special situations: asked of everyone
    whose verdict they leave open, and "none" is an answer, not a skipped question."""
    steps = await answer_until(chat, REGISTERED_FORTY, "groups")
    assert steps[-1] == "groups"
    await chat.tap(Nav(action="groups_none").pack())
    assert await chat.state() == "Flow:results"
    assert (await chat.data())["profile"]["groups"] == []
    await chat.press_data(ChangeAnswer(step="summary").pack())
    assert any(button.startswith("✏️") for button in chat.buttons())  # the answers, to change


@pytest.mark.parametrize(
    ("group", "programme"), [("disability", "quota"), ("kandas", "resettlement")]
)
async def test_the_special_situations_decide_the_quota_and_resettlement_cards(
    chat: ChatClient, group: str, programme: str
) -> None:
    said = words(chat)
    persona = Persona(
        "in a special situation", "public_works", iin=iin("860301", 3), groups=(group,)
    )
    await answer_until_summary(chat, persona)
    await chat.tap(ShowResults().pack())
    found, _ = await details_of(chat, said[programme])
    assert found.startswith("✅"), found
