from __future__ import annotations

import itertools
from datetime import UTC, datetime

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import Chat, Message, Update, User

from bot.i18n import get_i18n
from bot.telegram.flood_limit import FloodLimit
from bot.telegram.language import UserLanguageMiddleware
from bot.telegram.offline_session import OfflineSession

from .fakes import FakeClock

_update_ids = itertools.count(1)


def text_update(user_id: int, text: str, chat_type: str = "private") -> Update:
    chat_id = user_id if chat_type == "private" else -user_id
    return Update(
        update_id=next(_update_ids),
        message=Message(
            message_id=next(_update_ids),
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type=chat_type),
            from_user=User(id=user_id, is_bot=False, first_name="A", language_code="ru"),
            text=text,
        ),
    )


class FloodedBot:
    """A dispatcher with only the language and flood-limit middlewares and a handler that
    records `(user, text)` of what got through, on a fake clock and an offline Telegram."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.handled: list[tuple[int, str]] = []
        self.session = OfflineSession()
        self.bot = Bot("1:offline", session=self.session)
        router = Router()

        @router.message(F.text)
        async def echo(message: Message) -> None:
            assert message.from_user is not None and message.text is not None
            self.handled.append((message.from_user.id, message.text))

        self.dp = Dispatcher()
        UserLanguageMiddleware(get_i18n()).setup(self.dp)
        FloodLimit(clock=self.clock).setup(self.dp)
        self.dp.include_router(router)

    async def send(self, user_id: int, text: str, chat_type: str = "private") -> None:
        await self.dp.feed_update(self.bot, text_update(user_id, text, chat_type))


async def test_a_flooding_user_is_cut_to_the_burst_and_told_once() -> None:
    flooded = FloodedBot()
    for n in range(50):
        await flooded.send(7, f"spam {n}")
    assert [text for _, text in flooded.handled] == [f"spam {n}" for n in range(10)]
    notices = flooded.session.sent()
    assert len(notices) == 1
    assert notices[0].params["chat_id"] == 7
    # In the citizen's language, not the English of the source.
    assert notices[0].params["text"].startswith("Вы пишете очень быстро.")


async def test_other_users_are_not_slowed_by_a_flooding_one() -> None:
    flooded = FloodedBot()
    for n in range(50):
        await flooded.send(7, f"spam {n}")
        if n % 10 == 0:
            await flooded.send(8, f"answer {n}")
    assert [text for user, text in flooded.handled if user == 8] == [
        f"answer {n}" for n in range(0, 50, 10)
    ]


async def test_a_flooding_user_who_slows_down_is_served_again() -> None:
    flooded = FloodedBot()
    for n in range(30):
        await flooded.send(7, f"spam {n}")
    flooded.handled.clear()
    flooded.clock.advance(1.0)
    for text in ("one", "two", "three"):
        await flooded.send(7, text)
    assert [text for _, text in flooded.handled] == ["one", "two"]  # 2 a second


async def test_the_notice_is_repeated_at_most_once_a_minute() -> None:
    flooded = FloodedBot()
    for _second in range(120):
        for n in range(20):
            await flooded.send(7, f"spam {n}")
        flooded.clock.advance(1.0)
    assert len(flooded.session.sent()) == 2


async def test_no_notice_is_posted_into_a_group() -> None:
    flooded = FloodedBot()
    for n in range(30):
        await flooded.send(7, f"spam {n}", chat_type="group")
    assert len(flooded.handled) == 10
    assert flooded.session.sent() == []
