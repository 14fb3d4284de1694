"""Properties over generated profiles: the engine always answers, and never invents a yes."""

from dataclasses import fields, replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules import evaluate, load_rules
from bot.rules.model import (
    Education,
    Employment,
    Group,
    Profile,
    ProgrammeId,
    Sex,
    Status,
)

RULES = load_rules()
dates = st.dates(min_value=date(1930, 1, 1), max_value=date(2030, 12, 31))
profiles = st.builds(
    Profile,
    iin=st.none(),
    birth_date=st.none() | dates,
    sex=st.none() | st.sampled_from(Sex),
    region=st.none() | st.sampled_from([region.slug for region in RULES.regions]),
    employment=st.none() | st.sampled_from(Employment),
    education=st.none() | st.sampled_from(Education),
    graduation_date=st.none() | dates,
    has_work_experience=st.none() | st.booleans(),
    groups=st.none() | st.frozensets(st.sampled_from(Group)),
)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))
ANSWERS = [f.name for f in fields(Profile) if f.name != "iin"]


@settings(max_examples=300)
@given(profiles, days)
def test_every_profile_gets_exactly_one_verdict_per_programme(profile: Profile, on: date) -> None:
    evaluation = evaluate(profile, on, RULES)
    assert [v.programme for v in evaluation.verdicts] == list(ProgrammeId)
    for verdict in evaluation.verdicts:
        assert verdict.criteria
        assert (verdict.status is Status.ELIGIBLE) == all(
            c.result == "met" for c in verdict.criteria
        )


@settings(max_examples=300)
@given(profiles, days, st.sampled_from(ANSWERS))
def test_removing_an_answer_never_turns_a_verdict_into_eligible(
    profile: Profile, on: date, answer: str
) -> None:
    before = evaluate(profile, on, RULES)
    after = evaluate(replace(profile, **{answer: None}), on, RULES)
    for old, new in zip(before.verdicts, after.verdicts, strict=True):
        if new.status is Status.ELIGIBLE:
            assert old.status is Status.ELIGIBLE


@settings(max_examples=300)
@given(profiles, days, st.data())
def test_an_answer_needed_fields_leaves_out_changes_no_status(
    profile: Profile, on: date, data: st.DataObject
) -> None:
    from bot.rules import needed_fields

    skipped = [
        name
        for name in ANSWERS
        if getattr(profile, name) is None and name not in needed_fields(profile, on, RULES)
    ]
    if not skipped:
        return
    name = data.draw(st.sampled_from(skipped))
    value = data.draw(getattr(_one_answer, name))
    answered = replace(profile, **{name: value})
    before = [v.status for v in evaluate(profile, on, RULES).verdicts]
    after = [v.status for v in evaluate(answered, on, RULES).verdicts]
    assert before == after


class _one_answer:
    birth_date = dates
    sex = st.sampled_from(Sex)
    region = st.sampled_from([region.slug for region in RULES.regions])
    employment = st.sampled_from(Employment)
    education = st.sampled_from(Education)
    graduation_date = dates
    has_work_experience = st.booleans()
    groups = st.frozensets(st.sampled_from(Group))
