"""Outbox messages: what each kind says, rendered at delivery time in the reader's language.

A message stores its kind, a few ids and its language; the words are chosen when it is sent,
so a citizen reads a decision in the language of their application, and a staff card shows the
waiting time at the moment it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _, get_i18n, ngettext, use_locale
from bot.outbox.card import Review, ReviewAction, card_for, copy_keyboard
from bot.rules import load_rules
from bot.storage.cards import REDRAW_KIND
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus, OutboxDraft, OutboxMessage
from bot.words import reasons
from bot.words import records as words
from bot.words.buttons import MyApplication
from bot.words.desk import NOTIFY, StaffTelegram, open_in_desk
from bot.words.names import programme_name, region_name
from bot.words.next_steps import centre_contacts, next_steps, register_first


class NoticeKind(StrEnum):
    DECISION = "decision"  # to the citizen: approved, declined, or a question
    TRANSFERRED = "transferred"  # to the citizen: passed to another region's career centre
    REOPENED = "reopened"  # to the citizen: a decision is taken back and reviewed again
    ANSWER_REMINDER = "answer_reminder"  # to the citizen: the question still waits (once)
    NO_ANSWER_RETURNED = "no_answer_returned"  # to the citizen: back in the queue without it
    OVERDUE_DIGEST = "staff_overdue_digest"  # to reviewers, supervisors, daily: overdue count
    STAFF_CARD = "staff_card"  # a new application, to the staff chat or its reviewers
    STAFF_ANSWER = "staff_answer"  # to the reviewer who asked: the citizen answered
    STAFF_WITHDRAWN = "staff_withdrawn"  # to the reviewer who asked: the citizen withdrew
    STAFF_EXPIRED = "staff_expired"  # to the reviewer: the claim ran out
    STAFF_NO_ANSWER = "staff_no_answer"  # to the one who asked: no answer came, back in the queue
    STAFF_FORGOTTEN = "staff_forgotten"  # to the reviewer: the citizen deleted their data
    STAFF_UNREACHABLE = "staff_unreachable"  # to the decider: the citizen's message failed
    STAFF_CHAT_LOST = "staff_chat_lost"  # to the admins: the staff chat refuses the bot
    STAFF_MEMBER_LOST = "staff_member_lost"  # to the admins: a reviewer's chat refuses the bot
    STAFF_REDRAW = REDRAW_KIND  # the copies of a card in one chat, edited (or redacted)


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None
    # The application whose card (or citizen's words) this shows: the message sent is kept as
    # a copy of that card, redrawn when it moves and redacted when the data goes.
    card_of: int | None = None


def decision_notice(
    application: Application, to: AppStatus, reason: str | None, language: str | None = None
) -> OutboxDraft | None:
    """The message telling the citizen a decision, in `language` (the one they use with the bot
    now) or else the language of their application; None if they asked to be forgotten."""
    if application.user_id is None:
        return None
    payload = {"application_id": application.id, "status": str(to), "reason": reason or ""}
    return OutboxDraft(
        application.user_id, NoticeKind.DECISION, payload, language or application.language
    )


def citizen_notice(
    application: Application, kind: NoticeKind, language: str | None = None
) -> OutboxDraft | None:
    """A message to the citizen about `application` (a transfer, a reopening), in `language`
    or else that of the application; None if they asked to be forgotten."""
    if application.user_id is None:
        return None
    payload = {"application_id": application.id}
    return OutboxDraft(application.user_id, kind, payload, language or application.language)


def _take_button(application: Application) -> InlineKeyboardMarkup | None:
    if application.status is not AppStatus.QUEUED:
        return None
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("🙋 Take"), callback_data=Review(action=ReviewAction.TAKE, app_id=application.id)
    )
    return builder.as_markup()


def _answer_button(application: Application) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✍️ Answer"), callback_data=MyApplication(action="answer", app_id=application.id)
    )
    return builder.as_markup()


def _reminder(application: Application, question: str | None, days: int) -> Rendered:
    """The question recalled once, with the Answer button, and what happens without an answer."""
    asked = _(
        "Reminder: the career centre is still waiting for your answer about application "
        "{number} ({programme}):\n{question}\nTap “Answer” and type your reply."
    ).format(
        number=application.number,
        programme=programme_name(application.programme),
        question=reasons.readable(question),
    )
    after = ngettext(
        "If there is no answer within {days} day, the application goes back to the queue "
        "as it is, without your answer.",
        "If there is no answer within {days} days, the application goes back to the queue "
        "as it is, without your answer.",
        days,
    ).format(days=days)
    centre = centre_contacts(application.region)
    return Rendered(f"{asked}\n{after}\n\n{centre}", _answer_button(application))


def _returned_unanswered(application: Application) -> Rendered:
    text = _(
        "There was no answer to the career centre's question about your application {number} "
        "({programme}), so it is back in the queue as it is: the centre will review it without "
        "the answer and tell you the decision. /my shows your applications."
    ).format(number=application.number, programme=programme_name(application.programme))
    return Rendered(text)


def _overdue_digest(payload: dict[str, object], telegram: StaffTelegram) -> Rendered:
    """How much of the reader's work is past its target time: a count and the desk's link,
    nothing about anyone."""
    count = int(str(payload.get("count", 0)))
    if payload.get("supervisor"):
        text = _("⏰ Overdue applications in all regions: {count}.").format(count=count)
    else:
        text = _("⏰ Overdue applications in your regions and in your hands: {count}.").format(
            count=count
        )
    address = telegram.address()
    if address is None:
        where = _(
            "Open the queue in the staff desk (an admin knows its address) and tick «Overdue only»."
        )
    else:
        where = _("Open them in the staff desk: {address}").format(
            address=f"{address}/queue?overdue=1"
        )
    return Rendered(f"{text}\n{where}")


def _decision(application: Application, status: str, reason: str, on: date) -> Rendered:
    number, programme = application.number, programme_name(application.programme)
    # Every decision says where the centre is; an approval also what happens next and what
    # to bring, from the rules data, for the application's region and programme.
    centre = centre_contacts(application.region)
    if status == AppStatus.APPROVED:
        if reason:  # the reviewer's note: where to come and when
            told = _(
                "Good news! Your application {number} for {programme} is approved.\n"
                "From the career centre: {note}"
            ).format(number=number, programme=programme, note=reason)
        else:  # the call itself is in "what happens next" below: said once
            told = _("Good news! Your application {number} for {programme} is approved.").format(
                number=number, programme=programme
            )
        after = next_steps(
            application.programme,
            application.region,
            register=register_first(application.profile, application.programme, on),
        )
        return Rendered(f"{told}\n\n{after}")
    if status == AppStatus.REJECTED:
        told = _(
            "Your application {number} for {programme} is declined.\nReason: {reason}\n"
            "If you have questions, call the unified contact centre {phone} (the call is "
            "free). /start shows other programmes."
        ).format(
            number=number,
            programme=programme,
            reason=reasons.readable(reason),
            phone=load_rules().centres.phone.text(get_i18n().current_locale),
        )
        return Rendered(f"{told}\n\n{centre}")
    asked = _(
        "The career centre has a question about your application {number} ({programme}):\n"
        "{question}\nTap “Answer” and type your reply."
    ).format(number=number, programme=programme, question=reasons.readable(reason))
    return Rendered(f"{asked}\n\n{centre}", _answer_button(application))


def _new_in_desk(application: Application, telegram: StaffTelegram) -> Rendered:
    """A new application as staff chats learn of it by default: no personal data at all."""
    header = _("🆕 New application {number} · {region} · {programme}").format(
        number=application.number,
        region=region_name(application.region),
        programme=programme_name(application.programme),
    )
    return Rendered(f"{header}\n{open_in_desk(telegram, application.id)}")


async def _render(
    message: OutboxMessage, db: Database, now: datetime, telegram: StaffTelegram
) -> Rendered | None:
    if message.kind == NoticeKind.OVERDUE_DIGEST:
        return _overdue_digest(message.payload, telegram)
    app_id = message.payload.get("application_id")
    application = await db.applications.get(int(str(app_id))) if app_id is not None else None
    if application is None:
        return None
    kind = message.kind
    if kind == NoticeKind.ANSWER_REMINDER:
        if application.user_id is None or application.status is not AppStatus.NEEDS_INFO:
            return None  # answered, withdrawn or forgotten before the reminder went out
        events = await db.applications.events(application.id)
        questions = [e.reason for e in events if e.to_status is AppStatus.NEEDS_INFO]
        days = int(str(message.payload.get("return_after_days", 0)))
        return _reminder(application, questions[-1] if questions else None, days)
    if kind == NoticeKind.NO_ANSWER_RETURNED:
        return None if application.user_id is None else _returned_unanswered(application)
    if kind == NoticeKind.DECISION:
        if application.user_id is None:
            return None
        return _decision(
            application,
            str(message.payload["status"]),
            str(message.payload.get("reason", "")),
            now.date(),
        )
    if kind in (NoticeKind.TRANSFERRED, NoticeKind.REOPENED):
        return None if application.user_id is None else _to_citizen(application, kind)
    if kind == NoticeKind.STAFF_CARD:
        if application.status is not AppStatus.QUEUED:
            return None  # already taken or withdrawn before the card went out: nothing to do
        if not telegram.review:
            return _new_in_desk(application, telegram)
        return Rendered(
            await card_for(db, application),
            copy_keyboard(application, message.chat_id),
            application.id,
        )
    if kind == NoticeKind.STAFF_REDRAW:
        return await _redrawn(message, application, db, telegram)
    number = application.number
    staff_id = message.payload.get("staff_id")
    names = (
        await db.applications.actor_names([int(str(staff_id))], application.id)
        if staff_id is not None
        else {}
    )
    # In the staff chat the team reads it: say whose application it was.
    whose = (
        " " + _("(reviewer: {reviewer})").format(reviewer=words.person(int(str(staff_id)), names))
        if staff_id is not None and message.chat_id != staff_id
        else ""
    )
    desk = "\n" + open_in_desk(telegram, application.id)
    if kind == NoticeKind.STAFF_ANSWER and not telegram.review:
        # The answer is the citizen's own words: in the desk, not here.
        text = _("The citizen answered the question about {number}.").format(number=number)
        return Rendered(text + whose + desk)
    if kind == NoticeKind.STAFF_ANSWER and application.status is AppStatus.IN_REVIEW:
        text = _("The citizen answered the question about {number}; it is back with you.")
        card = await card_for(db, application)
        markup = copy_keyboard(application, message.chat_id)
        return Rendered(f"{text.format(number=number)}{whose}\n\n{card}", markup, application.id)
    if kind == NoticeKind.STAFF_ANSWER:
        events = await db.applications.events(application.id)
        event_id = message.payload.get("event_id")
        answer = next((e.reason for e in events if e.id == event_id), None) or ""
        text = _(
            "The citizen answered the question about {number}:\n«{answer}»\n"
            "The application is back in the queue."
        ).format(number=number, answer=answer)
        # The answer is the citizen's words: redrawn, and redacted with the rest of the card.
        return Rendered(text + whose, _take_button(application), application.id)
    if kind == NoticeKind.STAFF_NO_ANSWER:
        text = _(
            "The citizen did not answer the question about {number}, even after a reminder: "
            "it is back in the queue."
        ).format(number=number)
        return Rendered(text + whose + ("" if telegram.review else desk))
    if kind == NoticeKind.STAFF_WITHDRAWN:
        text = _("The citizen withdrew application {number}; it needs nothing more.")
        return Rendered(text.format(number=number) + whose)
    if kind == NoticeKind.STAFF_FORGOTTEN:
        # Nothing about the person is left to show, and nothing is to be done with it.
        text = _("Application {number} was withdrawn: the citizen deleted their data.")
        return Rendered(text.format(number=number) + whose)
    if kind == NoticeKind.STAFF_UNREACHABLE and not telegram.review:
        text = _(
            "The citizen could not be reached in Telegram about {number} (they may have "
            "blocked the bot). Please call them: the desk shows the phone."
        )
        return Rendered(text.format(number=number) + whose + desk)
    if kind == NoticeKind.STAFF_UNREACHABLE:
        text = _(
            "The citizen could not be reached in Telegram about {number} (they may have "
            "blocked the bot). Please call them: /app {number} shows the phone."
        )
        return Rendered(text.format(number=number) + whose)
    if kind == NoticeKind.STAFF_CHAT_LOST:
        return Rendered(_staff_chat_lost(message.payload))
    if kind == NoticeKind.STAFF_MEMBER_LOST:
        return Rendered(await _member_lost(db, int(str(staff_id))))
    if kind == NoticeKind.STAFF_EXPIRED and not telegram.review:
        text = _("The review time for {number} ran out, so it is back in the queue.")
        return Rendered(text.format(number=number) + whose + desk)
    if kind == NoticeKind.STAFF_EXPIRED:
        text = _(
            "The review time for {number} ran out, so it is back in the queue. "
            "Take it again to continue."
        )
        # Its Take button must go once someone takes or decides it: kept as a copy.
        return Rendered(
            text.format(number=number) + whose, _take_button(application), application.id
        )
    raise ValueError(f"unknown outbox message kind {kind!r}")


async def _member_lost(db: Database, staff_id: int) -> str:
    member = words.person(staff_id, await db.staff.names([staff_id]))
    return _(
        "{member} cannot be reached in Telegram: they never pressed Start in a private chat "
        "with me, or blocked me. Until they write to me, new applications of their regions go "
        "to their colleagues, or to the admins. Please ask them to open the bot and press Start."
    ).format(member=member)


async def _redrawn(
    message: OutboxMessage, application: Application, db: Database, telegram: StaffTelegram
) -> Rendered:
    """A copy of the card as it is now; with nothing of the person once their data is gone."""
    if message.payload.get("redact") or application.user_id is None:
        text = _(
            "📄 Application {number}: the citizen's personal data has been erased (at their "
            "request, or when the time to keep it ran out), so this card shows nothing more."
        )
        return Rendered(text.format(number=application.number))
    if not telegram.review:  # the centre moved its review to the desk since the card was sent
        text = _("📄 Application {number} is reviewed in the staff desk now.")
        desk = open_in_desk(telegram, application.id)
        return Rendered(f"{text.format(number=application.number)}\n{desk}")
    return Rendered(await card_for(db, application), copy_keyboard(application, message.chat_id))


def _to_citizen(application: Application, kind: str) -> Rendered:
    number, programme = application.number, programme_name(application.programme)
    if kind == NoticeKind.TRANSFERRED:
        text = _(
            "Your application {number} for {programme} is passed to the career centre of "
            "{region}: it will be reviewed there. /my shows your applications."
        ).format(number=number, programme=programme, region=region_name(application.region))
    else:
        text = _(
            "The decision on your application {number} for {programme} is taken back: the "
            "career centre will review it again and tell you. /my shows your applications."
        ).format(number=number, programme=programme)
    return Rendered(text)


def _staff_chat_lost(payload: dict[str, object]) -> str:
    chat, new_id = payload.get("staff_chat"), payload.get("new_chat_id")
    if new_id is not None:
        first = _(
            "The staff chat {chat} became a supergroup with a new id, {new_id}: set "
            "JUMYS_STAFF_CHAT={new_id} on the server and restart the bot."
        ).format(chat=chat, new_id=new_id)
    else:
        # Telegram's own words (English) are in the log, not in a text for people.
        first = _(
            "I cannot post to the staff chat {chat}: add me to it again, or check "
            "JUMYS_STAFF_CHAT on the server."
        ).format(chat=chat)
    until = _("Until then, new applications and answers go to the reviewers privately.")
    return f"{first}\n{until}"


async def render(
    message: OutboxMessage,
    db: Database,
    now: datetime,
    telegram: StaffTelegram = NOTIFY,
) -> Rendered | None:
    """The message in its language; None when it no longer applies (nothing to send).
    Staff messages carry personal data only when `telegram.review` (JUMYS_STAFF_TELEGRAM)."""
    with use_locale(message.language):
        return await _render(message, db, now, telegram)
