"""Words a native speaker would write (issue 17, point 8), at the units that own them, in kk and
ru: who a programme is for, each programme in its own words and in the third person; a centre's
details older than 2024 to be checked by phone before going; «Мансап» only in Kazakh."""

from __future__ import annotations

from datetime import date

import pytest
from babel.messages.pofile import read_po
from support.client import ChatClient

from bot.i18n import compile_catalogs, use_locale
from bot.rules import evaluate
from bot.rules.model import Code, Verdict
from bot.rules.profile_json import salvage_profile
from bot.words.labels import GROUPS
from bot.words.next_steps import centre_contacts
from bot.words.verdicts import reason
from locales import LOCALES_DIR

ON = date(2026, 3, 2)


def _forty_in_no_group() -> list[Verdict]:
    answers, _dropped = salvage_profile(
        {
            "birth_date": "1986-01-10",
            "sex": "male",
            "region": "almaty_city",
            "employment": "unemployed_registered",
            "groups": [],
            "wants_own_business": True,
        }
    )
    return list(evaluate(answers, ON).verdicts)


def _who_for(programme: str) -> str:
    [verdict] = [v for v in _forty_in_no_group() if v.programme == programme]
    [line] = [reason(c) for c in verdict.criteria if c.code is Code.TARGET_GROUP]
    return line


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_who_a_programme_is_for_is_each_programme_s_own_line_in_the_third_person(
    language: str,
) -> None:
    compile_catalogs()
    with use_locale(language):
        lines = {p: _who_for(p) for p in ("social_jobs", "business_grant", "resettlement")}
        first_person = [str(label) for label in GROUPS.values()]
    assert len(set(lines.values())) == 3, lines
    moving = {"ru": "трудоизбыточных", "kk": "жұмыс күші артық"}[language]
    assert moving in lines["resettlement"]
    assert moving not in lines["social_jobs"] and moving not in lines["business_grant"]
    for line in lines.values():
        assert not any(label in line for label in first_person), line


@pytest.mark.parametrize(
    ("language", "check"),
    [
        (
            "ru",
            "⚠️ Часть этих сведений — 2019 года, с тех пор они могли измениться: перед тем как "
            "идти, уточните их по телефону в едином контакт-центре 1414 (звонок бесплатный).",
        ),
        (
            "kk",
            "⚠️ Бұл мәліметтердің кейбірі 2019 жылғы, содан бері өзгеруі мүмкін: барар алдында "
            "бірыңғай байланыс орталығынан 1414 нөмірі бойынша телефонмен нақтылап алыңыз "
            "(қоңырау тегін).",
        ),
    ],
)
def test_a_centre_address_from_2019_is_to_be_checked_by_phone_before_going(
    language: str, check: str
) -> None:
    compile_catalogs()
    with use_locale(language):
        astana = centre_contacts("astana_city").splitlines()
        almaty = centre_contacts("almaty_city")
    assert check in astana
    assert "⚠️" not in almaty  # its facts are of 2026


def _translations(language: str) -> list[str]:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    texts: list[str] = []
    for message in catalogue:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts += [str(s) for s in strings]
    return texts


def test_the_kazakh_name_mansap_is_in_kazakh_texts_only() -> None:
    assert not [text for text in _translations("ru") if "Мансап" in text]
    assert any("Мансап" in text or "мансап" in text for text in _translations("kk"))


async def test_help_names_the_career_centre_in_the_reader_s_language(chat: ChatClient) -> None:
    await chat.send("/help")
    if chat.factory.language_code == "ru":
        assert "карьерный центр" in chat.text and "Мансап" not in chat.text
    else:
        assert "мансап орталығы" in chat.text.lower()
