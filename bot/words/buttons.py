"""Button payloads that more than one room puts in front of a citizen: a decision notice from the
outbox carries the same «✍️ Answer» button as the citizen's /my list, and one handler takes both."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class MyApplication(CallbackData, prefix="my"):
    """Actions on one of the citizen's applications: withdraw (ask, yes, no), answer a question."""

    action: str
    app_id: int
