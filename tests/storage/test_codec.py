"""Times written to SQLite read back as the same moment, and sort as text in time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage.codec import time_from_db, time_to_db

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)
offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(moments, offsets)
def test_a_time_reads_back_as_the_same_moment_whatever_its_zone(
    moment: datetime, zone: timezone
) -> None:
    text = time_to_db(moment.astimezone(zone))
    assert time_from_db(text) == moment
    assert time_from_db(text).tzinfo is UTC


@given(moments, moments)
def test_stored_times_sort_as_text_in_time_order(first: datetime, second: datetime) -> None:
    assert (time_to_db(first) < time_to_db(second)) == (first < second)


@pytest.mark.parametrize(
    "text", ["2026-03-02", "2026-03-02T09:00:00", "2026-03-02T09:00:00.000000+05:00", "вчера"]
)
def test_text_that_storage_did_not_write_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        time_from_db(text)


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError):
        time_to_db(datetime(2026, 3, 2, 9, 0))
