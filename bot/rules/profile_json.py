"""Profiles and verdicts as JSON (the contract in DESIGN.md), with strict, located errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import TypeVar

from bot.rules.iin import IinError, IinErrorCode, parse_iin
from bot.rules.loader import Rules, load_rules
from bot.rules.model import (
    Answer,
    Citation,
    Education,
    Employment,
    Evaluation,
    Group,
    Notice,
    Pay,
    Profile,
    Sector,
    Sex,
    Verdict,
)

E = TypeVar("E", bound=StrEnum)
EARLIEST_BIRTH = date(1900, 1, 1)


class ProfileErrorCode(StrEnum):
    NOT_OBJECT = "not_object"  # the JSON is not an object
    UNKNOWN_FIELD = "unknown_field"  # a key that is not a Profile field (a typo?)
    WRONG_TYPE = "wrong_type"  # e.g. a number where a string is expected
    BAD_VALUE = "bad_value"  # not one of the allowed values
    BAD_DATE = "bad_date"  # not a YYYY-MM-DD date, or an implausible one
    BAD_IIN = "bad_iin"  # see ProfileError.iin_code
    CONFLICT = "conflict"  # birth_date or sex contradicts the IIN


class ProfileError(ValueError):
    def __init__(
        self,
        field: str,
        code: ProfileErrorCode,
        message: str,
        iin_code: IinErrorCode | None = None,
    ) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.code = code
        self.iin_code = iin_code


def _text(data: Mapping[str, object], field: str) -> str | None:
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProfileError(field, ProfileErrorCode.WRONG_TYPE, "must be a string")
    return value


def _choice(data: Mapping[str, object], field: str, enum: type[E]) -> E | None:
    value = _text(data, field)
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(enum)
        raise ProfileError(
            field, ProfileErrorCode.BAD_VALUE, f"{value!r} is not one of: {allowed}"
        ) from None


def _date(data: Mapping[str, object], field: str) -> date | None:
    value = _text(data, field)
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ProfileError(
            field, ProfileErrorCode.BAD_DATE, f"{value!r} is not a date like 1990-05-17"
        ) from None
    if len(value) != 10 or parsed < EARLIEST_BIRTH:
        raise ProfileError(field, ProfileErrorCode.BAD_DATE, f"{value!r} is not a plausible date")
    return parsed


def _boolean(data: Mapping[str, object], field: str) -> bool | None:
    value = data.get(field)
    if value is None or isinstance(value, bool):
        return value
    raise ProfileError(field, ProfileErrorCode.WRONG_TYPE, "must be true or false")


def _groups(data: Mapping[str, object], field: str) -> frozenset[Group] | None:
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, list):
        raise ProfileError(field, ProfileErrorCode.WRONG_TYPE, "must be a list")
    groups: set[Group] = set()
    for item in value:
        if not isinstance(item, str):
            raise ProfileError(field, ProfileErrorCode.WRONG_TYPE, "must be a list of strings")
        try:
            groups.add(Group(item))
        except ValueError:
            allowed = ", ".join(Group)
            raise ProfileError(
                field, ProfileErrorCode.BAD_VALUE, f"{item!r} is not one of: {allowed}"
            ) from None
    return frozenset(groups)


_READERS: dict[str, Callable[[Mapping[str, object], str], object]] = {
    "iin": _text,
    "birth_date": _date,
    "sex": lambda data, field: _choice(data, field, Sex),
    "region": _text,
    "employment": lambda data, field: _choice(data, field, Employment),
    "education": lambda data, field: _choice(data, field, Education),
    "graduation_date": _date,
    "has_work_experience": _boolean,
    "groups": _groups,
    "lost_job_recently": lambda data, field: _choice(data, field, Answer),
    "social_insurance_paid": lambda data, field: _choice(data, field, Answer),
    "profession_sector": lambda data, field: _choice(data, field, Sector),
    "wants_own_business": _boolean,
}


def profile_from_json(data: object, rules: Rules | None = None) -> Profile:
    """A Profile from decoded JSON. Every field is optional; null means "not answered".

    An `iin` gives birth date and sex; an explicit birth_date or sex that contradicts it is an
    error, as are unknown keys, unknown values and regions not in regions.toml.
    """
    if not isinstance(data, Mapping):
        raise ProfileError("", ProfileErrorCode.NOT_OBJECT, "a profile must be a JSON object")
    for key in data:
        if key not in _READERS:
            raise ProfileError(
                str(key),
                ProfileErrorCode.UNKNOWN_FIELD,
                f"unknown field; known: {', '.join(_READERS)}",
            )
    values = {field: read(data, field) for field, read in _READERS.items()}
    region = values["region"]
    if region is not None and (rules or load_rules()).region(str(region)) is None:
        raise ProfileError("region", ProfileErrorCode.BAD_VALUE, f"unknown region {region!r}")
    iin = values["iin"]
    if isinstance(iin, str):
        try:
            info = parse_iin(iin)
        except IinError as error:
            raise ProfileError("iin", ProfileErrorCode.BAD_IIN, str(error), error.code) from None
        values["iin"] = "".join(iin.split())
        for field, derived in (("birth_date", info.birth_date), ("sex", info.sex)):
            if values[field] is not None and values[field] != derived:
                raise ProfileError(
                    field, ProfileErrorCode.CONFLICT, f"does not match the IIN ({derived})"
                )
            values[field] = derived
    return Profile(**values)  # type: ignore[arg-type]


# The answers an IIN decides: when they disagree nobody can tell which one is right.
_IDENTITY = ("iin", "birth_date", "sex")


def salvage_profile(data: object, rules: Rules | None = None) -> tuple[Profile, tuple[str, ...]]:
    """The readable part of stored answers, and the names of the fields dropped (sorted).

    For answers an older version stored or that contradict each other: a field that cannot be
    read is dropped and the others kept; an IIN that contradicts the birth date or sex drops
    all three (the IIN question gives them back at once); not an object drops everything.
    """
    if not isinstance(data, Mapping):
        return Profile(), ("*",)
    kept = dict(data)
    dropped: set[str] = set()
    while True:  # each round drops a key or gives up, so this ends
        try:
            return profile_from_json(kept, rules), tuple(sorted(dropped))
        except ProfileError as error:
            names = _IDENTITY if error.code is ProfileErrorCode.CONFLICT else (error.field,)
            if not any(name in kept for name in names):
                return Profile(), ("*",)
            for name in names:
                if name in kept:
                    dropped.add(name)
                    del kept[name]


def profile_to_json(profile: Profile) -> dict[str, object]:
    """The answered fields only; `profile_from_json` reads it back to an equal Profile."""
    data: dict[str, object] = {}
    for field in _READERS:
        value = getattr(profile, field)
        if value is None:
            continue
        if isinstance(value, date):
            data[field] = value.isoformat()
        elif isinstance(value, frozenset):
            data[field] = sorted(str(group) for group in value)
        elif isinstance(value, StrEnum):
            data[field] = value.value
        else:
            data[field] = value
    return data


def pay_to_json(pay: Pay) -> dict[str, object]:
    return {
        "kind": pay.kind.value,
        "amount_kzt": pay.amount_kzt,
        "cap_kzt": pay.cap_kzt,
        "shares_percent": list(pay.shares_percent),
        "mrp_multiple": pay.mrp_multiple,
        "regional_top_up_kzt": pay.regional_top_up_kzt,
        "unverified": list(pay.unverified),
        "unverified_top_up_kzt": pay.unverified_top_up_kzt,
        "full_time_min_kzt": pay.full_time_min_kzt,
        "benefit": None if pay.benefit is None else pay.benefit.value,
    }


def citation_to_json(citation: Citation | None) -> dict[str, object] | None:
    if citation is None:
        return None
    return {"act": citation.act, "source": citation.source, "primary": citation.primary}


def notice_to_json(notice: Notice) -> dict[str, object]:
    return {
        "code": notice.code.value,
        "from": notice.start.isoformat(),
        "to": None if notice.end is None else notice.end.isoformat(),
        "citation": citation_to_json(notice.citation),
    }


def verdict_to_json(verdict: Verdict) -> dict[str, object]:
    citations: list[Citation | None] = list(verdict.citations)
    citations += [None] * (len(verdict.criteria) - len(citations))
    return {
        "id": verdict.programme.value,
        "status": verdict.status.value,
        "criteria": [
            {
                "code": c.code.value,
                "result": c.result.value,
                "params": dict(c.params),
                "citation": citation_to_json(citation),
            }
            for c, citation in zip(verdict.criteria, citations, strict=True)
        ],
        "monthly_pay_kzt": verdict.monthly_pay_kzt,
        "pay": pay_to_json(verdict.pay),
        "max_months": verdict.max_months,
        "source": verdict.source,
        "preconditions": [precondition.value for precondition in verdict.preconditions],
        "pay_citation": citation_to_json(verdict.pay_citation),
        "notices": [notice_to_json(notice) for notice in verdict.notices],
        "apply": verdict.applicable,
        "how_to_apply": None if verdict.how_to_apply is None else verdict.how_to_apply.value,
    }


def evaluation_to_json(evaluation: Evaluation) -> dict[str, object]:
    """The Verdict JSON of DESIGN.md, plus a `pay` object beside `monthly_pay_kzt`."""
    return {
        "on": evaluation.on.isoformat(),
        "parameters": {"mrp": evaluation.mrp, "min_wage": evaluation.min_wage},
        "programmes": [verdict_to_json(verdict) for verdict in evaluation.verdicts],
    }
