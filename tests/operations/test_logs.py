"""The production log: one JSON line per update with its latency, and nothing personal in it."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramServerError
from aiogram.methods import SendMessage, SetWebhook, TelegramMethod
from aiogram.types import Update, User
from support.limits import NEVER_LIMIT

from bot.api_errors import failure
from bot.logs import configure_logging
from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession
from bot.telegram.updates import UpdateFactory
from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.question_kinds import Answer, Nav
from handlers.citizen.results import ApplyFor

TODAY = date(2026, 3, 2)
IIN = "700510300019"
FIRST, LAST, USERNAME = "Гүлнара", "Сейітова", "gulnara_almaty"
PHONE_TYPED = "8 (701) 234-56-78"
SECRETS = [IIN, FIRST, LAST, USERNAME, "7012345678", "701 234", "234-56-78"]


class NamedCitizen(UpdateFactory):
    @property
    def user(self) -> User:
        return User(
            id=self.user_id,
            is_bot=False,
            first_name=FIRST,
            last_name=LAST,
            username=USERNAME,
            language_code="ru",
        )


class FailingOnce(OfflineSession):
    """Telegram fails every attempt at one reply (the one after `fail_after` messages)."""

    def __init__(self, fail_after: int) -> None:
        super().__init__()
        self.fail_after = fail_after

    async def before_answer(self, method: TelegramMethod[Any]) -> None:
        if isinstance(method, SendMessage) and len(self.sent()) == self.fail_after:
            self.fail_after = -1
            raise TelegramServerError(method, f"Bad Gateway for text {method.text!r}")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    stream = io.StringIO()
    configure_logging(logging.DEBUG, stream)
    try:
        yield stream
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)


async def test_a_whole_application_leaves_no_iin_phone_or_name_in_the_log(
    tmp_path: Path, captured: io.StringIO
) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    settings = Settings(_env_file=None)
    session = FailingOnce(fail_after=2)
    bot = build_bot(settings, session, retry_delays=())
    # The updates come at once: the flood limit, which would slow them down, is lifted.
    dp = build_dispatcher(db, settings, clock=lambda: TODAY, flood_rate=NEVER_LIMIT)
    citizen = NamedCitizen(user_id=5150, language_code="ru")
    updates: list[Update] = [
        citizen.text("/start"),
        citizen.callback(ConsentChoice(agree=True).pack()),
        citizen.text(IIN),  # its reply fails: the error is logged with a traceback
        citizen.callback(Answer(step="region", value="almaty_city").pack()),
        citizen.callback(Answer(step="employment", value="unemployed_registered").pack()),
        citizen.callback(Answer(step="lost_job", value="no").pack()),
        citizen.callback(Answer(step="profession", value="other").pack()),
        citizen.callback(Nav(action="groups_none").pack()),
        citizen.callback(ApplyFor(programme="kumis_jas").pack()),
        citizen.text(PHONE_TYPED),
        citizen.callback(ApplyNav(action="submit", programme="kumis_jas").pack()),
        citizen.text(f"Меня зовут {FIRST} {LAST}, ИИН {IIN}, тел. {PHONE_TYPED}"),
        citizen.text("/my"),
    ]
    try:
        for update in updates:
            await dp.feed_update(bot, update)
        [application] = await db.applications.list_for_user(5150)
        assert application.phone == "+77012345678"  # the data is there, just not in the log
    finally:
        await db.close()

    log_text = captured.getvalue()
    lines = [json.loads(line) for line in log_text.splitlines()]
    per_update = [line for line in lines if line["logger"] == "jumys.updates"]
    assert [line["update_id"] for line in per_update] == [u.update_id for u in updates]
    assert all(isinstance(line["latency_ms"], float) for line in per_update)
    failed = [
        (line["update_id"], line.get("error"))
        for line in per_update
        if line["outcome"] != "handled"
    ]
    assert failed == [(updates[2].update_id, "TelegramServerError")]
    assert any("exc" in line for line in lines)  # the failed reply was logged, with a traceback
    for secret in SECRETS:
        assert secret not in log_text, f"{secret!r} is in the log"


def entry(text: str) -> dict[str, Any]:
    return dict(json.loads(text))


def test_other_libraries_records_are_masked_too(captured: io.StringIO) -> None:
    logging.getLogger("aiohttp.client").warning(
        "request failed for %s and +7 701 234 56 78", "ИИН 700510300017"
    )
    message = entry(captured.getvalue().splitlines()[-1])["msg"]
    assert "700510300017" not in message and "701 234 56 78" not in message
    assert "[iin]" in message and "[phone]" in message


@pytest.mark.parametrize(
    "created",
    [
        1_700_000_000.0,
        1_700_000_000.001,
        1_700_000_000.9995,
        1_700_000_000.9999996,
        1_767_225_599.5,
    ],
)
def test_every_line_is_stamped_in_utc_to_the_millisecond(
    captured: io.StringIO, created: float
) -> None:
    record = logging.LogRecord("jumys.test", logging.INFO, "", 0, "stamped", None, None)
    record.created = created
    logging.getLogger("jumys.test").handle(record)
    stamp = entry(captured.getvalue().splitlines()[-1])["ts"]
    assert stamp == datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


def test_the_log_says_why_telegram_refused_a_set_up_call() -> None:
    """'could not set the webhook (TelegramBadRequest)' told the operator nothing to fix."""
    refused = TelegramBadRequest(
        SetWebhook(url="http://bot.akimat.kz/hook"),
        "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    )
    assert failure(refused) == (
        "TelegramBadRequest: Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    )
    assert failure(TimeoutError()) == "TimeoutError"
