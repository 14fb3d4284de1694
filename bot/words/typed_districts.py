"""District and city names as people type them, in Kazakh or Russian, within the region already
chosen: «Сарыағаш», «Сарыагашский район», «в Сарыагашском районе», «Мен Сарыағаш ауданынанмын»,
«г. Кентау»; the names are data (bot/rules/data/districts.toml)."""

from __future__ import annotations

import re
from functools import cache

from bot.rules import DistrictKind, Districts, load_rules

# Longer text is a story, not a district's name.
_LONGEST = 80
_MOST_WORDS = 6
_LONGEST_NAME_WORDS = 3
_WORD = re.compile(r"[^\W_]+")
# Typed without the Kazakh letters (a Russian keyboard), «Сарыағаш» is «Сарыагаш».
_FOLD = str.maketrans("әғқңөұүһіёй", "агкноуухиеи")
# Words around a name in a short sentence: «мен … тұрамын», «я живу в …».
_FILLER = frozenset({"мен", "я", "из", "в", "во", "живу", "турамын", "туратынмын", "имени", "им"})
# «Сарыағашта», «Кентаудан»: the Kazakh case endings of a place name, and «…мын» (I am from).
_KAZAKH_ENDINGS = ("ынанмын", "нанмын", "ынан", "нан", "нен", "дан", "ден", "тан", "тен",
                   "нда", "нде", "да", "де", "та", "те", "мын", "мин")  # fmt: skip
# «Сарыагашский», «в Сарыагашском районе», «из Сарыагашского района»: the Russian adjective,
# folded (й is и).
_ADJECTIVE_ENDINGS = ("ского", "скому", "ском", "ским", "скии", "ская")


def _folded_words(text: str) -> list[str]:
    return _WORD.findall(text.lower().translate(_FOLD))


def _kind_word(word: str) -> DistrictKind | None:
    """The kind a word like «ауданы», «района», «қаласында», «г.» names; None: no such word."""
    if word in {"р", "рн"} or word.startswith(("аудан", "раион")):  # folded: «район»
        return DistrictKind.DISTRICT
    if word in {"г", "к", "кала"} or word.startswith(("калас", "город")):
        return DistrictKind.CITY
    return None


def _stems(word: str) -> set[str]:
    """The word, and the word without a Kazakh case ending or a Russian adjective ending."""
    found = {word}
    for ending in (*_KAZAKH_ENDINGS, *_ADJECTIVE_ENDINGS):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            found.add(word[: -len(ending)])
    return found


@cache
def _index() -> dict[str, dict[str, set[str]]]:
    """For each region: every unit's names, folded, without «ауданы», «район», «қаласы»,
    «город», and the Russian adjective's stem (Сарыагашский → сарыагаш). Made once."""
    by_region: dict[str, dict[str, set[str]]] = {}
    districts = load_rules().districts
    for region, units in districts.by_region.items():
        names: dict[str, set[str]] = {}
        for unit in units:
            for name in unit.name.values():
                words = _folded_words(name)
                core = [w for w in words if _kind_word(w) is None and w not in _FILLER]
                if not core:
                    continue
                *first, last = core
                for form in {last, *(s for s in _stems(last) if s != last)}:
                    names.setdefault(" ".join([*first, form]), set()).add(unit.id)
        by_region[region] = names
    return by_region


def read_district(text: str, region: str | None) -> str | None:
    """The id of the unit of `region` the text names; None when it names none, or several."""
    if region is None or len(text) > _LONGEST:
        return None
    names = _index().get(region)
    if names is None:
        return None
    words = [word for word in _folded_words(text) if word not in _FILLER]
    kinds = {kind for word in words if (kind := _kind_word(word)) is not None}
    core = [word for word in words if _kind_word(word) is None]
    if not core or len(core) > _MOST_WORDS:
        return None
    districts = load_rules().districts
    # The longest names found win («Бұқар жырау» over a word of it); two units named at once
    # («не Сайрам, а Төлеби») are no answer.
    for size in range(min(len(core), _LONGEST_NAME_WORDS), 0, -1):
        found: set[str] = set()
        for start in range(len(core) - size + 1):
            *first, last = core[start : start + size]
            for form in _stems(last):
                found |= names.get(" ".join([*first, form]), set())
        if found:
            return _one(found, kinds, districts)
    return None


def _one(found: set[str], kinds: set[DistrictKind], districts: Districts) -> str | None:
    units = [unit for unit_id in found if (unit := districts.get(unit_id)) is not None]
    if len(kinds) == 1:
        units = [unit for unit in units if unit.kind in kinds] or units
    if len(units) > 1:
        # «Қостанай» alone is the city, as people mean it; «Қостанай ауданы» the district.
        cities = [unit for unit in units if unit.kind is DistrictKind.CITY]
        units = cities if len(cities) == 1 and not kinds else units
    return units[0].id if len(units) == 1 else None
