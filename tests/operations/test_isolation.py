"""One update at a time per conversation; nothing kept once a conversation is quiet."""

from __future__ import annotations

import asyncio

from aiogram.fsm.storage.base import StorageKey

from bot.telegram.isolation import ConversationIsolation


def key(user: int) -> StorageKey:
    return StorageKey(bot_id=1, chat_id=user, user_id=user)


async def test_one_citizens_updates_wait_for_each_other_in_order() -> None:
    isolation = ConversationIsolation()
    order: list[str] = []

    async def handle(name: str, user: int, seconds: float) -> None:
        async with isolation.lock(key(user)):
            order.append(f"{name} starts")
            await asyncio.sleep(seconds)
            order.append(f"{name} ends")

    await asyncio.gather(handle("first", 7, 0.05), handle("second", 7, 0.0), handle("other", 8, 0))
    assert order.index("first ends") < order.index("second starts")
    assert order.index("other ends") < order.index("first ends")  # not held up by user 7


async def test_no_lock_is_kept_for_a_conversation_that_went_quiet() -> None:
    isolation = ConversationIsolation()
    for user in range(1000):
        async with isolation.lock(key(user)):
            pass
    assert isolation.in_use == 0


async def test_a_failing_update_releases_its_conversation() -> None:
    isolation = ConversationIsolation()
    try:
        async with isolation.lock(key(1)):
            raise ValueError("handler bug")
    except ValueError:
        pass
    assert isolation.in_use == 0
    async with asyncio.timeout(1), isolation.lock(key(1)):
        pass


def test_the_dispatcher_really_uses_it() -> None:
    from aiogram import Dispatcher

    isolation = ConversationIsolation()
    assert Dispatcher(events_isolation=isolation).fsm.events_isolation is isolation
