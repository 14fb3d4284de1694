"""Reading districts.toml: each region's districts and cities of regional significance, KATO."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.rules.programmes import LANGUAGES
from bot.rules.schema import Node, RulesError

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_REGION_KATO = re.compile(r"[0-9]{2}\Z")
_KATO = re.compile(r"[0-9]{9}\Z")


class DistrictKind(StrEnum):
    DISTRICT = "district"  # аудан: of a region, or of Astana, Almaty, Shymkent
    CITY = "city"  # облыстық маңызы бар қала


@dataclass(frozen=True, slots=True)
class District:
    id: str
    region: str  # a slug of regions.toml
    kind: DistrictKind
    name: Mapping[str, str]  # "kk", "ru", as KATO writes them
    kato: str | None  # nine digits; None: no source gave the code (see kato_unknown)
    kato_source: str | None  # where the code was read
    kato_unknown: str | None = None  # what was searched when no code was found
    since: date | None = None  # units made after 2018: the day they came about
    act: str | None = None  # and the act that made them


@dataclass(frozen=True, slots=True)
class Districts:
    by_region: Mapping[str, tuple[District, ...]]  # in display order

    def of(self, region: str | None) -> tuple[District, ...]:
        """The region's units in display order; none for an unknown or missing region."""
        return self.by_region.get(region, ()) if region is not None else ()

    def get(self, district_id: str | None) -> District | None:
        if district_id is None:
            return None
        for units in self.by_region.values():
            for unit in units:
                if unit.id == district_id:
                    return unit
        return None

    def all(self) -> tuple[District, ...]:
        return tuple(unit for units in self.by_region.values() for unit in units)


def _read_kato_sources(top: Node) -> dict[str, str]:
    table = top.child("kato_sources")
    sources = {key: table.text(key) for key in table.names()}
    table.done()
    if not sources:
        raise top.error("kato_sources", "needs at least one source")
    return sources


def _read_district(node: Node, region: str, prefix: str, sources: Mapping[str, str]) -> District:
    district_id = node.text("id")
    if not _ID.match(district_id):
        raise node.error("id", f"{district_id!r} must be lower-case ascii, digits and _")
    kind = node.member("kind", DistrictKind, "kind")
    names = node.child("name")
    name = {language: names.text(language) for language in LANGUAGES}
    names.done()
    kato = node.optional("kato", node.text, None)
    kato_source: str | None = None
    kato_unknown: str | None = None
    if kato is None:
        kato_unknown = node.optional("kato_unknown", node.text, None)
        if kato_unknown is None:
            raise node.error("kato", "missing: give the code, or kato_unknown = what was searched")
    else:
        if not _KATO.match(kato):
            raise node.error("kato", f"{kato!r} must be nine digits")
        if not kato.startswith(prefix):
            raise node.error("kato", f"{kato} does not start with the region's {prefix}")
        key = node.text("kato_source")
        if key not in sources:
            raise node.error("kato_source", f"unknown {key!r}; known: {', '.join(sources)}")
        kato_source = sources[key]
    since = node.optional("since", node.day, None)
    act = node.optional("act", node.text, None)
    if since is not None and act is None:
        raise node.error("act", "missing: a unit with `since` names the act that made it")
    node.done()
    return District(district_id, region, kind, name, kato, kato_source, kato_unknown, since, act)


def read_districts(top: Node, regions: tuple[str, ...]) -> Districts:
    """Every region's units; each region of regions.toml listed exactly once."""
    sources = _read_kato_sources(top)
    known = frozenset(regions)
    by_region: dict[str, tuple[District, ...]] = {}
    prefixes: dict[str, str] = {}
    ids: dict[str, str] = {}
    codes: dict[str, str] = {}
    for node in top.children("region", lambda i, item: str(item.get("region", i))):
        region = node.text("region")
        if region not in known:
            raise node.error("region", f"unknown region {region!r}; known: {', '.join(regions)}")
        if region in by_region:
            raise node.error("region", f"{region} is listed twice")
        prefix = node.text("kato")
        if not _REGION_KATO.match(prefix):
            raise node.error("kato", f"{prefix!r} must be the region's two KATO digits")
        if prefix in prefixes:
            raise node.error("kato", f"{prefix} is also {prefixes[prefix]}'s")
        prefixes[prefix] = region
        node.text("source")
        units: list[District] = []
        for child in node.children("district", lambda i, item: str(item.get("id", i))):
            unit = _read_district(child, region, prefix, sources)
            if unit.id in ids:
                raise child.error("id", f"{unit.id} is also in {ids[unit.id]}")
            ids[unit.id] = region
            if unit.kato is not None:
                if unit.kato in codes:
                    raise child.error("kato", f"{unit.kato} is also {codes[unit.kato]}'s")
                codes[unit.kato] = unit.id
            units.append(unit)
        if not units:
            raise node.error("district", "needs at least one unit")
        node.done()
        by_region[region] = tuple(units)
    top.done()
    missing = [region for region in regions if region not in by_region]
    if missing:
        raise RulesError(top.file, "region", f"regions not listed: {', '.join(missing)}")
    return Districts({region: by_region[region] for region in regions})
