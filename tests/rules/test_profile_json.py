from datetime import date

import pytest

from bot.rules import IinErrorCode, evaluate, make_iin
from bot.rules.model import Education, Employment, Group, Profile, Sex
from bot.rules.profile_json import (
    ProfileError,
    ProfileErrorCode,
    evaluation_to_json,
    profile_from_json,
    profile_to_json,
    salvage_profile,
)


def test_a_full_profile_survives_a_round_trip_through_json() -> None:
    profile = Profile(
        iin=make_iin(date(1999, 5, 17), Sex.FEMALE),
        birth_date=date(1999, 5, 17),
        sex=Sex.FEMALE,
        region="turkistan",
        employment=Employment.UNEMPLOYED_REGISTERED,
        education=Education.TVET,
        graduation_date=date(2024, 6, 20),
        has_work_experience=False,
        groups=frozenset({Group.NEET, Group.ORPHAN}),
    )
    assert profile_from_json(profile_to_json(profile)) == profile


def test_the_iin_fills_in_birth_date_and_sex() -> None:
    profile = profile_from_json({"iin": make_iin(date(1970, 1, 31), Sex.MALE)})
    assert (profile.birth_date, profile.sex) == (date(1970, 1, 31), Sex.MALE)


def test_null_means_not_answered() -> None:
    assert profile_from_json({"sex": None, "groups": None}) == Profile()


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ([], "", ProfileErrorCode.NOT_OBJECT),
        ({"birthdate": "1990-01-01"}, "birthdate", ProfileErrorCode.UNKNOWN_FIELD),
        ({"sex": "m"}, "sex", ProfileErrorCode.BAD_VALUE),
        ({"employment": 1}, "employment", ProfileErrorCode.WRONG_TYPE),
        ({"birth_date": "17.05.1999"}, "birth_date", ProfileErrorCode.BAD_DATE),
        ({"birth_date": "1800-01-01"}, "birth_date", ProfileErrorCode.BAD_DATE),
        ({"graduation_date": "2024-02-30"}, "graduation_date", ProfileErrorCode.BAD_DATE),
        ({"has_work_experience": "no"}, "has_work_experience", ProfileErrorCode.WRONG_TYPE),
        ({"groups": "neet"}, "groups", ProfileErrorCode.WRONG_TYPE),
        ({"groups": ["veteran"]}, "groups", ProfileErrorCode.BAD_VALUE),
        ({"region": "almaty"}, "region", ProfileErrorCode.BAD_VALUE),
        ({"iin": "123"}, "iin", ProfileErrorCode.BAD_IIN),
    ],
)
def test_each_bad_answer_is_named_with_its_field(
    data: object, field: str, code: ProfileErrorCode
) -> None:
    with pytest.raises(ProfileError) as raised:
        profile_from_json(data)
    assert (raised.value.field, raised.value.code) == (field, code)
    assert str(raised.value)


def test_a_bad_iin_carries_its_own_reason_code() -> None:
    with pytest.raises(ProfileError) as raised:
        profile_from_json({"iin": "870412300018"})
    assert raised.value.iin_code is IinErrorCode.CHECKSUM


@pytest.mark.parametrize(("field", "value"), [("birth_date", "1970-02-01"), ("sex", "female")])
def test_an_answer_contradicting_the_iin_is_refused(field: str, value: str) -> None:
    with pytest.raises(ProfileError) as raised:
        profile_from_json({"iin": make_iin(date(1970, 1, 31), Sex.MALE), field: value})
    assert (raised.value.field, raised.value.code) == (field, ProfileErrorCode.CONFLICT)


SOUND = {"region": "turkistan", "employment": "student", "has_work_experience": False}
IIN_MAN_1970 = make_iin(date(1970, 1, 31), Sex.MALE)


@pytest.mark.parametrize(
    ("stored", "dropped"),
    [
        ({"region": "atlantis"}, ("region",)),
        ({"birthdate": "1990-01-01", "sex": "m"}, ("birthdate", "sex")),
        ({"groups": ["neet", "veteran"]}, ("groups",)),
        ({"iin": "123", "birth_date": "1970-01-31"}, ("iin",)),
        # A contradiction: nobody can tell which is right, so the IIN is asked again.
        ({"iin": IIN_MAN_1970, "sex": "female"}, ("iin", "sex")),
        (
            {"iin": IIN_MAN_1970, "birth_date": "1981-01-01", "sex": "male"},
            ("birth_date", "iin", "sex"),
        ),
    ],
)
def test_salvage_drops_only_the_answers_it_cannot_read(
    stored: dict[str, object], dropped: tuple[str, ...]
) -> None:
    profile, names = salvage_profile({**SOUND, **stored})
    assert names == dropped
    kept = {key: value for key, value in {**SOUND, **stored}.items() if key not in dropped}
    assert profile == profile_from_json(kept)
    assert profile.region == ("turkistan" if "region" not in stored else None)


def test_salvage_of_what_is_not_an_object_keeps_nothing() -> None:
    assert salvage_profile(["turkistan"]) == (Profile(), ("*",))


def test_salvage_of_a_readable_profile_drops_nothing() -> None:
    assert salvage_profile({**SOUND, "iin": IIN_MAN_1970}) == (
        profile_from_json({**SOUND, "iin": IIN_MAN_1970}),
        (),
    )


def test_the_verdict_json_follows_the_design_contract() -> None:
    profile = Profile(
        birth_date=date(2000, 1, 1),
        employment=Employment.UNEMPLOYED_REGISTERED,
        region="almaty_city",
    )
    data = evaluation_to_json(evaluate(profile, date(2026, 3, 1)))
    assert data["on"] == "2026-03-01"
    assert data["parameters"] == {"mrp": 4325, "min_wage": 85000}
    programmes = data["programmes"]
    assert isinstance(programmes, list)
    youth = programmes[1]
    assert set(youth) == {
        "id", "status", "criteria", "monthly_pay_kzt", "pay", "max_months", "source",
        "preconditions", "pay_citation", "notices", "apply", "how_to_apply",
    }  # fmt: skip
    assert youth["preconditions"] == []
    assert youth["id"] == "jastar_praktikasy"
    assert youth["monthly_pay_kzt"] == 129_750
    assert youth["pay"]["unverified_top_up_kzt"] == 43_250
    assert youth["criteria"][0] == {
        "code": "age_at_most",
        "result": "met",
        "params": {"max_age": 35, "age": 26},
        "citation": {
            "act": "Res. № 476, youth practice: «35 жастан аспаған»",
            "source": "https://czn.kz/?p=2794",
            "primary": False,
        },
    }
    assert youth["apply"] is True
    # 1 March 2026: inside the suspension of 26 Jan - 1 Apr 2026 and a year of the restatement.
    assert [n["code"] for n in youth["notices"]] == [
        "rules_restated",
        "rules_suspended",
        "one_subsidised_job",
        "ecological_allowance",
    ]
    suspended = youth["notices"][1]
    assert (suspended["from"], suspended["to"]) == ("2026-01-26", "2026-03-31")
    assert "6505899" in suspended["citation"]["source"]


def test_the_verdict_json_lists_what_to_have_before_applying_for_a_business_grant() -> None:
    data = evaluation_to_json(evaluate(Profile(), date(2026, 3, 1)))
    programmes = data["programmes"]
    assert isinstance(programmes, list)
    grant = next(p for p in programmes if p["id"] == "business_grant")
    assert grant["preconditions"] == ["bastau_business_certificate", "eds_on_portal"]
