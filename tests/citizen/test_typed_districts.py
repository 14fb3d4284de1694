"""A district or city typed in Kazakh or Russian is understood within the region already chosen."""

import pytest

from bot.rules import load_rules
from bot.words.typed_districts import read_district


@pytest.mark.parametrize(
    ("region", "typed", "district"),
    [
        ("turkistan", "Сарыағаш", "saryagash"),
        ("turkistan", "Сарыагашский район", "saryagash"),
        ("turkistan", "в Сарыагашском районе", "saryagash"),
        ("turkistan", "Мен Сарыағаш ауданынанмын", "saryagash"),
        ("turkistan", "сарыагаш ауданы", "saryagash"),
        ("turkistan", "г. Кентау", "kentau"),
        ("turkistan", "Кентаудан", "kentau"),
        ("turkistan", "Байдибек", "baidibek"),
        ("turkistan", "район Байдибека", "baidibek"),
        ("turkistan", "Отрарский", "otyrar"),
        ("turkistan", "Мактаарал", "maktaaral"),
        ("turkistan", "Туркестан", "turkistan_city"),
        ("turkistan", "Сауран ауданы", "sauran"),
        ("kostanay", "Қостанай", "kostanay_city"),
        ("kostanay", "Костанайский район", "kostanay_district"),
        ("kostanay", "Қостанай ауданы", "kostanay_district"),
        ("karaganda", "Бұқар жырау", "bukhar_zhyrau"),
        ("karaganda", "Бухар-Жырауский район", "bukhar_zhyrau"),
        ("north_kazakhstan", "Ғабит Мүсірепов ауданы", "gabit_musrepov"),
        ("north_kazakhstan", "район Габита Мусрепова", "gabit_musrepov"),
        ("almaty_city", "Алатауский район", "almaty_alatau"),
        ("almaty_region", "Алатау", "alatau_city"),
        ("shymkent_city", "Абай ауданы", "shymkent_abai"),
        ("astana_city", "Сарайшык", "saraishyk"),
        ("east_kazakhstan", "Үлкен Нарын", "ulken_naryn"),
    ],
)
def test_a_typed_district_name_is_understood(region: str, typed: str, district: str) -> None:
    assert read_district(typed, region) == district


@pytest.mark.parametrize(
    ("region", "typed"),
    [
        ("turkistan", "Сайрам немесе Төлеби"),  # two districts at once
        ("turkistan", "Павлодар"),  # a place of another region
        ("turkistan", "білмеймін"),
        ("turkistan", "ауданы"),
        (None, "Сарыағаш"),  # no region chosen yet
        ("turkistan", "Мен Сарыағаш ауданынанмын, бірақ қазір Шымкентте жұмыс істеймін " * 2),
    ],
)
def test_what_names_no_one_district_of_the_region_is_no_answer(
    region: str | None, typed: str
) -> None:
    assert read_district(typed, region) is None


def test_every_unit_s_own_names_read_back_to_it_in_its_region() -> None:
    districts = load_rules().districts
    misread = [
        (unit.id, name, read_district(name, unit.region))
        for unit in districts.all()
        for name in unit.name.values()
        if read_district(name, unit.region) != unit.id
    ]
    assert misread == []
