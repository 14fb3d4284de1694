from datetime import date

from bot.rules import needed_fields
from bot.rules.model import Education, Employment, Profile, Sex

ON = date(2026, 3, 1)


def test_with_nothing_answered_every_deciding_question_is_needed() -> None:
    assert needed_fields(Profile(), ON) == {
        "birth_date",
        "employment",
        "education",
        "graduation_date",
        "has_work_experience",
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
    profile = Profile(birth_date=date(1965, 4, 1), employment=Employment.UNEMPLOYED_REGISTERED)
    assert needed_fields(profile, date(2026, 6, 1)) == {"sex"}
    with_sex = Profile(
        birth_date=date(1965, 4, 1), sex=Sex.MALE, employment=Employment.UNEMPLOYED_REGISTERED
    )
    assert needed_fields(with_sex, date(2026, 6, 1)) == frozenset()


def test_nobody_in_work_is_asked_anything_more_than_the_age() -> None:
    # The grant is a "check" for an employee (corrections 2026-12 §2), and for adults only.
    assert needed_fields(Profile(employment=Employment.EMPLOYED), ON) == {"birth_date"}


def test_a_young_registered_graduate_is_asked_only_what_is_still_open() -> None:
    profile = Profile(
        birth_date=date(2000, 1, 1),
        sex=Sex.FEMALE,
        employment=Employment.UNEMPLOYED_REGISTERED,
        education=Education.HIGHER,
    )
    assert needed_fields(profile, ON) == {"graduation_date", "has_work_experience"}
