"""What the situations files cannot say: the parameters of a criterion, pay details, order.

The boundary tables (who, on which day, what the bot answers) are data now:
tests/rules/situations/*.toml, run by test_situations.py.
"""

from datetime import date

import pytest

from bot.rules import evaluate, needed_fields
from bot.rules.model import (
    Code,
    Education,
    Employment,
    Group,
    PayKind,
    Precondition,
    Profile,
    ProgrammeId,
    Result,
    Sex,
    Status,
    Verdict,
)

REGISTERED = Employment.UNEMPLOYED_REGISTERED


def verdict(profile: Profile, on: date, programme: ProgrammeId) -> Verdict:
    return next(v for v in evaluate(profile, on).verdicts if v.programme is programme)


def result_of(found: Verdict, code: Code) -> Result:
    return next(c.result for c in found.criteria if c.code is code)


def registered(birth_date: date, sex: Sex = Sex.MALE, **answers: object) -> Profile:
    return Profile(birth_date=birth_date, sex=sex, employment=REGISTERED, **answers)  # type: ignore[arg-type]


# --- Silver age -------------------------------------------------------------------------------


def test_woman_who_retired_in_2027_is_told_her_retirement_date_in_2028() -> None:
    found = verdict(
        registered(date(1966, 10, 1), Sex.FEMALE), date(2028, 2, 1), ProgrammeId.KUMIS_JAS
    )
    retirement = next(c for c in found.criteria if c.code is Code.BELOW_RETIREMENT_AGE)
    assert retirement.result is Result.UNMET
    assert dict(retirement.params) == {"retirement_age": "61", "retirement_date": "2027-10-01"}


def test_silver_age_pay_is_70_65_60_percent_capped_at_30_mrp() -> None:
    found = verdict(registered(date(1970, 1, 1)), date(2025, 6, 1), ProgrammeId.KUMIS_JAS)
    assert found.pay.kind is PayKind.WAGE_SHARE
    assert found.pay.shares_percent == (70, 65, 60)
    assert found.pay.cap_kzt == 117_960  # the reference's own figure for 2025
    assert found.max_months == 36


def test_a_working_person_of_55_is_not_eligible_for_silver_age_and_is_told_why() -> None:
    profile = Profile(birth_date=date(1971, 1, 1), sex=Sex.MALE, employment=Employment.EMPLOYED)
    found = verdict(profile, date(2026, 3, 1), ProgrammeId.KUMIS_JAS)
    assert found.status is Status.INELIGIBLE
    employment = found.criteria[0]
    assert (employment.code, employment.result) == (Code.EMPLOYMENT_STATUS, Result.UNMET)
    assert employment.params["actual"] == "employed"


# --- Youth practice -----------------------------------------------------------------------------


def graduate(birth_date: date, graduated: date, education: Education = Education.HIGHER) -> Profile:
    return registered(birth_date, education=education, graduation_date=graduated)


def test_youth_practice_gives_the_graduation_deadline() -> None:
    found = verdict(
        graduate(date(2000, 1, 1), date(2024, 2, 29)),
        date(2026, 3, 1),
        ProgrammeId.JASTAR_PRAKTIKASY,
    )
    within = next(c for c in found.criteria if c.code is Code.GRADUATED_WITHIN)
    assert within.result is Result.MET
    assert within.params["deadline"] == "2027-03-01"


def test_a_graduate_of_three_and_a_half_years_ago_is_told_the_three_years_have_passed() -> None:
    """Corrections 2026-12 §2: over 3 years is a no, and nothing more is asked."""
    profile = graduate(date(2000, 9, 1), date(2022, 6, 30))
    found = verdict(profile, date(2026, 3, 2), ProgrammeId.JASTAR_PRAKTIKASY)
    assert found.status is Status.INELIGIBLE
    assert "graduation_date" not in needed_fields(profile, date(2026, 3, 2))
    within = next(c for c in found.criteria if c.code is Code.GRADUATED_WITHIN)
    assert within.result is Result.UNMET
    assert dict(within.params) == {
        "years": 3,
        "graduation_date": "2022-06-30",
        "deadline": "2025-06-30",
    }


def test_a_school_leaver_is_not_eligible_for_youth_practice() -> None:
    profile = graduate(date(2006, 1, 1), date(2024, 6, 1), Education.SECONDARY)
    found = verdict(profile, date(2026, 3, 1), ProgrammeId.JASTAR_PRAKTIKASY)
    assert found.status is Status.INELIGIBLE
    assert result_of(found, Code.EDUCATION_LEVEL) is Result.UNMET


@pytest.mark.parametrize(
    ("on", "amount"),
    [(date(2025, 12, 31), 30 * 3932), (date(2026, 1, 1), 30 * 4325)],
)
def test_youth_practice_pays_30_mrp_of_the_year_in_force(on: date, amount: int) -> None:
    found = verdict(graduate(date(2000, 1, 1), date(2025, 6, 1)), on, ProgrammeId.JASTAR_PRAKTIKASY)
    assert found.monthly_pay_kzt == amount
    assert found.max_months == 12


def test_almatys_unconfirmed_top_up_is_shown_apart_and_not_added_to_the_pay() -> None:
    on = date(2026, 3, 1)
    almaty = Profile(region="almaty_city")
    turkistan = Profile(region="turkistan")
    in_almaty = verdict(almaty, on, ProgrammeId.JASTAR_PRAKTIKASY).pay
    in_turkistan = verdict(turkistan, on, ProgrammeId.JASTAR_PRAKTIKASY).pay
    assert in_almaty.amount_kzt == in_turkistan.amount_kzt == 129_750
    assert in_almaty.unverified_top_up_kzt == 10 * 4325
    assert in_almaty.unverified == ("regional_top_up",)
    assert (in_turkistan.unverified_top_up_kzt, in_turkistan.unverified) == (0, ())


# --- Public works, social jobs, generations contract --------------------------------------------


@pytest.mark.parametrize(
    ("on", "at_least", "full_time"),
    [
        (date(2025, 6, 1), 20 * 3932, 85_000),  # 78 640 < 85 000: full time is owed 85 000
        (date(2026, 3, 1), 20 * 4325, None),  # 86 500 is above 85 000
    ],
)
def test_public_works_pay_at_least_20_mrp_and_the_minimum_wage_for_full_time(
    on: date, at_least: int, full_time: int | None
) -> None:
    pay = verdict(Profile(), on, ProgrammeId.PUBLIC_WORKS).pay
    assert (pay.kind, pay.amount_kzt, pay.full_time_min_kzt) == (
        PayKind.AT_LEAST_MONTHLY,
        at_least,
        full_time,
    )


def test_social_jobs_stay_unknown_while_their_target_groups_are_unverified() -> None:
    found = verdict(registered(date(1985, 1, 1)), date(2026, 3, 1), ProgrammeId.SOCIAL_JOBS)
    assert found.status is Status.UNKNOWN
    assert result_of(found, Code.RULE_NOT_VERIFIED) is Result.UNKNOWN
    assert (found.pay.shares_percent, found.pay.cap_kzt, found.pay.unverified) == (
        (35,),
        None,
        ("cap",),
    )


def test_social_jobs_are_definitely_not_for_someone_in_work() -> None:
    profile = Profile(employment=Employment.EMPLOYED)
    found = verdict(profile, date(2026, 3, 1), ProgrammeId.SOCIAL_JOBS)
    assert found.status is Status.INELIGIBLE


def test_the_generations_contract_is_a_check_for_the_unemployed_and_a_no_for_employees() -> None:
    """Corrections 2026-12 §2: at least registered unemployed; the rest is still to be read."""
    everyone_answered = registered(
        date(1995, 1, 1),
        education=Education.HIGHER,
        graduation_date=date(2020, 6, 1),
        has_work_experience=False,
        groups=frozenset(),
        region="astana_city",
    )
    found = verdict(everyone_answered, date(2026, 3, 1), ProgrammeId.GENERATIONS_CONTRACT)
    assert found.status is Status.UNKNOWN
    assert dict(found.criteria[1].params) == {"topic": "generations_terms"}
    for status in (Employment.EMPLOYED, Employment.RETIRED):
        working = Profile(employment=status)
        no = verdict(working, date(2026, 3, 1), ProgrammeId.GENERATIONS_CONTRACT)
        assert no.status is Status.INELIGIBLE


# --- Business grant -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "employment"),
    [
        (date(2010, 1, 1), REGISTERED),  # a child: the portal needs an adult's EDS
        (date(1960, 1, 1), Employment.RETIRED),
        (date(1990, 1, 1), Employment.EMPLOYED),
    ],
)
def test_a_child_a_pensioner_or_an_employee_in_a_listed_group_gets_no_yes_for_the_2024_grant(
    birth_date: date, employment: Employment
) -> None:
    """Corrections 2026-12 §2: the listed groups alone are not enough."""
    profile = Profile(
        birth_date=birth_date, employment=employment, groups=frozenset({Group.DISABILITY})
    )
    found = verdict(profile, date(2024, 6, 1), ProgrammeId.BUSINESS_GRANT)
    assert found.status is not Status.ELIGIBLE


def test_the_grant_from_2025_is_unknown_because_the_new_list_is_unverified() -> None:
    profile = registered(
        date(1990, 1, 1), groups=frozenset({Group.DISABILITY}), wants_own_business=True
    )
    found = verdict(profile, date(2026, 3, 1), ProgrammeId.BUSINESS_GRANT)
    assert found.status is Status.UNKNOWN
    assert [(c.code, c.result) for c in found.criteria] == [
        (Code.AGE_AT_LEAST, Result.MET),
        (Code.EMPLOYMENT_STATUS, Result.MET),
        (Code.TARGET_GROUP, Result.MET),
        (Code.RULE_NOT_VERIFIED, Result.UNKNOWN),
        (Code.WANTS_OWN_BUSINESS, Result.MET),
    ]
    assert found.pay.amount_kzt == 400 * 4325


# --- All programmes -----------------------------------------------------------------------------


def test_before_the_social_code_the_rules_are_not_encoded_so_every_answer_is_unknown() -> None:
    evaluation = evaluate(registered(date(1970, 1, 1)), date(2023, 6, 30))
    assert {v.status for v in evaluation.verdicts} == {Status.UNKNOWN}
    assert all(v.criteria[0].code is Code.PROGRAMME_IN_FORCE for v in evaluation.verdicts)


def test_an_iin_alone_answers_birth_date_and_sex() -> None:
    from bot.rules import make_iin

    profile = Profile(iin=make_iin(date(1976, 3, 1), Sex.MALE), employment=REGISTERED)
    assert verdict(profile, date(2026, 3, 1), ProgrammeId.KUMIS_JAS).status is Status.ELIGIBLE


def test_the_evaluation_carries_the_mrp_and_minimum_wage_of_the_day() -> None:
    evaluation = evaluate(Profile(), date(2026, 3, 1))
    assert (evaluation.mrp, evaluation.min_wage) == (4325, 85000)
    assert len(evaluation.verdicts) == len(ProgrammeId) == 13


def test_the_business_grant_needs_the_bastau_business_certificate_and_an_eds() -> None:
    found = verdict(Profile(), date(2026, 3, 1), ProgrammeId.BUSINESS_GRANT)
    assert found.preconditions == (
        Precondition.BASTAU_BUSINESS_CERTIFICATE,
        Precondition.EDS_ON_PORTAL,
    )
    youth = verdict(Profile(), date(2026, 3, 1), ProgrammeId.JASTAR_PRAKTIKASY)
    assert youth.preconditions == ()
