from datetime import date

import pytest

from bot.rules import ParameterNotInForce, add_months, age_on, load_rules, retirement_date
from bot.rules.model import ProgrammeId, Sex


@pytest.mark.parametrize(
    ("birth_date", "on", "age"),
    [
        (date(1991, 6, 15), date(2026, 6, 14), 34),
        (date(1991, 6, 15), date(2026, 6, 15), 35),
        (date(2008, 2, 29), date(2026, 2, 28), 17),  # no 29 Feb in 2026: 18 only on 1 March
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
    ],
)
def test_age_counts_completed_years_and_the_birthday_itself(
    birth_date: date, on: date, age: int
) -> None:
    assert age_on(birth_date, on) == age


@pytest.mark.parametrize(
    ("start", "months", "anniversary"),
    [
        (date(1964, 2, 29), 63 * 12, date(2027, 3, 1)),  # a 29 February birthday rolls to 1 March
        (date(1964, 2, 29), 64 * 12, date(2028, 2, 29)),
        (date(1967, 3, 31), 61 * 12 + 6, date(2028, 10, 1)),  # 31 September does not exist
        (date(1966, 12, 31), 61 * 12, date(2027, 12, 31)),
    ],
)
def test_an_anniversary_missing_from_its_month_falls_on_the_next_months_first_day(
    start: date, months: int, anniversary: date
) -> None:
    assert add_months(start, months) == anniversary


@pytest.mark.parametrize(
    ("birth_date", "sex", "retires_on"),
    [
        # 2027, frozen at 61.
        (date(1966, 10, 1), Sex.FEMALE, date(2027, 10, 1)),
        (date(1966, 12, 31), Sex.FEMALE, date(2027, 12, 31)),
        # 2028, 61.5: born in January 1967 she turns 61 on a day when 61.5 is in force.
        (date(1967, 1, 1), Sex.FEMALE, date(2028, 7, 1)),
        (date(1967, 3, 1), Sex.FEMALE, date(2028, 9, 1)),
        (date(1967, 3, 31), Sex.FEMALE, date(2028, 10, 1)),
        # 2030 and 2031: 62.5, then 63 like men.
        (date(1968, 6, 30), Sex.FEMALE, date(2030, 12, 30)),
        (date(1968, 7, 2), Sex.FEMALE, date(2031, 7, 2)),
        (date(1969, 1, 1), Sex.FEMALE, date(2032, 1, 1)),
        # Men: 63.
        (date(1963, 3, 1), Sex.MALE, date(2026, 3, 1)),
        (date(1964, 2, 29), Sex.MALE, date(2027, 3, 1)),
        (date(1955, 1, 1), Sex.MALE, date(2018, 1, 1)),
    ],
)
def test_retirement_is_the_first_day_the_age_reaches_the_age_then_in_force(
    birth_date: date, sex: Sex, retires_on: date
) -> None:
    assert retirement_date(birth_date, sex) == retires_on


def test_someone_who_retired_before_the_schedule_starts_has_no_known_retirement_date() -> None:
    assert retirement_date(date(1954, 12, 31), Sex.MALE) is None


@pytest.mark.parametrize(
    ("name", "on", "value"),
    [
        ("mrp", date(2020, 3, 31), 2651),
        ("mrp", date(2020, 4, 1), 2778),
        ("mrp", date(2022, 1, 1), 3063),
        # Re-indexed to 3 180 from 1 April 2022 (docs/sources/corrections-2026-12.md §2).
        ("mrp", date(2022, 3, 31), 3063),
        ("mrp", date(2022, 4, 1), 3180),
        ("mrp", date(2024, 7, 1), 3692),
        ("mrp", date(2025, 12, 31), 3932),
        ("mrp", date(2026, 1, 1), 4325),
        ("min_wage", date(2021, 12, 31), 42500),
        ("min_wage", date(2022, 1, 1), 60000),
        ("min_wage", date(2026, 1, 1), 85000),
    ],
)
def test_a_parameter_has_the_value_in_force_on_the_day(name: str, on: date, value: int) -> None:
    assert load_rules().parameter(name, on) == value


def test_asking_for_the_mrp_before_2020_says_no_value_is_known() -> None:
    with pytest.raises(ParameterNotInForce, match="2019-12-31"):
        load_rules().parameter("mrp", date(2019, 12, 31))


def test_the_rules_list_the_thirteen_measures_and_twenty_regions_with_both_names() -> None:
    rules = load_rules()
    assert [str(p) for p in rules.programmes] == [
        "kumis_jas",
        "jastar_praktikasy",
        "social_jobs",
        "first_job",
        "generations_contract",
        "public_works",
        "business_grant",
        "job_loss_payment",
        "vocational_training",
        "bastau_business",
        "disability_quota",
        "resettlement",
        "diploma_to_village",
    ]
    assert rules.programmes[ProgrammeId.KUMIS_JAS].name == {
        "kk": "«Күміс жас» жобасы",
        "ru": "Проект «Серебряный возраст»",
    }
    assert len(rules.regions) == 20
    assert rules.regions[0].slug == "almaty_city"
    assert all(region.name["kk"] and region.name["ru"] for region in rules.regions)
    assert {"turkistan", "ulytau", "abai", "zhetisu", "shymkent_city"} <= {
        region.slug for region in rules.regions
    }
