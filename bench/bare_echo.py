"""A bare aiogram echo bot on long polling: the floor of the owner's stack for bench/startup.py.

    JUMYS_BOT_TOKEN=... JUMYS_API_URL=http://... python bench/bare_echo.py

aiogram as it is shipped. No database, no catalogues, no middlewares: one handler that answers.
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["JUMYS_API_URL"]))
    bot = Bot(os.environ["JUMYS_BOT_TOKEN"], session=session)
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    await dp.start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(main())
