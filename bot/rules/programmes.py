"""Reading programmes.toml into compiled programmes: criteria, pay rule, dates in force."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import TypeVar

from bot.rules import criteria
from bot.rules.criteria import Criterion
from bot.rules.model import (
    Benefit,
    Citation,
    Code,
    CriterionResult,
    Education,
    Employment,
    Group,
    HowToApply,
    OtherGrounds,
    PayKind,
    Precondition,
    Profile,
    ProgrammeId,
    Result,
    Sector,
)
from bot.rules.pay import PayRule, TopUp
from bot.rules.retirement import RetirementSchedule
from bot.rules.schema import (
    Dated,
    Node,
    RulesError,
    check_no_overlap,
    positive_value,
    read_dated,
)
from bot.rules.timeline import Timeline

E = TypeVar("E", bound=StrEnum)
LANGUAGES = ("kk", "ru")
PROFILE_FIELDS = frozenset(f.name for f in fields(Profile))
_LAST_DAY = date.max.toordinal()


@dataclass(frozen=True, slots=True)
class Programme:
    id: ProgrammeId
    name: Mapping[str, str]  # "kk", "ru": the official names
    short_name: Mapping[str, str]  # "kk", "ru": on buttons and in the results' list
    about: Mapping[str, str]  # "kk", "ru": what the programme is, in one sentence
    source: str
    valid_from: date
    valid_to: date | None
    max_months: int | None
    criteria: tuple[Criterion, ...]
    pay_rule: PayRule
    preconditions: tuple[Precondition, ...] = ()
    applicable: bool = True  # False: an information card, no Apply button
    how_to_apply: HowToApply | None = None
    stops_at_retirement: bool = False  # the duration shown ends at the citizen's retirement

    def active(self, day: int) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.start <= day <= c.end)

    def out_of_force(self, day: int) -> CriterionResult | None:
        """None while the encoded rules are in force, else why not."""
        if self.valid_from.toordinal() <= day and (
            self.valid_to is None or day <= self.valid_to.toordinal()
        ):
            return None
        params: dict[str, str | int | bool] = {"valid_from": self.valid_from.isoformat()}
        if self.valid_to is not None:
            params["valid_to"] = self.valid_to.isoformat()
        outcome = Result.UNKNOWN if day < self.valid_from.toordinal() else Result.UNMET
        return CriterionResult(Code.PROGRAMME_IN_FORCE, outcome, params)


def _enum_values(node: Node, key: str, enum: type[E]) -> tuple[E, ...]:
    names = node.texts(key)
    if not names:
        raise node.error(key, "must list at least one value")
    try:
        return tuple(enum(name) for name in names)
    except ValueError as error:
        raise node.error(key, f"{error}; known: {', '.join(enum)}") from None


def read_citation(node: Node) -> Citation:
    """`act` (the act and clause), `source` (the page read), [`primary`]: the act's own text."""
    return Citation(
        node.text("act"), node.text("source"), node.optional("primary", node.boolean, False)
    )


def _check_values(node: Node, enum: type[E]) -> tuple[E, ...]:
    """Values the sources leave open (`check`), each needing `check_source`."""
    if not node.has("check"):
        return ()
    values = _enum_values(node, "check", enum)
    node.text("check_source")
    return values


def _names(node: Node, key: str = "name") -> Mapping[str, str]:
    names = node.child(key)
    result = {language: names.text(language) for language in LANGUAGES}
    names.done()
    return result


def _read_criterion(node: Node, schedule: RetirementSchedule, valid_from: date) -> Criterion:
    code_text = node.text("code")
    try:
        code = Code(code_text)
    except ValueError:
        raise node.error("code", f"unknown criterion code {code_text!r}") from None
    field: str | None = None
    if code in criteria.FIELD_OF:
        field = node.text("field")
        if field not in PROFILE_FIELDS:
            raise node.error("field", f"names a field that does not exist: {field!r}")
        if field != criteria.FIELD_OF[code]:
            raise node.error("field", f"{code} reads {criteria.FIELD_OF[code]!r}, not {field!r}")
    read_fields: tuple[str, ...] = () if field is None else (field,)
    test: criteria.Test
    kind = code.value
    match code:
        case Code.EMPLOYMENT_STATUS:
            allowed = _enum_values(node, "allowed", Employment)
            test = criteria.one_of(code, "employment", allowed, _check_values(node, Employment))
        case Code.EDUCATION_LEVEL:
            test = criteria.one_of(code, "education", _enum_values(node, "allowed", Education))
        case Code.PROFESSION_SECTOR:
            sectors = _enum_values(node, "allowed", Sector)
            if Sector.DONT_KNOW in sectors:
                raise node.error("allowed", "dont_know cannot be allowed")
            test = criteria.one_of(code, "profession_sector", sectors, (Sector.DONT_KNOW,))
        case Code.LOST_JOB_RECENTLY | Code.SOCIAL_INSURANCE_PAID:
            test = criteria.answered_yes(code, criteria.FIELD_OF[code])
        case Code.AGE_AT_LEAST:
            test = criteria.age_at_least(node.integer("min_age"))
        case Code.AGE_AT_MOST:
            max_age = node.integer("max_age")
            check_age = node.optional("check_age", node.integer, None)
            if check_age is not None:
                if check_age <= max_age:
                    raise node.error("check_age", f"must be more than max_age ({max_age})")
                node.text("check_age_source")
            test = criteria.age_at_most(max_age, check_age)
        case Code.GRADUATED_WITHIN:
            years = node.integer("years")
            check_years = node.optional("check_years", node.integer, None)
            if check_years is not None:
                if check_years <= years:
                    raise node.error("check_years", f"must be more than years ({years})")
                node.text("check_years_source")  # the longer limit needs its own source
            test = criteria.graduated_within("graduation_date", years, check_years)
        case Code.NO_WORK_EXPERIENCE:
            test = criteria.is_false(code, "has_work_experience")
        case Code.WANTS_OWN_BUSINESS:
            test = criteria.is_true(code, "wants_own_business")
        case Code.TARGET_GROUP:
            unmatched_check = node.optional("unmatched_check", node.boolean, False)
            others: OtherGrounds | None = None
            if unmatched_check:
                node.text("unmatched_check_source")
                others = node.member("others", OtherGrounds, "other grounds")
            test = criteria.target_group("groups", _enum_values(node, "any_of", Group), others)
        case Code.BELOW_RETIREMENT_AGE:
            test = criteria.below_retirement_age(schedule)
            read_fields = ("birth_date", "sex")
        case Code.RULE_NOT_VERIFIED:
            topic = node.text("topic")
            test = criteria.not_verified(topic)
            kind = f"{code}:{topic}"  # unverified rules on different topics may coexist
        case _:
            raise node.error("code", f"{code} cannot be used in programmes.toml")
    start = node.optional("from", node.day, valid_from)
    end = node.optional("to", node.day, None)
    if end is not None and end < start:
        raise node.error("to", f"ends ({end}) before it starts ({start})")
    citation = read_citation(node)
    asked = node.optional("asked", node.boolean, True)
    node.optional("note", node.text, "")
    node.done()
    return Criterion(
        code,
        kind,
        read_fields,
        start.toordinal(),
        _LAST_DAY if end is None else end.toordinal(),
        citation.source,
        test,
        citation,
        asked,
    )


def _read_precondition(node: Node) -> Precondition:
    code = node.member("code", Precondition, "precondition")
    node.text("source")
    node.optional("note", node.text, "")
    node.done()
    return code


def _check_criteria_overlap(node: Node, found: list[tuple[str, Criterion]]) -> None:
    """Two criteria of the same kind in force on the same day would contradict each other."""
    for index, (key, criterion) in enumerate(found):
        for other_key, other in found[:index]:
            if (
                criterion.kind == other.kind
                and criterion.start <= other.end
                and other.start <= criterion.end
            ):
                raise RulesError(
                    node.file, key, f"overlapping date ranges: {criterion.kind} as in {other_key}"
                )


def _shares(node: Node) -> tuple[int, ...]:
    value = node.raw("value")
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 100 for v in value)
    ):
        raise node.error("value", "must be a list of percentages (1..100), one per year")
    return tuple(value)


def _read_pay(node: Node, regions: frozenset[str]) -> PayRule:
    kind_text = node.text("kind")
    try:
        kind = PayKind(kind_text)
    except ValueError:
        raise node.error("kind", f"unknown pay kind {kind_text!r}") from None
    citation = read_citation(node)
    source = citation.source
    amount: list[Dated[int]] = []
    shares: list[Dated[tuple[int, ...]]] = []
    cap: list[Dated[int]] = []
    top_ups: dict[str, list[Dated[TopUp]]] = {}
    benefit: Benefit | None = None
    if kind is PayKind.DESCRIBED:
        benefit = node.member("benefit", Benefit, "benefit")
    if kind in (PayKind.FIXED_MONTHLY, PayKind.LUMP_SUM, PayKind.AT_LEAST_MONTHLY) or (
        kind is PayKind.DESCRIBED and node.has("amount_mrp")
    ):
        amount = [read_dated(n, positive_value) for n in node.children("amount_mrp", _by_from)]
    full_time_min_wage = False
    if kind is PayKind.AT_LEAST_MONTHLY:
        full_time_min_wage = node.boolean("full_time_min_wage")
        if full_time_min_wage:
            node.text("full_time_min_wage_source")
    if kind is PayKind.WAGE_SHARE:
        shares = [read_dated(n, _shares) for n in node.children("shares_percent", _by_from)]
        if node.has("cap_mrp"):
            cap = [read_dated(n, positive_value) for n in node.children("cap_mrp", _by_from)]
    if kind is PayKind.FIXED_MONTHLY and node.has("regional_top_up"):
        for item in node.children("regional_top_up", _by_region):
            region = item.text("region")
            if region not in regions:
                raise item.error("region", f"unknown region {region!r} (see regions.toml)")

            def read_top_up(entry: Node) -> TopUp:
                return TopUp(entry.integer("mrp"), entry.optional("verified", entry.boolean, True))

            top_ups.setdefault(region, []).append(read_dated(item, read_top_up))
    unverified: tuple[str, ...] = node.optional("unverified", node.texts, ())
    for part in unverified:
        if part not in ("cap",):
            raise node.error("unverified", f"unknown part {part!r}; known: cap")
    if kind is PayKind.WAGE_SHARE and not cap and "cap" not in unverified:
        raise node.error("cap_mrp", 'missing (or say unverified = ["cap"])')
    node.optional("note", node.text, "")
    node.done()
    file = node.file
    return PayRule(
        kind,
        source,
        citation,
        benefit,
        full_time_min_wage,
        Timeline(check_no_overlap(file, amount)),
        Timeline(check_no_overlap(file, shares)),
        Timeline(check_no_overlap(file, cap)),
        {slug: Timeline(check_no_overlap(file, list_)) for slug, list_ in top_ups.items()},
        tuple(unverified),
    )


def _by_from(index: int, item: Mapping[str, object]) -> str:
    return str(item.get("from", index))


def _by_region(index: int, item: Mapping[str, object]) -> str:
    return f"{item.get('region', index)} {item.get('from', '')}".strip()


def read_programmes(
    top: Node, schedule: RetirementSchedule, regions: frozenset[str]
) -> dict[ProgrammeId, Programme]:
    programmes: dict[ProgrammeId, Programme] = {}
    for node in top.children("programme", lambda i, item: str(item.get("id", i))):
        id_text = node.text("id")
        try:
            programme_id = ProgrammeId(id_text)
        except ValueError:
            raise node.error("id", f"unknown programme id {id_text!r}") from None
        if programme_id in programmes:
            raise node.error("id", f"{id_text} is defined twice")
        name = _names(node)
        short_name = _names(node, "short_name")
        about = _names(node, "about")
        node.text("about_source")
        source = node.text("source")
        valid_from = node.day("valid_from")
        valid_to = node.optional("valid_to", node.day, None)
        if valid_to is not None and valid_to < valid_from:
            raise node.error("valid_to", "is before valid_from")
        applicable = node.optional("apply", node.boolean, True)
        how_to_apply: HowToApply | None = None
        if node.has("how_to_apply"):
            how_to_apply = node.member("how_to_apply", HowToApply)
        elif not applicable:
            raise node.error("how_to_apply", "missing: an information card says where to apply")
        max_months = node.optional("max_months", node.integer, None)
        if max_months is not None:
            node.text("max_months_source")  # a duration needs its own source
        stops_at_retirement = node.optional("stops_at_retirement", node.boolean, False)
        if stops_at_retirement:
            if max_months is None:
                raise node.error("stops_at_retirement", "needs max_months")
            node.text("stops_at_retirement_source")
        node.optional("note", node.text, "")
        found = [
            (item.path, _read_criterion(item, schedule, valid_from))
            for item in node.children("criterion", lambda i, _: str(i))
        ]
        _check_criteria_overlap(node, found)
        preconditions: list[Precondition] = []
        if node.has("precondition"):
            for item in node.children("precondition", lambda i, _: str(i)):
                precondition = _read_precondition(item)
                if precondition in preconditions:
                    raise item.error("code", f"{precondition} is listed twice")
                preconditions.append(precondition)
        pay_rule = _read_pay(node.child("pay"), regions)
        node.done()
        programmes[programme_id] = Programme(
            programme_id,
            name,
            short_name,
            about,
            source,
            valid_from,
            valid_to,
            max_months,
            tuple(criterion for _, criterion in found),
            pay_rule,
            tuple(preconditions),
            applicable,
            how_to_apply,
            stops_at_retirement,
        )
    top.done()
    missing = [p for p in ProgrammeId if p not in programmes]
    if missing:
        raise RulesError(top.file, "programme", f"not defined: {', '.join(missing)}")
    return programmes
