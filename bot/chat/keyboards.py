"""aiogram's inline keyboard builder, without its quadratic copying.

`KeyboardBuilder.add` deep-copies the whole keyboard for every button it adds, and `as_markup`
copies it again: building the 20-button region keyboard cost more than the rest of an update
(bench/conversation.py). Buttons are frozen pydantic models, so sharing them between builders is
safe: copying the rows is enough.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder


class KeyboardBuilder(InlineKeyboardBuilder):
    """Same API as `InlineKeyboardBuilder` (`button`, `row`, `adjust`, `as_markup`)."""

    def export(self) -> list[list[InlineKeyboardButton]]:
        return [list(row) for row in self._markup]
