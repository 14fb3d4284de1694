"""Citizens for the benchmarks: the full conversation from /start to a submitted application.

Each citizen is a 55-year-old from Almaty who gives an IIN (every citizen a different valid one),
is registered unemployed, has not lost a job lately, works in no listed profession and is in no
special situation, looks at the results, applies for «Күміс жас» with a typed phone number,
skips the comment, sends, and opens /my: 14 updates, the same path a real citizen takes.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.logs import configure_logging
from bot.rules.iin import check_digit
from bot.telegram.updates import UpdateFactory
from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.question_kinds import Answer, Nav, ShowResults
from handlers.citizen.results import ApplyFor

if TYPE_CHECKING:
    from aiogram.types import Update

PROGRAMME = "kumis_jas"
UPDATES_PER_CITIZEN = 14
FIRST_USER_ID = 10_000_000


def valid_iins(century_sex: int = 3) -> Iterator[str]:
    """Valid IINs of men born in May 1970 (55 on the benchmarks' day: «Күміс жас»), day by day
    and serial by serial: about 270,000 of them."""
    for day in range(1, 32):
        for serial in range(10_000):
            first = f"7005{day:02d}{century_sex}{serial:04d}"
            digit = check_digit(first)
            if digit is not None:
                yield first + str(digit)


@dataclass(frozen=True, slots=True)
class Citizen:
    user_id: int
    iin: str

    def conversation(self) -> list[Update]:
        """The citizen's updates, in order; each is sent once the previous one is answered."""
        # Update ids unique across citizens, as Telegram's are (aiogram caches by update id).
        first_id = (self.user_id - FIRST_USER_ID + 1) * 100
        talk = UpdateFactory(
            user_id=self.user_id,
            language_code="ru",
            first_name="Айгүл",
            _update_ids=itertools.count(first_id),
        )
        return [
            talk.text("/start"),
            talk.callback(ConsentChoice(agree=True).pack()),
            talk.text(self.iin),
            talk.callback(Answer(step="region", value="almaty_city").pack()),
            talk.callback(Answer(step="employment", value="unemployed_registered").pack()),
            talk.callback(Answer(step="lost_job", value="no").pack()),
            talk.callback(Answer(step="profession", value="other").pack()),
            talk.callback(Nav(action="groups_none").pack()),
            talk.callback(ShowResults().pack()),
            talk.callback(ApplyFor(programme=PROGRAMME).pack()),
            talk.text("8 701 234 56 78"),
            talk.callback(ApplyNav(action="submit", programme=PROGRAMME).pack()),
            talk.text("/my"),
        ]


def citizens(count: int, first_user_id: int = FIRST_USER_ID) -> list[Citizen]:
    iins = valid_iins()
    return [Citizen(first_user_id + n, next(iins)) for n in range(count)]


def pin_to_one_core() -> int:
    """Run this process (and its SQLite threads) on one core; returns the core."""
    core = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def log_to_null() -> None:
    """The production log configuration, written to /dev/null: its cost is counted."""
    configure_logging("INFO", Path(os.devnull).open("w"))  # noqa: SIM115 - lives as long as the run
