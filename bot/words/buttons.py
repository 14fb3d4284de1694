"""Button payloads that more than one room puts in front of a citizen: a decision notice from the
outbox carries the same «✍️ Answer» button as the citizen's /my list, and one handler takes both."""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# Numbers as a button of ours may carry them: a forged button with a longer number is no button
# of ours, and is answered as an old one. A stored row's id is SQLite's 64-bit INTEGER.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
UserId = Annotated[int, Field(ge=0, le=2**63 - 1)]  # a Telegram user id; 0: none chosen yet
Page = Annotated[int, Field(ge=0, le=1000)]


class MyApplication(CallbackData, prefix="my"):
    """Actions on one of the citizen's applications: withdraw (ask, yes, no), answer a question."""

    action: str
    app_id: RowId
