"""The situations of tests/rules/situations/*.toml, one file per programme, each a test.

A situation says who (the Profile JSON's fields), on which day, what the bot answers and the
source; a lawyer extends the files, not this code. A key this runner does not know fails the
situation, so a typo is never a silently passing test.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from bot.rules import evaluate, load_rules, profile_from_json
from bot.rules.model import ProgrammeId, Verdict

SITUATIONS = Path(__file__).parent / "situations"
KEYS = frozenset(
    {"name", "on", "who", "answer", "because", "pay_kzt", "full_time_min_kzt", "max_months",
     "mrp", "notices", "apply", "source"}
)  # fmt: skip
ANSWERS = frozenset({"eligible", "ineligible", "unknown"})


def _as_json(value: object) -> object:
    """TOML dates become the Profile JSON's ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


def _load() -> list[tuple[str, str, Mapping[str, object]]]:
    found = []
    for path in sorted(SITUATIONS.glob("*.toml")):
        with path.open("rb") as file:
            data = tomllib.load(file)
        programme = data["programme"]
        for situation in data["situation"]:
            found.append((f"{path.stem}: {situation.get('name')}", programme, situation))
    return found


CASES = _load()


def test_there_are_at_least_200_situations_and_one_file_per_programme() -> None:
    assert len(CASES) >= 200
    assert {path.stem for path in SITUATIONS.glob("*.toml")} == {str(p) for p in ProgrammeId}


@pytest.mark.parametrize(
    ("programme", "situation"),
    [pytest.param(programme, situation, id=name) for name, programme, situation in CASES],
)
def test_the_bot_answers_each_situation_as_the_law_says(
    programme: str, situation: Mapping[str, object]
) -> None:
    unknown = set(situation) - KEYS
    assert not unknown, f"unknown keys {sorted(unknown)}; known: {sorted(KEYS)}"
    assert str(situation["source"]).strip(), "every situation names its source"
    assert situation["answer"] in ANSWERS
    on = situation["on"]
    assert isinstance(on, date)
    who = situation["who"]
    assert isinstance(who, Mapping)
    profile = profile_from_json({key: _as_json(value) for key, value in who.items()})
    evaluation = evaluate(profile, on, load_rules())
    found: Verdict = next(v for v in evaluation.verdicts if v.programme == programme)
    assert found.status.value == situation["answer"], [
        (c.code.value, c.result.value, dict(c.params)) for c in found.criteria
    ]
    because = situation.get("because", {})
    assert isinstance(because, Mapping)
    results = {c.code.value: c.result.value for c in found.criteria}
    for code, expected in because.items():
        assert results.get(code) == expected, (code, results)
    if "pay_kzt" in situation:
        assert found.pay.amount_kzt == situation["pay_kzt"]
    if "full_time_min_kzt" in situation:
        assert found.pay.full_time_min_kzt == situation["full_time_min_kzt"]
    if "max_months" in situation:
        assert found.max_months == situation["max_months"]
    if "mrp" in situation:
        assert evaluation.mrp == situation["mrp"]
    if "notices" in situation:
        assert [n.code.value for n in found.notices] == situation["notices"]
    if "apply" in situation:
        assert found.applicable is situation["apply"]
