"""A region typed as people write it (bot/words/typed_regions.py): the words "city" and "region"
in their forms, prepositions, Russian and Kazakh endings, the old names; two places at once or
a city that is not a region's ask back."""

from __future__ import annotations

import pytest

from bot.words.typed_regions import read_region


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        # A regional centre with the word "city" is its region.
        ("г. Павлодар", "pavlodar"),
        ("город Павлодар", "pavlodar"),
        ("Павлодар қаласы", "pavlodar"),
        ("Кокшетау қаласы", "akmola"),
        # Russian cases of a city and of a region's adjective.
        ("из Павлодара", "pavlodar"),
        ("в Павлодарской области", "pavlodar"),
        ("Павлодарская обл.", "pavlodar"),
        ("я живу в Павлодарской области", "pavlodar"),
        ("в Карагандинской области", "karaganda"),
        ("из Караганды", "karaganda"),
        ("в Семее", "abai"),
        ("Восточно-Казахстанской области", "east_kazakhstan"),
        ("в Восточном Казахстане", "east_kazakhstan"),
        ("Туркестанской области", "turkistan"),
        ("из Нур-Султана", "astana_city"),
        # Kazakh endings, on the name and on «облысы» / «қаласы».
        ("Павлодар облысынан", "pavlodar"),
        ("мен Павлодар облысында тұрамын", "pavlodar"),
        ("Қарағанды облысынан", "karaganda"),
        ("Алматыдағы", "almaty_city"),
        ("Өскеменнен", "east_kazakhstan"),
        ("Ақтөбеде", "aktobe"),
        # Turkistan region's old names.
        ("ЮКО", "turkistan"),
        ("Южно-Казахстанская область", "turkistan"),
        ("в Южно-Казахстанской области", "turkistan"),
        ("ОҚО", "turkistan"),
        ("Оңтүстік Қазақстан", "turkistan"),
        ("Оңтүстік Қазақстан облысынан", "turkistan"),
        # The cities of republican significance and the region around Almaty kept apart.
        ("Шымкент", "shymkent_city"),
        ("в городе Шымкенте", "shymkent_city"),
        ("Алматы", "almaty_city"),
        ("г. Алматы", "almaty_city"),
        ("Алматы облысы", "almaty_region"),
        ("Алматинской области", "almaty_region"),
        ("Астана", "astana_city"),
        ("Нур-Султан", "astana_city"),
        ("Нұр-Сұлтан", "astana_city"),
        ("Астанада", "astana_city"),
    ],
)
def test_a_region_with_city_words_prepositions_and_endings_is_understood(
    typed: str, region: str
) -> None:
    assert read_region(typed) == region


@pytest.mark.parametrize(
    "typed",
    [
        "Шымкент облысы",  # Shymkent is no region's centre: which is meant?
        "Астана облысы",
        "Казахстан",
        "не Алматы, а Астана",
        "Москва",
        "да",
        "я живу в Павлодаре а работаю в Экибастузе у родственников давно",
    ],
)
def test_a_text_that_names_no_region_or_more_than_one_is_not_taken_for_one(typed: str) -> None:
    assert read_region(typed) is None
