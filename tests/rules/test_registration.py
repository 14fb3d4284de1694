"""What registering as a job seeker would change: the answers as if registered, the verdicts
then, and the programmes registering alone would open (issue 17, point 2)."""

from dataclasses import replace
from datetime import date

import pytest

from bot.rules import (
    as_registered,
    evaluate,
    evaluate_as_registered,
    needed_fields,
    opened_by_registering,
)
from bot.rules.model import Education, Employment, Group, Profile, ProgrammeId, Sex, Status

ON = date(2026, 3, 2)
# 23, finished university in June 2025, never worked, not registered at the career centre.
GRADUATE = Profile(
    birth_date=date(2002, 9, 1),
    sex=Sex.FEMALE,
    region="pavlodar",
    employment=Employment.UNEMPLOYED_UNREGISTERED,
    education=Education.HIGHER,
    graduation_date=date(2025, 6, 30),
    has_work_experience=False,
    groups=frozenset(),
)


def test_a_graduate_not_registered_would_qualify_for_youth_practice_and_first_job() -> None:
    opened = {verdict.programme: verdict.status for verdict in opened_by_registering(GRADUATE, ON)}
    assert opened[ProgrammeId.JASTAR_PRAKTIKASY] is Status.ELIGIBLE
    assert opened[ProgrammeId.FIRST_JOB] is Status.ELIGIBLE
    today = {verdict.programme: verdict.status for verdict in evaluate(GRADUATE, ON).verdicts}
    assert today[ProgrammeId.JASTAR_PRAKTIKASY] is Status.INELIGIBLE
    assert today[ProgrammeId.FIRST_JOB] is Status.INELIGIBLE


def test_the_verdicts_as_registered_are_those_of_the_same_answers_registered() -> None:
    registered = replace(GRADUATE, employment=Employment.UNEMPLOYED_REGISTERED)
    assert as_registered(GRADUATE) == registered
    assert evaluate_as_registered(GRADUATE, ON) == evaluate(registered, ON)


def test_registering_is_not_offered_where_age_already_rules_a_programme_out() -> None:
    forty = replace(GRADUATE, birth_date=date(1986, 1, 10))
    opened = {verdict.programme for verdict in opened_by_registering(forty, ON)}
    assert ProgrammeId.JASTAR_PRAKTIKASY not in opened
    assert ProgrammeId.FIRST_JOB not in opened
    assert ProgrammeId.PUBLIC_WORKS in opened  # from 16 to retirement: registering is enough


@pytest.mark.parametrize(
    "employment",
    [
        Employment.UNEMPLOYED_REGISTERED,
        Employment.EMPLOYED,
        Employment.SELF_EMPLOYED,
        Employment.STUDENT,
        Employment.RETIRED,
        None,
    ],
)
def test_only_someone_out_of_work_and_not_registered_is_told_what_registering_gives(
    employment: Employment | None,
) -> None:
    profile = replace(GRADUATE, employment=employment)
    assert as_registered(profile) is None
    assert evaluate_as_registered(profile, ON) is None
    assert opened_by_registering(profile, ON) == ()


def test_a_graduate_not_registered_is_still_asked_about_the_studies_and_work_experience() -> None:
    asked = Profile(
        birth_date=GRADUATE.birth_date,
        sex=Sex.FEMALE,
        employment=Employment.UNEMPLOYED_UNREGISTERED,
        groups=frozenset({Group.DISABILITY}),
    )
    needed = needed_fields(asked, ON)
    assert {"education", "has_work_experience"} <= needed
    assert "graduation_date" in needed_fields(replace(asked, education=Education.HIGHER), ON)


def test_a_forty_year_old_not_registered_is_not_asked_about_studies() -> None:
    forty = Profile(
        birth_date=date(1986, 1, 10), sex=Sex.MALE, employment=Employment.UNEMPLOYED_UNREGISTERED
    )
    assert not needed_fields(forty, ON) & {"education", "graduation_date", "has_work_experience"}
