from __future__ import annotations

import pytest

from bot.telegram.rates import Rate, RateBook


def test_a_fresh_key_gets_its_whole_burst_then_one_event_per_interval() -> None:
    book: RateBook[int] = RateBook(Rate(per_second=2.0, burst=3))
    assert [book.try_take(1, 0.0) for _ in range(4)] == [True, True, True, False]
    assert not book.try_take(1, 0.49)
    assert book.try_take(1, 0.5)
    assert not book.try_take(1, 0.5)


def test_a_refused_event_does_not_cost_anything() -> None:
    book: RateBook[int] = RateBook(Rate(per_second=1.0, burst=1))
    assert book.try_take(1, 0.0)
    for _ in range(100):
        assert not book.try_take(1, 0.5)
    assert book.try_take(1, 1.0)


def test_keys_do_not_share_budgets() -> None:
    book: RateBook[int] = RateBook(Rate(per_second=1.0, burst=1))
    assert book.try_take(1, 0.0)
    assert not book.try_take(1, 0.0)
    assert book.try_take(2, 0.0)


def test_reservations_made_at_one_instant_queue_up_one_interval_apart() -> None:
    book: RateBook[str] = RateBook(Rate(per_second=1.0, burst=3))
    waits = [book.reserve("chat", 10.0) for _ in range(6)]
    assert waits == [0.0, 0.0, 0.0, 1.0, 2.0, 3.0]


def test_push_back_delays_the_key_until_the_given_time() -> None:
    book: RateBook[str] = RateBook(Rate(per_second=1.0, burst=3))
    book.push_back("chat", 25.0)
    assert book.earliest("chat", 10.0) == 25.0
    assert book.reserve("chat", 10.0) == 15.0


def test_pruning_forgets_only_keys_that_are_idle_again() -> None:
    book: RateBook[int] = RateBook(Rate(per_second=1.0, burst=2))
    book.try_take(1, 0.0)
    book.try_take(2, 5.0)
    book.prune(3.0)
    assert len(book) == 1
    assert book.try_take(2, 5.0)
    assert not book.try_take(2, 5.0)


@pytest.mark.parametrize(("per_second", "burst"), [(0.0, 1), (-1.0, 1), (1.0, 0)])
def test_an_impossible_rate_is_refused(per_second: float, burst: int) -> None:
    with pytest.raises(ValueError, match="rate"):
        Rate(per_second=per_second, burst=burst)
