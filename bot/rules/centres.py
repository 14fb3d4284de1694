"""Reading centres.toml: each region's career centre, every fact with its source and year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.rules.programmes import LANGUAGES
from bot.rules.schema import Node, RulesError


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing read about a centre: a value per language (or one for all), where it was read
    and the year the page states it (or, undated, the year it was read)."""

    value: Mapping[str, str]  # "kk", "ru"; the same text in both for a phone or a website
    source: str
    as_of: int

    def text(self, language: str) -> str:
        return self.value.get(language, self.value["ru"])


@dataclass(frozen=True, slots=True)
class Centre:
    region: str
    district: str | None
    name: Fact | None = None
    address: Fact | None = None
    phone: Fact | None = None
    hours: Fact | None = None
    website: Fact | None = None

    @property
    def known(self) -> bool:
        return any(fact is not None for fact in (self.name, self.address, self.phone, self.hours))


@dataclass(frozen=True, slots=True)
class Centres:
    phone: Fact  # the national contact centre
    website: Fact  # where the centres' services are online
    entries: tuple[Centre, ...] = ()

    def of(self, region: str | None, district: str | None = None) -> Centre | None:
        """The district's centre where the data has one, else the region's; None: no region."""
        if region is None:
            return None
        for centre in self.entries:
            if centre.region == region and district is not None and centre.district == district:
                return centre
        return next(
            (c for c in self.entries if c.region == region and c.district is None),
            None,
        )


_YEARS = range(2000, 2100)


def _fact(node: Node, name: str, *, translated: bool) -> Fact | None:
    if not node.has(name):
        return None
    table = node.child(name)
    if translated:
        value = {language: table.text(language) for language in LANGUAGES}
    else:
        text = table.text("value")
        value = dict.fromkeys(LANGUAGES, text)
    source = table.text("source")
    as_of = table.integer("as_of")
    if as_of not in _YEARS:
        raise table.error("as_of", "must be the year the page states it, like 2025")
    table.done()
    return Fact(value, source, as_of)


def _required(node: Node, name: str, *, translated: bool) -> Fact:
    fact = _fact(node, name, translated=translated)
    if fact is None:
        raise node.error(name, "missing")
    return fact


def _read_centre(node: Node, regions: frozenset[str]) -> Centre:
    region = node.text("region")
    if region not in regions:
        raise node.error(
            "region", f"unknown region {region!r}; known: {', '.join(sorted(regions))}"
        )
    district = node.optional("district", node.text, None)
    if node.optional("unknown", node.boolean, False):
        node.text("searched")
        node.done()
        return Centre(region, district)
    centre = Centre(
        region,
        district,
        name=_fact(node, "name", translated=True),
        address=_fact(node, "address", translated=True),
        phone=_fact(node, "phone", translated=False),
        hours=_fact(node, "hours", translated=True),
        website=_fact(node, "website", translated=False),
    )
    node.done()
    if not centre.known:
        raise node.error("(facts)", "no name, address, phone or hours: write unknown = true")
    return centre


def read_centres(top: Node, regions: tuple[str, ...]) -> Centres:
    """Every centre; each region listed exactly once without a district."""

    def label(index: int, item: Mapping[str, object]) -> str:
        return f"{item.get('region', index)} {item.get('district', '')}".strip()

    national = top.child("national")
    phone = _required(national, "phone", translated=False)
    website = _required(national, "website", translated=False)
    national.done()
    known = frozenset(regions)
    entries: list[Centre] = []
    for node in top.children("centre", label):
        centre = _read_centre(node, known)
        if any((c.region, c.district) == (centre.region, centre.district) for c in entries):
            raise node.error("region", "listed twice")
        entries.append(centre)
    top.done()
    listed = {c.region for c in entries if c.district is None}
    missing = [region for region in regions if region not in listed]
    if missing:
        raise RulesError(
            top.file, "centre", f"regions not listed (write unknown = true): {', '.join(missing)}"
        )
    return Centres(phone, website, tuple(entries))
