"""Programme and region names in the reader's language, and the regions in the order they read."""

from __future__ import annotations

import math
from collections.abc import Mapping

from bot.i18n import get_i18n
from bot.rules import Region, load_rules

# A page of region buttons, for citizens and staff alike: 20 regions do not fit one screen.
REGIONS_PER_PAGE = 7


def _in_language(names: Mapping[str, str]) -> str:
    return str(names.get(get_i18n().current_locale, names["ru"]))


def programme_name(programme: str) -> str:
    """The official name (legal data from the rules, not a UI text) in the current language."""
    rules = load_rules().programmes.get(programme)  # type: ignore[call-overload]
    return programme if rules is None else _in_language(rules.name)


def short_name(programme: str) -> str:
    """The name on a button and in the results' list («Күміс жас», «Грант 400 МРП»)."""
    rules = load_rules().programmes.get(programme)  # type: ignore[call-overload]
    return programme if rules is None else _in_language(rules.short_name)


def programme_about(programme: str) -> str:
    """What the programme is, in one sentence (data, with its source, in programmes.toml)."""
    rules = load_rules().programmes.get(programme)  # type: ignore[call-overload]
    return "" if rules is None else _in_language(rules.about)


def region_name(slug: str | None) -> str:
    for region in load_rules().regions:
        if region.slug == slug:
            return str(region.name.get(get_i18n().current_locale, region.name["ru"]))
    return slug or "—"


# Kazakh letters in Russian names ("область Жетісу", "область Ұлытау"), read as the Russian
# letter they are written for, so that they sort among the others.
_AS_RUSSIAN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІё", "агкноуухиАГКНОУУХИе")


def regions_in_order(locale: str) -> tuple[Region, ...]:
    """The three cities first, then the regions in the alphabetical order of the language the
    citizen reads: the data lists them in Kazakh order, where West (Батыс) follows Atyrau and
    East (Шығыс) comes last, hard to find for someone reading Russian."""
    regions = load_rules().regions
    if locale == "kk":
        return regions
    cities = tuple(region for region in regions if region.slug.endswith("_city"))

    def russian_order(region: Region) -> str:
        name = region.name.get(locale, region.name["ru"]).replace("область", "")
        return name.strip().lower().translate(_AS_RUSSIAN)

    rest = sorted((region for region in regions if region not in cities), key=russian_order)
    return (*cities, *rest)


def region_pages() -> int:
    return math.ceil(len(load_rules().regions) / REGIONS_PER_PAGE)
