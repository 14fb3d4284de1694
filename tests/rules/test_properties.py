"""Properties over generated profiles: the engine always answers, and never invents a yes."""

from dataclasses import fields, replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules import evaluate, load_rules
from bot.rules.model import (
    Answer,
    Education,
    Employment,
    Group,
    Profile,
    ProgrammeId,
    Sector,
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
    lost_job_recently=st.none() | st.sampled_from(Answer),
    social_insurance_paid=st.none() | st.sampled_from(Answer),
    profession_sector=st.none() | st.sampled_from(Sector),
    wants_own_business=st.none() | st.booleans(),
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
    before = [v.status for v in evaluate(profile, on, RULES).verdicts if v.programme in ASKED]
    after = [v.status for v in evaluate(answered, on, RULES).verdicts if v.programme in ASKED]
    assert before == after


# Measures whose questions the conversation asks (no criterion `asked = false` in the rules).
ASKED = frozenset(
    programme.id
    for programme in RULES.programmes.values()
    if all(criterion.asked for criterion in programme.criteria)
)


class _one_answer:
    birth_date = dates
    sex = st.sampled_from(Sex)
    region = st.sampled_from([region.slug for region in RULES.regions])
    employment = st.sampled_from(Employment)
    education = st.sampled_from(Education)
    graduation_date = dates
    has_work_experience = st.booleans()
    groups = st.frozensets(st.sampled_from(Group))
    lost_job_recently = st.sampled_from(Answer)
    social_insurance_paid = st.sampled_from(Answer)
    profession_sector = st.sampled_from(Sector)
    wants_own_business = st.booleans()


@settings(max_examples=300)
@given(profiles, days, st.sampled_from(["lost_job_recently", "social_insurance_paid"]))
def test_i_do_not_know_is_never_a_no(profile: Profile, on: date, answer: str) -> None:
    """ "I don't know" gives at most "check with the centre", never a no that "no answer" lacks."""
    unanswered = evaluate(replace(profile, **{answer: None}), on, RULES)
    answers: dict[str, object] = {answer: Answer.DONT_KNOW}
    dont_know = evaluate(replace(profile, **answers), on, RULES)  # type: ignore[arg-type]
    for before, after in zip(unanswered.verdicts, dont_know.verdicts, strict=True):
        assert before.status is after.status
