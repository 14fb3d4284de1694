"""/help and /cancel: what the bot does, and stopping whatever is going on."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from bot.i18n import _
from handlers.citizen import commands
from handlers.citizen.talk import say


def help_text() -> str:
    """What the bot does and its commands; tests/citizen/test_commands.py holds the list to
    handlers/citizen/commands.py's table (one text to translate, so not built from it)."""
    return _(
        "I check which state employment programmes may fit you, explain why, and help you "
        "apply to the career centre («Мансап» орталығы).\n\n"
        "/start — check the programmes (or continue)\n"
        "/my — your applications\n"
        "/summary — one message with your answers and applications, to show at the centre\n"
        "/language — change the language\n"
        "/privacy — what we keep about you\n"
        "/forget — delete your data\n"
        "/cancel — stop the current step\n\n"
        "Tap the buttons under my messages, or type when I ask you to. "
        "In person: your district career centre, enbek.kz, eGov.kz."
    )


async def show_help(message: Message, bot: Bot) -> None:
    await say(message, bot, help_text())


async def cancel(message: Message, bot: Bot, state: FSMContext) -> None:
    # Only the step is dropped: the answers stay in the data, so /start continues from them.
    applying = bool((await state.get_data()).get("apply"))
    await state.set_state(None)
    await state.update_data(apply=None, answering=None)
    if applying:
        text = _(
            "Stopped: the application was not sent. Your answers to the questions are kept: "
            "send /start to continue, /help for help."
        )
    else:
        text = _("Stopped. Your answers are kept: send /start to continue, /help for help.")
    await say(message, bot, text, ReplyKeyboardRemove())


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_help, commands.HELP.filter())
    router.message.register(cancel, commands.CANCEL.filter())
    return router
