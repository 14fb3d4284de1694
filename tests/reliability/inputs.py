"""What people (and forgers) may send the bot, as hypothesis strategies, and the updates they make.

Text in any script and adversarial characters (zero-width and direction marks, RTL letters, emoji
with joiners, control characters), up to Telegram's 4,096 characters; answers that look right
(IINs, dates, months, phones); known, unknown and upper-case commands, citizens' and staff's,
with arguments and @mentions; forged and stale button data (real payloads with wrong values,
staff buttons, known prefixes with the wrong parts, random bytes; always the ≤ 64 bytes Telegram
allows); stickers, photos, voice, documents, locations, own and other people's contacts, edited
messages. Each in the private chat, in some other group, or in the staff chat.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiogram.types import Chat, Location, Update
from hypothesis import strategies as st

import bot.rules
from bot.outbox.card import Review, ReviewAction
from bot.telegram.updates import UpdateFactory
from bot.words.buttons import MyApplication
from handlers.citizen.account import Menu
from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.language import LanguageChoice
from handlers.citizen.privacy import ForgetChoice
from handlers.citizen.question_kinds import Answer, ChangeAnswer, Nav, ShowResults, step_name
from handlers.citizen.questions import Ask
from handlers.citizen.results import ApplyFor
from handlers.staff.access import STAFF_COMMANDS
from handlers.staff.plan import PlanPick
from handlers.staff.reports import ExportPeriod, ExportPick
from handlers.staff.team import Team, TeamAction

from .states import iin

STAFF_CHAT = -100500
OTHER_GROUP = -100777
OTHERS = 600_000_001  # a citizen whose application nobody else may touch

_DATA = Path(bot.rules.__file__).parent / "data"
PROGRAMMES: list[str] = [
    p["id"] for p in tomllib.loads((_DATA / "programmes.toml").read_text())["programme"]
]
REGIONS: list[str] = [
    r["slug"] for r in tomllib.loads((_DATA / "regions.toml").read_text())["region"]
]


@dataclass(frozen=True)
class Action:
    """One update, described so that a failing example reads well: its `kind`, its text or
    button data, `where` it comes from (private, group, staff_chat), the message it is on."""

    kind: str
    value: str = ""
    where: str = "private"
    message_id: int = 1


any_char = st.characters(codec="utf-8")  # Telegram sends valid UTF-8 only
ADVERSARIAL_CHARS = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width
    "\u202e\u202d\u200f\u200e\u2066\u2069"  # direction overrides and marks
    "\u05d0\u05d1\u0627\u0644\u0639\u0631\u0628\u064a\u0629"  # Hebrew and Arabic letters
    "👍👨‍👩‍👧🇰🇿🏳️‍🌈\U0001f600\u2764\ufe0f"  # emoji with joiners and flags
    "\u0301\u0308"  # combining marks
    "әғқңөұүһі ӘҒҚҢӨҰҮҺІ абвгд ЁЖЩЪ"
    "\x00\x01\x1b\t\r\n\u2028"
    "<>&\"'`*_[]()~|#+-=.!{}/\\@:;%$"
)
ADVERSARIAL = [
    "",
    " ",
    "\n\n\n",
    "\x00",
    "870510300012",
    "870510300013",
    "000000000000",
    "9999999999999",
    "31.02.2000",
    "00.00.0000",
    "07.03.1972",
    "1.1.1900",
    "06.2024",
    "+7 (701) 234-56-78",
    "8 800 000 00 00",
    "+1 202 555 0100",
    "' OR 1=1; DROP TABLE applications; --",
    "<b>bold</b> <a href='tg://user?id=1'>x</a>",
    "*bold* _it_ `code` [link](http://x)",
    "{number} {programme} {} %s %(x)s",
    "${jndi:ldap://example.org/a}",
    "\u202eRTL override",
    "a\u200db\u200c\u2060c",
    "🙂👨‍👩‍👧‍👦🇰🇿",
    "Қазақстан Республикасы ӘҒҚҢӨҰҮҺІ",
    "Назад",
    "⬅️ Назад",
    "Артқа",
    "да",
    "Жоқ",
    "999999999999999999999",
    "NaN",
]
texts = st.one_of(
    st.text(alphabet=any_char, max_size=200),
    st.text(alphabet=ADVERSARIAL_CHARS + string.digits, min_size=1, max_size=40),
    st.sampled_from(ADVERSARIAL),
    # Long messages up to Telegram's 4,096 characters, cheaply: a piece repeated.
    st.builds(
        lambda piece, n: (piece * n)[:4096],
        st.text(alphabet=any_char | st.sampled_from(ADVERSARIAL_CHARS), min_size=1, max_size=8),
        st.integers(500, 4096),
    ),
    # Answers that look right: IINs, dates, months, phone numbers.
    st.from_regex(r"\A[0-9]{12}\Z"),
    st.just(iin("700510", 3)),
    st.builds(
        lambda y, m, d: f"{d:02}.{m:02}.{y}",
        st.integers(1900, 2100),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
    st.builds(lambda m, y: f"{m:02}.{y}", st.integers(0, 13), st.integers(1950, 2100)),
    st.from_regex(r"\A\+?[78][ (]?7[0-9]{2}\)?[ -]?[0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{2}\Z"),
)

CITIZEN_COMMANDS = ["start", "help", "my", "language", "privacy", "forget", "cancel"]
commands = st.one_of(
    st.sampled_from(["/start ref123", "/", "//start", "/start@jumys_bot", "/my@another_bot"]),
    st.builds(
        lambda name, at, args: f"/{name}{at}{args}",
        st.one_of(
            st.sampled_from(CITIZEN_COMMANDS + list(STAFF_COMMANDS)),
            st.sampled_from(CITIZEN_COMMANDS + list(STAFF_COMMANDS)).map(str.upper),
            st.from_regex(r"\A[a-zA-Z0-9_]{1,32}\Z"),
            st.text(max_size=10),
        ),
        st.sampled_from(["", "", "@jumys_bot", "@other_bot"]),
        st.one_of(
            st.just(""),
            st.builds(" {}".format, st.integers(-(10**12), 10**12)),
            st.builds(" {}".format, st.text(max_size=30)),
            st.builds(lambda n, t: f" {n} {t}", st.integers(-5, 10**6), st.text(max_size=30)),
        ),
    ),
)

words = st.text(alphabet=string.ascii_letters + string.digits + "_-ыә👍", max_size=12)
ids = st.integers(-(2**40), 2**40) | st.just(2**62)


def _fits(data: str) -> bool:
    return 0 < len(data.encode()) <= 64  # what Telegram lets a button carry


def _packed(make: Callable[..., Any], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """A real payload with wrong (or right) values; what cannot be packed becomes "x"."""

    def pack(values: dict[str, Any]) -> str:
        try:
            return str(make(**values).pack())
        except ValueError:  # a ':' in a value, or over 64 bytes
            return "x"

    return st.fixed_dictionaries(fields).map(pack)


CALLBACK_PREFIXES = [
    "lang",
    "cons",
    "ans",
    "nav",
    "chg",
    "res",
    "apply",
    "apn",
    "my",
    "menu",
    "forget",
    "rv",
    "tm",
    "pl",
    "ex",
]  # citizens', staff's
STEPS = [step_name(s) for s in Ask.__states__] + ["moon"]
payloads = st.one_of(
    _packed(LanguageChoice, code=st.sampled_from(["kk", "ru", "en", ""]) | words),
    _packed(ConsentChoice, agree=st.booleans()),
    _packed(
        Answer,
        step=st.sampled_from(STEPS) | words,
        value=st.sampled_from([*REGIONS, "male", "female", "higher", "no", "yes"]) | words,
    ),
    _packed(
        Nav,
        action=st.sampled_from(["back", "page", "no_iin", "groups_done", "groups_none"]) | words,
        page=st.integers(-5, 10**6),
    ),
    _packed(ChangeAnswer, step=st.sampled_from(STEPS) | words),
    st.just(ShowResults().pack()),
    _packed(ApplyFor, programme=st.sampled_from([*PROGRAMMES, "moon_base"]) | words),
    _packed(
        ApplyNav,
        action=st.sampled_from(["phone", "cancel", "back", "submit", "skip"]) | words,
        programme=st.sampled_from(PROGRAMMES) | words,
    ),
    _packed(
        MyApplication,
        action=st.sampled_from(["withdraw", "keep", "withdraw_yes", "answer", "my"]) | words,
        app_id=st.integers(-1, 40) | ids,
    ),
    _packed(Menu, action=st.sampled_from(["my", "list"]) | words),
    _packed(ForgetChoice, confirm=st.booleans()),
    # Staff buttons a citizen should never have, forged
    _packed(
        Review,
        action=st.sampled_from(list(ReviewAction)),
        app_id=st.integers(0, 3) | ids,
        code=words,
    ),
    _packed(
        Team,
        action=st.sampled_from(list(TeamAction)),
        user_id=ids,
        region=st.sampled_from(REGIONS) | words,
        page=st.integers(-1, 99),
    ),
    _packed(
        PlanPick,
        programme=st.sampled_from(PROGRAMMES) | words,
        region=st.sampled_from(REGIONS) | words,
        page=st.integers(-1, 99),
    ),
    _packed(ExportPick, period=st.sampled_from(list(ExportPeriod))),
    # A known prefix with the wrong number or kind of parts
    st.builds(
        lambda prefix, rest: f"{prefix}:{rest}",
        st.sampled_from(CALLBACK_PREFIXES),
        st.text(max_size=20),
    ),
    st.text(alphabet=any_char, min_size=1, max_size=64),
).filter(_fits)

# Mostly the private chat, where citizens talk.
PLACES = st.sampled_from(["private", "private", "private", "private", "group", "staff_chat"])
actions = st.one_of(
    st.builds(Action, kind=st.just("text"), value=texts, where=PLACES),
    st.builds(Action, kind=st.just("text"), value=commands, where=PLACES),
    st.builds(
        Action,
        kind=st.just("button"),
        value=payloads,
        where=PLACES,
        message_id=st.integers(1, 1100),  # also the buttons of old messages
    ),
    st.builds(Action, kind=st.just("edited"), value=texts | commands, where=PLACES),
    st.builds(
        Action,
        kind=st.sampled_from(["sticker", "photo", "voice", "document", "location"]),
        where=PLACES,
    ),
    st.builds(
        Action,
        kind=st.just("own contact"),
        value=st.sampled_from(ADVERSARIAL[8:16]) | st.from_regex(r"\A\+?77[0-9]{9}\Z"),
        where=PLACES,
    ),
    st.builds(
        Action, kind=st.just("someone's contact"), value=st.just("+77017654321"), where=PLACES
    ),
)


def update_for(action: Action, talk: UpdateFactory) -> Update:
    """The update `action` makes, from the user of `talk`, in the chat it names."""
    if action.kind == "text":
        update = talk.text(action.value)
    elif action.kind == "button":
        update = talk.callback(action.value, message_id=action.message_id)
    elif action.kind == "own contact":
        update = talk.contact(action.value)
    elif action.kind == "someone's contact":
        update = talk.contact(action.value, owner_id=OTHERS)
    elif action.kind == "edited":
        update = talk.edited(action.value)
    elif action.kind == "location":
        update = talk.message(location=Location(latitude=43.25, longitude=76.9))
    else:
        update = getattr(talk, action.kind)()
    return update if action.where == "private" else _moved(update, chat_of(action, talk.user_id))


def chat_of(action: Action, user_id: int) -> int:
    return {"private": user_id, "group": OTHER_GROUP, "staff_chat": STAFF_CHAT}[action.where]


def _moved(update: Update, chat_id: int) -> Update:
    chat = Chat(id=chat_id, type="supergroup")
    moved: dict[str, Any] = {}
    for name in ("message", "edited_message"):
        message = getattr(update, name)
        if message is not None:
            moved[name] = message.model_copy(update={"chat": chat})
    query = update.callback_query
    if query is not None and query.message is not None:
        moved["callback_query"] = query.model_copy(
            update={"message": query.message.model_copy(update={"chat": chat})}
        )
    return update.model_copy(update=moved)
