"""Every region's districts and cities: the 2026 map, KATO codes with sources, strict reading."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.rules import DistrictKind, RulesError, load_rules
from bot.rules.loader import DATA_DIRECTORY


def rules_with(tmp_path: Path, old: str, new: str) -> Path:
    shutil.copytree(DATA_DIRECTORY, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "districts.toml"
    text = path.read_text("utf-8")
    assert old in text, f"the test's anchor {old!r} is not in districts.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return tmp_path


def kazakh_names(region: str) -> list[str]:
    return [unit.name["kk"] for unit in load_rules().districts.of(region)]


def test_the_map_is_kato_s_228_second_level_units_of_2026_each_with_a_code() -> None:
    units = load_rules().districts.all()
    assert len(units) == 228
    assert all(unit.kato is not None and unit.kato_source for unit in units)


def test_every_region_lists_its_units_and_every_code_starts_with_the_region_s_digits() -> None:
    rules = load_rules()
    prefixes = set()
    for region in rules.regions:
        units = rules.districts.of(region.slug)
        assert units, region.slug
        assert all(unit.region == region.slug for unit in units)
        prefixes |= {unit.kato[:2] for unit in units if unit.kato}
        assert len({unit.kato[:2] for unit in units if unit.kato}) == 1, region.slug
    assert len(prefixes) == len(rules.regions)


def test_the_five_districts_named_behind_plan_in_turkistan_are_there_with_their_codes() -> None:
    # ../shared/seeds/: Бәйдібек, Мақтаарал, Жетісай, Отырар, Сауран; codes from KATO 17.10.2022.
    units = {unit.name["kk"]: unit for unit in load_rules().districts.of("turkistan")}
    assert {
        name: units[name].kato
        for name in (
            "Бәйдібек ауданы",
            "Мақтаарал ауданы",
            "Жетісай ауданы",
            "Отырар ауданы",
            "Сауран ауданы",
        )
    } == {
        "Бәйдібек ауданы": "613600000",
        "Мақтаарал ауданы": "614400000",
        "Жетісай ауданы": "613800000",
        "Отырар ауданы": "614800000",
        "Сауран ауданы": "615500000",
    }
    assert units["Сауран ауданы"].since == date(2021, 3, 15)
    assert len(units) == 17  # 14 districts, Түркістан, Арыс, Кентау


def test_the_regions_of_2022_have_the_districts_made_since() -> None:
    assert {"Жаңасемей ауданы", "Мақаншы ауданы"} <= set(kazakh_names("abai"))
    assert {"Үлкен Нарын ауданы", "Марқакөл ауданы"} <= set(kazakh_names("east_kazakhstan"))
    assert kazakh_names("ulytau") == [
        "Жезқазған қаласы",
        "Қаражал қаласы",
        "Сәтбаев қаласы",
        "Жаңаарқа ауданы",
        "Ұлытау ауданы",
    ]
    assert len(kazakh_names("zhetisu")) == 10


def test_the_cities_of_republican_significance_have_their_city_districts() -> None:
    assert len(kazakh_names("almaty_city")) == 8
    assert set(kazakh_names("astana_city")) == {
        "Алматы ауданы",
        "Байқоңыр ауданы",
        "Есіл ауданы",
        "Нұра ауданы",
        "Сарайшық ауданы",
        "Сарыарқа ауданы",
    }
    assert "Тұран ауданы" in kazakh_names("shymkent_city")


def test_alatau_is_a_city_of_almaty_region_since_january_2024() -> None:
    alatau = load_rules().districts.get("alatau_city")
    assert alatau is not None
    assert (alatau.region, alatau.kind, alatau.kato) == (
        "almaty_region",
        DistrictKind.CITY,
        "191800000",
    )
    assert alatau.since == date(2024, 1, 9)


def test_in_a_region_the_cities_come_first_the_regional_centre_leading() -> None:
    rules = load_rules()
    centres = {
        "akmola": "kokshetau",
        "zhetisu": "taldykorgan",
        "abai": "semey",
        "ulytau": "zhezkazgan",
        "turkistan": "turkistan_city",
        "east_kazakhstan": "oskemen",
    }
    for slug, centre in centres.items():
        assert rules.districts.of(slug)[0].id == centre
    for region in rules.regions:
        kinds = [unit.kind for unit in rules.districts.of(region.slug)]
        assert kinds == sorted(kinds, key=lambda kind: kind != DistrictKind.CITY), region.slug


def test_a_unit_without_a_code_loads_marked_unknown_when_the_search_is_written(
    tmp_path: Path,
) -> None:
    old = 'kato = "615500000", kato_source = "kato_turkistan_2022"'
    rules = load_rules(rules_with(tmp_path, old, 'kato_unknown = "searched: nothing"'))
    sauran = rules.districts.get("sauran")
    assert sauran is not None
    assert (sauran.kato, sauran.kato_unknown) == (None, "searched: nothing")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'kato = "615500000", kato_source = "kato_turkistan_2022", ',
            "",
            "districts.toml: region[turkistan].district[sauran].kato: missing",
        ),
        (
            'kato = "615500000"',
            'kato = "115500000"',
            "districts.toml: region[turkistan].district[sauran].kato: 115500000 does not start",
        ),
        (
            'kato = "615500000"',
            'kato = "614800000"',
            "districts.toml: region[turkistan].district[sauran].kato: 614800000 is also otyrar's",
        ),
        (
            'id = "sauran"',
            'id = "otyrar"',
            "districts.toml: region[turkistan].district[otyrar].id: otyrar is also in turkistan",
        ),
        (
            'name = { kk = "Сауран ауданы", ru = "район Сауран" }',
            'name = { kk = "Сауран ауданы" }',
            "districts.toml: region[turkistan].district[sauran].name.ru: missing",
        ),
        (
            'id = "sauran", kind = "district"',
            'id = "sauran", kind = "village"',
            "districts.toml: region[turkistan].district[sauran].kind: unknown kind 'village'",
        ),
        (
            'kato_source = "kato_turkistan_2022", since = 2021-03-15',
            'kato_source = "wikipedia", since = 2021-03-15',
            "districts.toml: region[turkistan].district[sauran].kato_source: unknown 'wikipedia'",
        ),
        (
            'id = "sauran", kind',
            'id = "Сауран", kind',
            "districts.toml: region[turkistan].district[Сауран].id: 'Сауран' must be lower-case",
        ),
        (
            '[[region]]\nregion = "ulytau"',
            '[[region]]\nregion = "ulytau_old"',
            "districts.toml: region[ulytau_old].region: unknown region 'ulytau_old'",
        ),
    ],
)
def test_a_mistake_in_the_districts_names_the_file_and_the_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(RulesError) as raised:
        load_rules(rules_with(tmp_path, old, new))
    assert str(raised.value).startswith(message), str(raised.value)
