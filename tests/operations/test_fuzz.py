"""Hypothesis-made updates at every conversation state, through the real dispatcher on a real
SQLite file: nothing crashes, every private message is answered, every button press is answered
once (see tests/operations/fuzzing.py for the exact rules). bench/fuzz_long.py runs many more."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzzing import STATES, Act, Templates, acts, run_example

# Few examples per state keep the whole module at a few seconds; the long run is a bench script.
EXAMPLES_PER_STATE = 8


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("state", STATES)
@settings(
    max_examples=EXAMPLES_PER_STATE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(example=st.lists(acts, min_size=1, max_size=4))
async def test_any_update_at_any_state_is_answered_without_error(
    templates: Templates, state: str, example: list[Act]
) -> None:
    await run_example(templates, state, example)
