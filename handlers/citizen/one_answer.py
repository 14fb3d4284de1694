"""The one answer that would change a no or a "check": something the citizen can do."""

from __future__ import annotations

from datetime import date

from bot.rules.model import Evaluation, Profile
from bot.words.results import Hint


def hints_for(profile: Profile, today: date, evaluation: Evaluation) -> tuple[Hint, ...]:
    return ()
