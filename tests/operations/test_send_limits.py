from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage, TelegramMethod

from bot.telegram.offline_session import OfflineSession, SentRequest
from bot.telegram.send_limits import SendLimits

from .fakes import FakeClock


class StampedSession(OfflineSession):
    """Records the fake time of each request; answers 429 to the first `flood_waits` sends."""

    def __init__(self, clock: FakeClock, flood_waits: int = 0, retry_after: int = 5) -> None:
        super().__init__(on_request=self._stamp)
        self.clock = clock
        self.flood_waits = flood_waits
        self.retry_after = retry_after
        self.stamps: list[tuple[float, SentRequest]] = []

    async def before_answer(self, method: TelegramMethod[Any]) -> None:
        if isinstance(method, SendMessage) and self.flood_waits > 0:
            self.flood_waits -= 1
            raise TelegramRetryAfter(method, "Too Many Requests", self.retry_after)

    def _stamp(self, request: SentRequest) -> None:
        self.stamps.append((self.clock(), request))

    def times(self, method: str = "sendMessage") -> list[float]:
        return [at - 1000.0 for at, request in self.stamps if request.method == method]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def limited_bot(session: StampedSession, clock: FakeClock) -> Bot:
    bot = Bot("1:offline", session=session)
    SendLimits(clock=clock, sleep=clock.sleep).setup(bot)
    return bot


@pytest.fixture
async def session(clock: FakeClock) -> AsyncIterator[StampedSession]:
    yield StampedSession(clock)


async def test_one_chat_gets_a_short_burst_then_one_message_a_second(
    session: StampedSession, clock: FakeClock
) -> None:
    bot = await limited_bot(session, clock)
    for n in range(23):
        await bot.send_message(42, f"message {n}")
    burst = [n / 30 for n in range(20)]  # twenty at once, spaced only by the limit of all chats
    assert session.times() == pytest.approx([*burst, 1.0, 2.0, 3.0], abs=1e-5)


def window_counts(times: list[float], width: float) -> int:
    """The most messages found in any window of `width` seconds starting at a message."""
    return max(sum(1 for t in times if start <= t < start + width - 1e-9) for start in times)


async def test_messages_to_many_chats_never_exceed_thirty_a_second(
    session: StampedSession, clock: FakeClock
) -> None:
    bot = await limited_bot(session, clock)
    for chat_id in range(1, 301):
        await bot.send_message(chat_id, "your application was approved")
    times = session.times()
    assert len(times) == 300
    assert window_counts(times, 1.0) <= 30
    # and the limiter does not slow down more than it must: 300 messages in about 10 s
    assert times[-1] == pytest.approx(299 / 30)


async def test_a_busy_chat_does_not_hold_back_an_idle_one(
    session: StampedSession, clock: FakeClock
) -> None:
    bot = await limited_bot(session, clock)
    limiter = bot.session.middleware[0]
    assert isinstance(limiter, SendLimits)
    # Chat 42 has used its burst: its next message must wait a second ...
    for _ in range(20):
        limiter.schedule.reserve_chat(42, clock())
    assert limiter.schedule.reserve_chat(42, clock()) == pytest.approx(1.0)
    # ... but that wait took no global slot, so chat 7 goes at once.
    await bot.send_message(7, "hello")
    assert session.times() == [0.0]


async def test_a_group_gets_at_most_twenty_messages_a_minute(
    session: StampedSession, clock: FakeClock
) -> None:
    bot = await limited_bot(session, clock)
    for n in range(40):
        await bot.send_message(-100123, f"new application {n}")
    times = session.times()
    assert window_counts(times, 60.0) <= 23  # a burst of 3 plus 20 a minute
    assert window_counts(times[10:], 60.0) <= 20


async def test_button_answers_and_chat_actions_are_never_delayed(
    session: StampedSession, clock: FakeClock
) -> None:
    bot = await limited_bot(session, clock)
    for _ in range(20):
        await bot.answer_callback_query("q1")
        await bot.send_chat_action(42, "typing")
    assert clock.sleeps == []
    assert len(session.requests) == 40


async def test_a_flood_wait_from_telegram_is_waited_out_and_the_message_sent_once(
    clock: FakeClock,
) -> None:
    session = StampedSession(clock, flood_waits=2, retry_after=7)
    bot = await limited_bot(session, clock)
    await bot.send_message(42, "your answer is saved")
    assert [r.text for r in session.sent()] == ["your answer is saved"]
    assert session.times() == [pytest.approx(14.0)]


async def test_a_flood_wait_that_does_not_end_is_given_up_after_the_retries(
    clock: FakeClock,
) -> None:
    session = StampedSession(clock, flood_waits=10, retry_after=1)
    bot = await limited_bot(session, clock)
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(42, "hello")
    assert session.sent() == []


async def test_a_flood_wait_longer_than_a_minute_is_not_waited_inside_a_handler(
    clock: FakeClock,
) -> None:
    session = StampedSession(clock, flood_waits=1, retry_after=3600)
    bot = await limited_bot(session, clock)
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(42, "hello")
    assert clock.sleeps == []
