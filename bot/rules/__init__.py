"""The eligibility engine: programme rules as dated data, with a reason for every answer."""

from bot.rules.calendar import add_months, age_on
from bot.rules.engine import evaluate, needed_fields, retirement_date
from bot.rules.iin import IinError, IinErrorCode, IinInfo, parse_iin
from bot.rules.loader import ParameterNotInForce, Region, Rules, load_rules
from bot.rules.programmes import Programme
from bot.rules.schema import RulesError

__all__ = [
    "IinError",
    "IinErrorCode",
    "IinInfo",
    "ParameterNotInForce",
    "Programme",
    "Region",
    "Rules",
    "RulesError",
    "add_months",
    "age_on",
    "evaluate",
    "load_rules",
    "needed_fields",
    "parse_iin",
    "retirement_date",
]
