"""Loading the rules: read every TOML file once, check it strictly, compile it for fast lookups."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.rules.centres import Centres, read_centres
from bot.rules.deadlines import Deadlines, read_deadlines
from bot.rules.districts import Districts, read_districts
from bot.rules.documents import Documents, read_documents
from bot.rules.model import ProgrammeId, Sex
from bot.rules.notices import DatedNotice, read_notices
from bot.rules.programmes import LANGUAGES, Programme, read_programmes
from bot.rules.retirement import RetirementSchedule
from bot.rules.schema import Node, RulesError, check_no_overlap, positive_value, read_dated
from bot.rules.snapshot import Snapshots
from bot.rules.timeline import Timeline

DATA_DIRECTORY = Path(__file__).parent / "data"
PARAMETERS = ("mrp", "min_wage")


class ParameterNotInForce(LookupError):
    """No value of a parameter is known for the asked date (e.g. MRP before 2020)."""


@dataclass(frozen=True, slots=True)
class Region:
    slug: str
    name: Mapping[str, str]  # "kk", "ru"
    aliases: tuple[str, ...] = ()  # what people type besides the names: «ВКО», «Павлодар»


@dataclass(frozen=True, slots=True)
class Rules:
    programmes: Mapping[ProgrammeId, Programme]  # in display order
    regions: tuple[Region, ...]  # in display order
    parameters: Mapping[str, Timeline[int]]  # "mrp", "min_wage": verified values only
    retirement: RetirementSchedule
    directory: Path
    snapshots: Snapshots  # what holds on a day regardless of the citizen, precomputed
    centres: Centres  # each region's career centre (centres.toml)
    documents: Documents  # what to bring, the legal clocks (documents.toml)
    districts: Districts  # each region's districts and cities, with KATO (districts.toml)
    deadlines: Deadlines  # the target time of each waiting status (deadlines.toml)
    notices: tuple[DatedNotice, ...] = ()  # dated facts for the cards (notices.toml)

    def parameter(self, name: str, on: date) -> int:
        """The value of "mrp" or "min_wage" in force on `on`."""
        entry = self.parameters[name].at(on)
        if entry is None:
            raise ParameterNotInForce(f"no {name} value is known for {on.isoformat()}")
        return entry.value

    def region(self, slug: str) -> Region | None:
        return next((region for region in self.regions if region.slug == slug), None)


def _read_toml(directory: Path, name: str) -> Node:
    path = directory / name
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        raise RulesError(name, "(file)", f"not found in {directory}") from None
    except tomllib.TOMLDecodeError as error:
        raise RulesError(name, "(syntax)", str(error)) from None
    return Node(name, "", data)


def _age_in_months(node: Node) -> int:
    value = node.raw("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or value * 2 != int(value * 2):
        raise node.error("value", "must be an age in years, whole or half (61, 61.5)")
    return round(value * 12)


def _read_parameters(top: Node) -> dict[str, Timeline[int]]:
    parameters: dict[str, Timeline[int]] = {}
    for name in PARAMETERS:
        table = top.child(name)
        table.text("description")
        entries = [read_dated(n, positive_value) for n in table.children("values", _by_from)]
        table.done()
        checked = check_no_overlap(top.file, entries)
        # Values the reference could not confirm are kept in the file for review, not used.
        parameters[name] = Timeline([entry for entry in checked if entry.verified])
    return parameters


def _read_retirement(top: Node) -> RetirementSchedule:
    table = top.child("retirement_age")
    by_sex: dict[Sex, Timeline[int]] = {}
    for sex in Sex:
        entries = [read_dated(n, _age_in_months) for n in table.children(sex.value, _by_from)]
        if not entries:
            raise table.error(sex.value, "needs at least one value")
        for entry in entries:
            if not entry.verified:
                raise RulesError(top.file, entry.key, "retirement ages must be verified")
        checked = check_no_overlap(top.file, entries)
        if checked[-1].end is not None:
            raise RulesError(top.file, checked[-1].key, "the last retirement age must have no `to`")
        by_sex[sex] = Timeline(checked)
    table.done()
    return RetirementSchedule(by_sex)


def _read_regions(top: Node) -> tuple[Region, ...]:
    top.text("source")
    top.optional("aliases_source", top.text, "")
    regions: list[Region] = []
    named: dict[str, str] = {}  # every name and alias, lower case → the region's slug
    for node in top.children("region", lambda i, item: str(item.get("slug", i))):
        slug = node.text("slug")
        if any(region.slug == slug for region in regions):
            raise node.error("slug", f"{slug} is listed twice")
        names = node.child("name")
        region = Region(
            slug,
            {language: names.text(language) for language in LANGUAGES},
            node.optional("aliases", node.texts, ()),
        )
        names.done()
        for name in (*region.name.values(), *region.aliases):
            other = named.setdefault(name.lower(), slug)
            if other != slug:
                raise node.error("aliases", f"{name!r} also names {other}")
        node.done()
        regions.append(region)
    top.done()
    return tuple(regions)


def _by_from(index: int, item: Mapping[str, object]) -> str:
    return str(item.get("from", index))


def _load(directory: Path) -> Rules:
    parameters_file = _read_toml(directory, "parameters.toml")
    parameters = _read_parameters(parameters_file)
    retirement = _read_retirement(parameters_file)
    parameters_file.done()
    regions = _read_regions(_read_toml(directory, "regions.toml"))
    programmes = read_programmes(
        _read_toml(directory, "programmes.toml"),
        retirement,
        frozenset(region.slug for region in regions),
    )
    notices = read_notices(_read_toml(directory, "notices.toml"))
    snapshots = Snapshots(programmes, parameters, notices)
    centres = read_centres(
        _read_toml(directory, "centres.toml"), tuple(region.slug for region in regions)
    )
    documents = read_documents(_read_toml(directory, "documents.toml"))
    districts = read_districts(
        _read_toml(directory, "districts.toml"), tuple(region.slug for region in regions)
    )
    deadlines = read_deadlines(_read_toml(directory, "deadlines.toml"), documents)
    for programme in documents.programmes.values():
        if programme.course is not None and programme.course not in programmes:
            raise RulesError("documents.toml", "programme.course", f"{programme.course} unknown")
    return Rules(
        programmes,
        regions,
        parameters,
        retirement,
        directory,
        snapshots,
        centres,
        documents,
        districts,
        deadlines,
        notices,
    )


@functools.cache
def _default_rules() -> Rules:
    return _load(DATA_DIRECTORY)


def load_rules(directory: Path | None = None) -> Rules:
    """The rules in `directory` (default: the bundled data, loaded once). Raises RulesError."""
    return _default_rules() if directory is None else _load(directory)
