"""/start and /language: pick a language, then consent, then the questionnaire."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart, Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.chat.callbacks import LanguageChoice
from bot.chat.cards import programme_name
from bot.chat.consent import consent_keyboard, consent_text
from bot.chat.conversation import Clock, ask, load_profile, profile_of, repeat_question, say
from bot.chat.language import language_keyboard, language_question
from bot.chat.steps import STATE_OF_STEP, Applying, Flow, Step, next_step
from bot.i18n import LANGUAGES, _, language_from_telegram
from bot.i18n import Catalogues as I18n
from bot.rules import needed_fields
from bot.storage.database import Database
from bot.storage.models import User
from handlers.stale import stale_button, where_we_are

APPLYING_STATES = frozenset(state.state for state in Applying.__all_states__)


async def begin(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    """Consent first; then the first unanswered question, or the summary if all are answered."""
    account = await db.users.get(event.from_user.id)  # type: ignore[union-attr]
    if account is None or account.consent_version is None:
        await state.set_state(Flow.consent)
        await say(event, bot, consent_text(), consent_keyboard())
        return
    profile = await load_profile(state)
    if profile.birth_date is None and account.profile:
        # The conversation state was lost or cleared: the users table still has the answers.
        profile = profile_of({"profile": account.profile})
        await state.update_data(profile=account.profile)
    step = next_step(profile, needed_fields(profile, clock()))
    # The step first: if Telegram will not take the greeting, the citizen's next message is
    # still the answer to this step, not lost in a conversation that went nowhere.
    await state.set_state(STATE_OF_STEP[step])
    if step is Step.IIN:
        await say(event, bot, _("Let's find the state employment programmes that fit you."))
    else:
        await say(event, bot, _("Welcome back! Your answers are kept; let's continue."))
    await ask(event, bot, state, step)


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
    router.message.register(start, CommandStart())
    router.message.register(
        language_first, LanguageUnknown(), ~CommandStart(), ~Command("language")
    )
    router.message.register(choose_language, Command("language"))
    router.callback_query.register(language_chosen, LanguageChoice.filter(F.code.in_(LANGUAGES)))
    return router
