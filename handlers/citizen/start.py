"""/start and /language: pick a language, then consent, then the questionnaire."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import LANGUAGES, _, language_from_telegram
from bot.i18n import Catalogues as I18n
from bot.storage.database import Database
from bot.storage.models import User
from bot.words.names import programme_name
from handlers.citizen import commands
from handlers.citizen.asking import repeat_question
from handlers.citizen.consent import begin
from handlers.citizen.language import LanguageChoice, language_keyboard, language_question
from handlers.citizen.states import Applying, Flow
from handlers.citizen.talk import Clock, say
from handlers.citizen.whereabouts import stale_button, where_we_are

APPLYING_STATES = frozenset(state.state for state in Applying.__all_states__)


async def start(
    message: Message,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    i18n: I18n,
    account: User | None = None,
) -> None:
    assert message.from_user is not None
    language = account.language if account is not None else None
    if language not in LANGUAGES:
        language = language_from_telegram(message.from_user)
        if language is None:
            await state.set_state(Flow.language)
            await say(message, bot, language_question(), language_keyboard())
            return
        await db.users.set_language(message.from_user.id, language)
    with i18n.use_locale(language):
        if await _resume_application(message, bot, state):
            return
        await begin(message, bot, state, db, clock)


async def _resume_application(message: Message, bot: Bot, state: FSMContext) -> bool:
    """/start while applying goes back to the application, with the phone and comment already
    typed, instead of back to the questions (which dropped them)."""
    if (await state.get_state() or "") not in APPLYING_STATES:
        return False
    programme = str(((await state.get_data()).get("apply") or {}).get("programme") or "")
    if not programme:
        return False
    await say(
        message,
        bot,
        _("You are applying for {programme}; let's finish. /cancel stops the application.").format(
            programme=programme_name(programme)
        ),
    )
    await where_we_are(message, bot, state)
    return True


class LanguageUnknown(Filter):
    """Someone new whose Telegram speaks neither Kazakh nor Russian (often English) and who has
    not chosen: whatever they send, they are asked the language (in both) before anything
    else, rather than answered in Kazakh; again for every message until they choose."""

    async def __call__(
        self, message: Message, state: FSMContext, account: User | None = None
    ) -> bool:
        if account is not None and account.language in LANGUAGES:
            return False
        if language_from_telegram(message.from_user) is not None:
            return False
        return await state.get_state() in (None, Flow.language.state)


async def language_first(message: Message, bot: Bot, state: FSMContext) -> None:
    await state.set_state(Flow.language)
    await say(message, bot, language_question(), language_keyboard())


async def choose_language(message: Message, bot: Bot) -> None:
    await say(message, bot, language_question(), language_keyboard())


async def language_chosen(
    callback: CallbackQuery,
    callback_data: LanguageChoice,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    i18n: I18n,
) -> None:
    await db.users.set_language(callback.from_user.id, callback_data.code)
    # The rest of this update already speaks the new language.
    with i18n.use_locale(callback_data.code):
        await say(callback, bot, _("Done: from now on I speak your language."))
        current = await state.get_state()
        if current in (None, Flow.language.state, Flow.consent.state):
            await begin(callback, bot, state, db, clock)
        elif not await repeat_question(callback, bot, state):
            await stale_button(callback, bot, state, announce=False)


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(start, commands.START.filter())
    router.message.register(
        language_first, LanguageUnknown(), ~commands.START.filter(), ~commands.LANGUAGE.filter()
    )
    router.message.register(choose_language, commands.LANGUAGE.filter())
    router.callback_query.register(language_chosen, LanguageChoice.filter(F.code.in_(LANGUAGES)))
    return router
