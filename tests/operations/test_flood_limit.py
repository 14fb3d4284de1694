from __future__ import annotations

import itertools
from datetime import UTC, datetime

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import Chat, Message, Update, User

from bot.i18n import UserLanguageMiddleware, get_i18n
from bot.offline_session import OfflineSession
from bot.throttling import FloodLimit

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


def echo_dispatcher(clock: FakeClock) -> tuple[Dispatcher, list[tuple[int, str]]]:
    handled: list[tuple[int, str]] = []
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> None:
        assert message.from_user is not None and message.text is not None
        handled.append((message.from_user.id, message.text))

    dp = Dispatcher()
    UserLanguageMiddleware(get_i18n()).setup(dp)
    FloodLimit(clock=clock).setup(dp)
    dp.include_router(router)
    return dp, handled


async def test_a_flooding_user_is_cut_to_the_burst_and_told_once() -> None:
    clock = FakeClock()
    dp, handled = echo_dispatcher(clock)
    session = OfflineSession()
    bot = Bot("1:offline", session=session)
    for n in range(50):
        await dp.feed_update(bot, text_update(7, f"spam {n}"))
    assert [text for _, text in handled] == [f"spam {n}" for n in range(10)]
    notices = session.sent()
    assert len(notices) == 1
    assert notices[0].params["chat_id"] == 7
    # In the citizen's language, not the English of the source.
    assert notices[0].params["text"].startswith("Вы пишете очень быстро.")


async def test_other_users_are_not_slowed_by_a_flooding_one() -> None:
    clock = FakeClock()
    dp, handled = echo_dispatcher(clock)
    bot = Bot("1:offline", session=OfflineSession())
    for n in range(50):
        await dp.feed_update(bot, text_update(7, f"spam {n}"))
        if n % 10 == 0:
            await dp.feed_update(bot, text_update(8, f"answer {n}"))
    assert [text for user, text in handled if user == 8] == [
        f"answer {n}" for n in range(0, 50, 10)
    ]


async def test_a_flooding_user_who_slows_down_is_served_again() -> None:
    clock = FakeClock()
    dp, handled = echo_dispatcher(clock)
    session = OfflineSession()
    bot = Bot("1:offline", session=session)
    for n in range(30):
        await dp.feed_update(bot, text_update(7, f"spam {n}"))
    handled.clear()
    clock.advance(1.0)
    for text in ("one", "two", "three"):
        await dp.feed_update(bot, text_update(7, text))
    assert [text for _, text in handled] == ["one", "two"]  # 2 a second


async def test_the_notice_is_repeated_at_most_once_a_minute() -> None:
    clock = FakeClock()
    dp, _ = echo_dispatcher(clock)
    session = OfflineSession()
    bot = Bot("1:offline", session=session)
    for _second in range(120):
        for n in range(20):
            await dp.feed_update(bot, text_update(7, f"spam {n}"))
        clock.advance(1.0)
    assert len(session.sent()) == 2


async def test_no_notice_is_posted_into_a_group() -> None:
    clock = FakeClock()
    dp, handled = echo_dispatcher(clock)
    session = OfflineSession()
    bot = Bot("1:offline", session=session)
    for n in range(30):
        await dp.feed_update(bot, text_update(7, f"spam {n}", chat_type="group"))
    assert len(handled) == 10
    assert session.sent() == []
