"""Telegram's limits lifted, for harnesses that tap faster than a person can.

The dispatcher and the bot are the production ones (`bot.telegram.dispatcher`); only the flood
limit and the send schedule are given rates nobody reaches, so a test never sleeps for a slot.
"""

from __future__ import annotations

from bot.telegram.rates import Rate
from bot.telegram.send_limits import SendSchedule

NEVER_LIMIT = Rate(per_second=1e9, burst=1_000_000)


def unlimited_sends() -> SendSchedule:
    return SendSchedule(global_rate=NEVER_LIMIT, private_rate=NEVER_LIMIT, group_rate=NEVER_LIMIT)
