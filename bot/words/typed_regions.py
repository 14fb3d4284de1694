"""Region names as people type them, in Kazakh or Russian: «Павлодар», «Шымкент», «ВКО»,
«Алматы облысы», «г. Алматы», «Алматинская обл.», «Караганды», «Алматыда тұрамын»; the names
and their usual short forms are data (bot/rules/data/regions.toml, `aliases`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from bot.rules import Region, load_rules

# Longer text is a story, not a region's name.
_LONGEST = 80
_WORD = re.compile(r"[^\W_]+")
# Typed without the Kazakh letters (a Russian keyboard), «Қарағанды» is «Караганды».
_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
_CITY_WORDS = frozenset({"город", "гор", "г", "каласы", "кала", "к", "city"})
_REGION_WORDS = frozenset({"область", "обл", "облысы", "облыс", "region", "oblast"})
# «Павлодарда», «Шымкенттен», «Алматыға»: the Kazakh case endings of a place name.
_KAZAKH_ENDINGS = ("нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "да", "де", "та",
                   "те", "га", "ге", "ка", "ке", "на", "не")  # fmt: skip
# A name has at most 3 words («Западно-Казахстанская область» is 3); a short sentence around it
# («я живу в Павлодаре», «мен Шымкенттен») is read too, a longer text is about something else
# (an answer to the career centre's question typed at this step, say) and is left to the fallback.
_LONGEST_NAME_WORDS = 3
_MOST_WORDS = 4


def _folded_words(text: str) -> list[str]:
    return _WORD.findall(text.lower().translate(_FOLD))


def _is_city(region: Region) -> bool:
    return region.slug.endswith("_city")


@cache
def _index() -> tuple[dict[str, set[str]], dict[str, set[str]], frozenset[str]]:
    """Every name and short form of every region, folded: whole, and without the words "city"
    or "region" (which then only tell the two Almatys apart); and the cities' slugs. Made once
    per process, as the rules data is read once."""
    whole: dict[str, set[str]] = {}
    bare: dict[str, set[str]] = {}
    regions = load_rules().regions
    for region in regions:
        for name in (*region.name.values(), *region.aliases):
            words = _folded_words(name)
            whole.setdefault(" ".join(words), set()).add(region.slug)
            core = [w for w in words if w not in _CITY_WORDS | _REGION_WORDS]
            bare.setdefault(" ".join(core), set()).add(region.slug)
    return whole, bare, frozenset(region.slug for region in regions if _is_city(region))


def _forms(words: list[str]) -> Iterator[str]:
    """The words as typed, then with the last one's Kazakh or Russian case ending taken off."""
    yield " ".join(words)
    *first, last = words
    for ending in _KAZAKH_ENDINGS:
        if last.endswith(ending) and len(last) - len(ending) >= 3:
            yield " ".join([*first, last[: -len(ending)]])
    if last.endswith("е") and len(last) >= 5:  # «в Павлодаре», «в Караганде»
        yield " ".join([*first, last[:-1]])
        yield " ".join([*first, last[:-1] + "а"])


def _one(found: Iterable[str]) -> str | None:
    slugs = set(found)
    return next(iter(slugs)) if len(slugs) == 1 else None


def read_region(text: str) -> str | None:
    """The slug of the region the text names; None when it names none, or more than one."""
    if len(text) > _LONGEST:
        return None
    whole, bare, cities = _index()
    words = _folded_words(text)
    if not words or len(words) > _MOST_WORDS:
        return None
    exact = whole.get(" ".join(words))
    if exact is not None:
        return _one(exact)
    wants_city = any(word in _CITY_WORDS for word in words)
    wants_region = any(word in _REGION_WORDS for word in words)
    core = [word for word in words if word not in _CITY_WORDS | _REGION_WORDS]
    # The longest names found win («Северо-Казахстанская» over «Казахстан»); two regions
    # named at once («не Алматы, а Астана») are no answer.
    for size in range(min(len(core), _LONGEST_NAME_WORDS), 0, -1):
        found: set[str] = set()
        for start in range(len(core) - size + 1):
            found |= _named(
                core[start : start + size], whole, bare, cities, wants_city, wants_region
            )
        if found:
            return _one(found)
    return None


def _named(
    window: list[str],
    whole: dict[str, set[str]],
    bare: dict[str, set[str]],
    cities: frozenset[str],
    wants_city: bool,
    wants_region: bool,
) -> set[str]:
    for form in _forms(window):
        named = whole.get(form) if not (wants_city or wants_region) else None
        if named is None:
            named = bare.get(form, set())
            if wants_city != wants_region:
                named = {slug for slug in named if (slug in cities) == wants_city}
        if named:
            return set(named)
    return set()
