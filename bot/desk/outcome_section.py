"""The outcome section of an approved application's page: what was recorded (each with who and
when), and the outcomes that may follow, for the form."""

from __future__ import annotations

from bot.i18n import _
from bot.storage.models import Application, AppStatus
from bot.storage.outcomes import NEXT, Outcome
from bot.words import records
from bot.words.formatting import day
from bot.words.outcomes import ENDED_BECAUSE, ended_because, kind_name


def _row(outcome: Outcome) -> dict[str, str]:
    details = [
        outcome.employer or "",
        _("from {date}").format(date=day(outcome.contract_start)) if outcome.contract_start else "",
        ended_because(outcome.reason),
    ]
    return {
        "at": records.local_time(outcome.at),
        "who": outcome.actor_name or records.person(outcome.actor_id, {}),
        "what": kind_name(outcome.kind),
        "details": " · ".join(part for part in details if part),
        "note": outcome.note or "",
    }


def outcome_context(application: Application, outcomes: list[Outcome]) -> dict[str, object]:
    """The outcome section of an application's page: what was recorded, and what may follow."""
    latest = outcomes[-1].kind if outcomes else None
    approved = application.status is AppStatus.APPROVED
    return {
        "outcomes": [_row(outcome) for outcome in outcomes],
        "next_kinds": [(kind.value, kind_name(kind)) for kind in NEXT[latest]] if approved else [],
        "ended_because": [(code, str(text)) for code, text in ENDED_BECAUSE.items()],
        "shown": approved or bool(outcomes),
    }
