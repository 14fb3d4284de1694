"""Region names as people type them, in Kazakh or Russian: «Павлодар», «Шымкент», «ВКО»,
«Алматы облысы», «г. Павлодар», «Павлодар қаласы», «из Павлодара», «в Павлодарской области»,
«Павлодар облысынан», «Алматыда тұрамын», «ЮКО». The names and their usual short forms are data
(bot/rules/data/regions.toml, `aliases`); what is understood here is general: the words "city"
and "region" in their forms, prepositions, and the Russian and Kazakh endings of a name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import product

from bot.rules import Region, load_rules

# Longer text is a story, not a region's name.
_LONGEST = 80
_WORD = re.compile(r"[^\W_]+")
# Typed without the Kazakh letters (a Russian keyboard), «Қарағанды» is «Караганды».
_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
# "City" and "region" in their forms: «г.», «гор.», «город», «городе», «қаласы», «қаласында»;
# «обл.», «область», «области», «облысы», «облысынан».
_CITY_EXACT = frozenset({"г", "гор", "к", "city"})
_CITY_STARTS = ("город", "кала")
_REGION_EXACT = frozenset({"region", "oblast"})
_REGION_STARTS = ("обл",)
# Short words around a name that do not make the text longer: «в», «из», «на»; «мен» (I).
_LITTLE = frozenset({"в", "во", "из", "с", "со", "на", "по", "у", "от", "до", "мен", "я"})
# The Kazakh endings of a place name (folded): «Павлодарда», «Шымкенттен», «Алматыға»,
# «Павлодардың», «Атыраудағы»; tried longest first.
_KAZAKH_ENDINGS = tuple(
    sorted(
        {
            *("да", "де", "та", "те", "нда", "нде"),
            *("дан", "ден", "тан", "тен", "нан", "нен"),
            *("га", "ге", "ка", "ке", "на", "не"),
            *("нын", "нин", "дын", "дин", "тын", "тин"),
            *("ны", "ни", "ды", "ди", "ты", "ти"),
            *("дагы", "деги", "тагы", "теги", "ндагы", "ндеги"),
        },
        key=len,
        reverse=True,
    )
)
# The Russian case endings of a noun or an adjective: «из Павлодара», «в Караганде»,
# «Семея», «Астаной», «Павлодарской», «в Восточном»; the name is then the stem with one of
# `_RUSSIAN_ADDED` («Караганд» + «а», «Семе» + «й», «Павлодарск» + «ая», «Восточн» + «ый»).
_RUSSIAN_ENDINGS = ("ого", "ому", "ой", "ая", "ую", "ое", "ом", "ем", "ей", "ым", "ых", "ые",
                    "а", "я", "у", "ю", "е", "ы", "и")  # fmt: skip
_RUSSIAN_ADDED = ("", "а", "й", "ая", "ый", "ий", "ь")
_SHORTEST_STEM = 3
# A name has at most 3 words («Западно-Казахстанская область» is 3, «Оңтүстік Қазақстан
# облысы» too); a short sentence around it («я живу в Павлодарской области», «мен Шымкенттен»)
# is read too, a longer text is about something else (an answer to the career centre's question
# typed at this step, say) and is left to the fallback.
_LONGEST_NAME_WORDS = 3
_MOST_WORDS = 4


def _folded_words(text: str) -> list[str]:
    return _WORD.findall(text.lower().translate(_FOLD))


def _is_city_word(word: str) -> bool:
    return word in _CITY_EXACT or word.startswith(_CITY_STARTS)


def _is_region_word(word: str) -> bool:
    return word in _REGION_EXACT or word.startswith(_REGION_STARTS)


def _is_city(region: Region) -> bool:
    return region.slug.endswith("_city")


@cache
def _index() -> tuple[dict[str, set[str]], dict[str, set[str]], frozenset[str], frozenset[str]]:
    """Every name and short form of every region, folded: whole, and without the words "city"
    or "region" (which then only tell the two Almatys apart); the cities' slugs; and every word
    of every name. Made once per process, as the rules data is read once."""
    whole: dict[str, set[str]] = {}
    bare: dict[str, set[str]] = {}
    vocabulary: set[str] = set()
    regions = load_rules().regions
    for region in regions:
        for name in (*region.name.values(), *region.aliases):
            words = _folded_words(name)
            whole.setdefault(" ".join(words), set()).add(region.slug)
            core = [w for w in words if not (_is_city_word(w) or _is_region_word(w))]
            bare.setdefault(" ".join(core), set()).add(region.slug)
            vocabulary.update(core)
    cities = frozenset(region.slug for region in regions if _is_city(region))
    return whole, bare, cities, frozenset(vocabulary)


def _bases(word: str, vocabulary: frozenset[str]) -> list[str]:
    """The word of a name it can be: itself, or without its Kazakh or Russian ending (and the
    Russian stem completed); only words some region's name has."""
    if word in vocabulary:
        return [word]
    found: list[str] = []
    for ending in _KAZAKH_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= _SHORTEST_STEM and stem in vocabulary:
            found.append(stem)
    for ending in _RUSSIAN_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= _SHORTEST_STEM:
            found += [stem + added for added in _RUSSIAN_ADDED if stem + added in vocabulary]
    return list(dict.fromkeys(found))


def _forms(window: list[list[str]]) -> Iterator[str]:
    """Every reading of a run of typed words, each word read as a word of some name."""
    for words in product(*window):
        yield " ".join(words)


def _one(found: Iterable[str]) -> str | None:
    slugs = set(found)
    return next(iter(slugs)) if len(slugs) == 1 else None


def read_region(text: str) -> str | None:
    """The slug of the region the text names; None when it names none, or more than one."""
    if len(text) > _LONGEST:
        return None
    whole, bare, cities, vocabulary = _index()
    words = _folded_words(text)
    if not words:
        return None
    exact = whole.get(" ".join(words))
    if exact is not None:
        return _one(exact)
    wants_city = any(_is_city_word(word) for word in words)
    wants_region = any(_is_region_word(word) for word in words)
    core = [w for w in words if not (_is_city_word(w) or _is_region_word(w))]
    if len([w for w in core if w not in _LITTLE]) > _MOST_WORDS:
        return None
    readings = [_bases(word, vocabulary) for word in core]
    # The longest names found win («Северо-Казахстанская» over «Казахстан»); two regions
    # named at once («не Алматы, а Астана») are no answer.
    for size in range(min(len(core), _LONGEST_NAME_WORDS), 0, -1):
        found: set[str] = set()
        for start in range(len(core) - size + 1):
            window = readings[start : start + size]
            if all(window):
                found |= _named(window, whole, bare, cities, wants_city, wants_region)
        if found:
            return _one(found)
    return None


def _named(
    window: list[list[str]],
    whole: dict[str, set[str]],
    bare: dict[str, set[str]],
    cities: frozenset[str],
    wants_city: bool,
    wants_region: bool,
) -> set[str]:
    """The regions a run of words names. With "city" typed, a city of republican significance
    if the name is one («город Алматы»), else the region the city is in («г. Павлодар»); with
    "region" typed, never a city («Алматы облысы»; «Шымкент облысы» names none)."""
    for form in _forms(window):
        named = whole.get(form) if not (wants_city or wants_region) else None
        if named is None:
            named = bare.get(form, set())
            if wants_city and not wants_region:
                named = {slug for slug in named if slug in cities} or named
            elif wants_region and not wants_city:
                named = {slug for slug in named if slug not in cities}
        if named:
            return set(named)
    return set()
