"""The eligibility engine: programme rules as dated data, with a reason for every answer."""

from bot.rules.calendar import add_months, age_on
from bot.rules.districts import District, DistrictKind, Districts
from bot.rules.engine import (
    evaluate,
    evaluate_as_registered,
    needed_fields,
    opened_by_registering,
    registering_is_the_step,
    retirement_date,
)
from bot.rules.iin import IinError, IinErrorCode, IinInfo, make_iin, parse_iin
from bot.rules.loader import ParameterNotInForce, Region, Rules, load_rules
from bot.rules.profile_json import (
    ProfileError,
    ProfileErrorCode,
    evaluation_to_json,
    profile_from_json,
    profile_to_json,
)
from bot.rules.programmes import Programme
from bot.rules.registration import as_registered
from bot.rules.schema import RulesError

__all__ = [
    "District",
    "DistrictKind",
    "Districts",
    "IinError",
    "IinErrorCode",
    "IinInfo",
    "ParameterNotInForce",
    "ProfileError",
    "ProfileErrorCode",
    "Programme",
    "Region",
    "Rules",
    "RulesError",
    "add_months",
    "age_on",
    "as_registered",
    "evaluate",
    "evaluate_as_registered",
    "evaluation_to_json",
    "load_rules",
    "make_iin",
    "needed_fields",
    "opened_by_registering",
    "parse_iin",
    "profile_from_json",
    "profile_to_json",
    "registering_is_the_step",
    "retirement_date",
]
