from dataclasses import replace
from datetime import date

from bot.rules import needed_fields
from bot.rules.model import Answer, Education, Employment, Profile, Sector, Sex

ON = date(2026, 3, 1)
# The answers the measures of corrections 2026-12 §3 need (asked since the conversation asks
# them), given so that a test about the others sees only the others.
MEASURES_ANSWERED = Profile(
    groups=frozenset(),
    lost_job_recently=Answer.NO,
    profession_sector=Sector.OTHER,
    wants_own_business=False,
)


def test_with_nothing_answered_every_deciding_question_is_needed() -> None:
    assert needed_fields(Profile(), ON) == {
        "birth_date",
        "employment",
        "education",
        "graduation_date",
        "has_work_experience",
        "lost_job_recently",
        "social_insurance_paid",
        "profession_sector",
        "groups",
        "wants_own_business",
    }


def test_a_55_year_old_is_never_asked_about_education_or_graduation() -> None:
    profile = Profile(birth_date=date(1971, 1, 1))
    needed = needed_fields(profile, ON)
    assert not needed & {"education", "graduation_date", "has_work_experience"}
    assert "employment" in needed


def test_the_sex_is_not_needed_when_men_and_women_retire_after_the_date_anyway() -> None:
    assert "sex" not in needed_fields(Profile(birth_date=date(1971, 1, 1)), ON)


def test_the_sex_is_needed_when_it_decides_retirement() -> None:
    # Born in April 1965: a woman retired at 61 in April 2026, a man works on until 2028.
    profile = replace(
        MEASURES_ANSWERED,
        birth_date=date(1965, 4, 1),
        employment=Employment.UNEMPLOYED_REGISTERED,
    )
    assert needed_fields(profile, date(2026, 6, 1)) == {"sex"}
    with_sex = replace(profile, sex=Sex.MALE)
    assert needed_fields(with_sex, date(2026, 6, 1)) == frozenset()


def test_nobody_in_work_is_asked_about_a_lost_job_only_the_age_and_the_measures_for_all() -> None:
    # The grant is a "check" for an employee (corrections 2026-12 §2), and for adults only; the
    # job-loss payment is a no for someone in work, so neither a lost job nor contributions are
    # asked; the disability quota, resettlement and «Дипломмен – ауылға!» are for anyone, the
    # grant and «Бастау Бизнес» for whoever wants a business of their own.
    assert needed_fields(Profile(employment=Employment.EMPLOYED), ON) == {
        "birth_date",
        "groups",
        "profession_sector",
        "wants_own_business",
    }


def test_contributions_are_not_needed_once_no_job_was_lost() -> None:
    profile = Profile(employment=Employment.UNEMPLOYED_REGISTERED, lost_job_recently=Answer.NO)
    needed = needed_fields(profile, ON)
    assert "social_insurance_paid" not in needed
    assert "social_insurance_paid" in needed_fields(
        Profile(employment=Employment.UNEMPLOYED_REGISTERED, lost_job_recently=Answer.YES), ON
    )


def test_an_answered_measure_question_is_not_needed_again_even_if_i_do_not_know() -> None:
    profile = Profile(
        employment=Employment.UNEMPLOYED_REGISTERED,
        lost_job_recently=Answer.DONT_KNOW,
        social_insurance_paid=Answer.DONT_KNOW,
        profession_sector=Sector.DONT_KNOW,
    )
    needed = needed_fields(profile, ON)
    assert not needed & {"lost_job_recently", "social_insurance_paid", "profession_sector"}


def test_a_young_registered_graduate_is_asked_only_what_is_still_open() -> None:
    profile = replace(
        MEASURES_ANSWERED,
        birth_date=date(2000, 1, 1),
        sex=Sex.FEMALE,
        employment=Employment.UNEMPLOYED_REGISTERED,
        education=Education.HIGHER,
    )
    assert needed_fields(profile, ON) == {"graduation_date", "has_work_experience"}
