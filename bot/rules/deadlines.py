"""The target time of each waiting status (deadlines.toml) and the clocks that count it:
working days (Monday to Friday, Kazakhstan time) for the centre, calendar days for the citizen.

Pure: a waiting start and a moment in, a verdict (or the cut-off before which a start is
overdue) out, so that storage can ask "waiting since before X" and stay an index range.
Public holidays are not known (bot/rules/calendar.py has none): a working-day clock that runs
over one ends up to a day early, never late.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from bot.rules.documents import Documents
from bot.rules.schema import Node

# Kazakhstan has one time zone since 1 March 2024.
KAZAKHSTAN = timezone(timedelta(hours=5))
_DAY_US = 86_400 * 1_000_000
_WEEK_US = 5 * _DAY_US  # working time in a week
# A Monday at midnight, Kazakhstan time: where working time is counted from.
_EPOCH = datetime(2024, 1, 1, tzinfo=KAZAKHSTAN)


def _working_us(moment: datetime) -> int:
    """Working microseconds from the epoch to `moment` (nothing counts on Saturday or Sunday)."""
    elapsed = moment - _EPOCH
    weeks, rest = divmod(elapsed, timedelta(days=7))
    days, into_day = divmod(rest, timedelta(days=1))
    if days >= 5:
        return weeks * _WEEK_US + 5 * _DAY_US
    return weeks * _WEEK_US + days * _DAY_US + into_day // timedelta(microseconds=1)


def _moment(working_us: int) -> datetime:
    """The latest moment with this much working time since the epoch (a Monday's midnight
    rather than the weekend before it)."""
    weeks, rest = divmod(working_us, _WEEK_US)
    return (_EPOCH + timedelta(days=7 * weeks, microseconds=rest)).astimezone(UTC)


def add_working_days(start: datetime, days: int) -> datetime:
    """When `days` working days after `start` end (a start in a weekend counts from Monday)."""
    return _moment(_working_us(start) + days * _DAY_US)


def working_days_before(now: datetime, days: int) -> datetime:
    """The cut-off: whatever started waiting before it has waited more than `days` working
    days at `now`."""
    return _moment(_working_us(now) - days * _DAY_US)


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Targets per waiting status; `overridden` applies the JUMYS_* settings."""

    queued_working_days: int
    in_review_working_days: int
    remind_after_days: int  # a question unanswered this long: the citizen is reminded once
    return_after_days: int  # and this long after the reminder: back to the queue
    queued_source: str = ""
    in_review_source: str = ""
    needs_info_source: str = ""

    def overridden(
        self,
        *,
        queued_working_days: int | None = None,
        in_review_working_days: int | None = None,
        remind_after_days: int | None = None,
        return_after_days: int | None = None,
    ) -> Deadlines:
        return dataclasses.replace(
            self,
            queued_working_days=queued_working_days or self.queued_working_days,
            in_review_working_days=in_review_working_days or self.in_review_working_days,
            remind_after_days=remind_after_days or self.remind_after_days,
            return_after_days=return_after_days or self.return_after_days,
        )

    def cutoffs(self, now: datetime) -> Cutoffs:
        return Cutoffs(
            queued=working_days_before(now, self.queued_working_days),
            in_review=working_days_before(now, self.in_review_working_days),
            needs_info=now - timedelta(days=self.remind_after_days),
        )


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """At one moment: an application of a status waiting since before its cut-off is overdue
    (for needs_info: the citizen has not answered in time)."""

    queued: datetime
    in_review: datetime
    needs_info: datetime

    def of(self, status: str) -> datetime | None:
        """The cut-off of a waiting status; None for a decided one (nothing is due)."""
        return {
            "queued": self.queued,
            "in_review": self.in_review,
            "needs_info": self.needs_info,
        }.get(str(status))

    def overdue(self, status: str, waiting_since: datetime | None) -> bool:
        cutoff = self.of(status)
        return cutoff is not None and waiting_since is not None and waiting_since < cutoff


def _positive(node: Node, name: str) -> int:
    value = node.integer(name)
    if value <= 0:
        raise node.error(name, "must be a positive number of days")
    return value


def read_deadlines(top: Node, documents: Documents) -> Deadlines:
    queued = top.child("queued")
    queued_days = _positive(queued, "working_days")
    if queued_days > documents.vacancies_within_days:
        raise queued.error(
            "working_days",
            f"looser than the legal clock of {documents.vacancies_within_days} working day(s)",
        )
    queued_source = queued.text("source")
    queued.done()
    in_review = top.child("in_review")
    review_days = _positive(in_review, "working_days")
    if review_days > documents.status_within_days:
        raise in_review.error(
            "working_days",
            f"looser than the legal clock of {documents.status_within_days} working day(s)",
        )
    review_source = in_review.text("source")
    in_review.done()
    needs_info = top.child("needs_info")
    remind = _positive(needs_info, "remind_after_days")
    give_back = _positive(needs_info, "return_after_days")
    needs_info_source = needs_info.text("source")
    needs_info.boolean("unverified")
    needs_info.done()
    top.done()
    return Deadlines(
        queued_days,
        review_days,
        remind,
        give_back,
        queued_source,
        review_source,
        needs_info_source,
    )
