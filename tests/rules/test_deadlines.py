"""The deadlines' clocks: working days skip the weekend (Kazakhstan time), the targets come
from deadlines.toml with their sources, never looser than the legal clocks, and settings
override them."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.outbox.deadlines import deadlines_of
from bot.rules import RulesError, load_rules
from bot.rules.deadlines import add_working_days, working_days_before
from bot.rules.loader import DATA_DIRECTORY
from bot.settings import Settings


def utc(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)  # 2 March 2026 is a Monday


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (utc(2, 9), 1, utc(3, 9)),  # Monday to Tuesday
        (utc(6, 9), 1, utc(9, 9)),  # Friday to Monday: the weekend does not count
        (utc(6, 9), 3, utc(11, 9)),  # Friday to Wednesday
        # Saturday 14:00 in Astana: the day counts from Monday, ends Monday at midnight there.
        (utc(7, 9), 1, utc(9, 19)),
    ],
)
def test_working_days_skip_the_weekend(start: datetime, days: int, due: datetime) -> None:
    assert add_working_days(start, days) == due


def test_whatever_began_before_the_cutoff_has_waited_longer_than_the_target() -> None:
    monday = utc(9, 10)
    cutoff = working_days_before(monday, 1)
    assert cutoff == utc(6, 10)  # Friday, same hour
    assert add_working_days(cutoff, 1) == monday


def test_the_targets_follow_the_legal_clocks_with_their_sources() -> None:
    deadlines = load_rules().deadlines
    documents = load_rules().documents
    assert deadlines.queued_working_days == documents.vacancies_within_days == 1
    assert deadlines.in_review_working_days == documents.status_within_days == 3
    assert (deadlines.remind_after_days, deadlines.return_after_days) == (3, 4)
    assert "1 working day" in deadlines.queued_source
    assert "3 working days" in deadlines.in_review_source
    assert "No act" in deadlines.needs_info_source


def test_a_target_looser_than_the_law_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIRECTORY, data)
    toml = data / "deadlines.toml"
    toml.write_text(
        toml.read_text("utf-8").replace("working_days = 3", "working_days = 5"), "utf-8"
    )
    with pytest.raises(RulesError, match=r"deadlines.toml: in_review.working_days: looser"):
        load_rules(data)


def test_settings_override_each_target_and_leave_the_rest() -> None:
    settings = Settings(
        _env_file=None, deadline_queued_working_days=2, deadline_return_after_days=10
    )
    deadlines = deadlines_of(settings)
    assert deadlines.queued_working_days == 2
    assert deadlines.return_after_days == 10
    assert deadlines.in_review_working_days == 3
    assert deadlines.remind_after_days == 3


def test_a_target_of_zero_days_is_refused() -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        Settings(_env_file=None, deadline_remind_after_days=0)
