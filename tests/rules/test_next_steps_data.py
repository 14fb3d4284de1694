"""The centres and documents data: every fact has its source, every region is listed, a typo
stops the load with the file and the key."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.rules import RulesError, load_rules
from bot.rules.documents import DocumentCode
from bot.rules.model import ProgrammeId
from rules.test_rules_schema import rules_with


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "centres.toml",
            'address = { kk = "Бейбітшілік көшесі, 25", ru = "улица Бейбітшілік, 25", source = ',
            'address = { kk = "Бейбітшілік көшесі, 25", ru = "улица Бейбітшілік, 25", note = ',
            "centres.toml: centre[astana_city].address.source: missing",
        ),
        (
            "centres.toml",
            'name = { kk = "Шымкент қаласының Еңбек мобильділігі орталығы", ru = "Центр трудовой '
            'мобильности города Шымкента", source = "https://otyrar.kz/2025/09/v-shymkente-'
            "bezrabotnyh-uchat-vostrebovannym-professiyam/ (2025-09): «директор Центра трудовой "
            "мобильности г. Шымкента»; https://www.lat.egemen.kz/article/401307-shymkent-"
            'qandastar-ushin-dganha-ozgeris-dgasady (2025): «Еңбек мобильділігі орталығына»", '
            "as_of = 2025 }",
            'phone = { value = "8 (7252) 00 00 00", as_of = 2026 }',
            "centres.toml: centre[shymkent_city].phone.source: missing",
        ),
        (
            "centres.toml",
            'region = "pavlodar"\nunknown = true\nsearched = "2026-12-04: rskpvl.kz and pavon.kz '
            "(2024-2025) quote the regional employment department, with no centre address or "
            'phone"',
            'region = "pavlodar"\nwebsite = { value = "enbek.kz", source = "x", as_of = 2026 }',
            "centres.toml: centre[pavlodar].(facts): no name, address, phone or hours",
        ),
        (
            "centres.toml",
            'region = "pavlodar"\nunknown = true\nsearched = ',
            'region = "pavlodar"\nunknown = true\nnote = ',
            "centres.toml: centre[pavlodar].searched: missing",
        ),
        (
            "centres.toml",
            'region = "ulytau"',
            'region = "ulytau_region"',
            "centres.toml: centre[ulytau_region].region: unknown region 'ulytau_region'",
        ),
        (
            "centres.toml",
            'region = "east_kazakhstan"\n',
            'region = "ulytau"\n',
            "centres.toml: centre[ulytau].region: listed twice",
        ),
        (
            "centres.toml",
            "as_of = 2019 }",
            "as_of = 19 }",
            "centres.toml: centre[astana_city].address.as_of: must be the year",
        ),
        (
            "documents.toml",
            'documents = ["identity_document", "work_history", "diploma"]',
            'documents = ["identity_document", "work_book", "diploma"]',
            "documents.toml: programme[jastar_praktikasy].documents: unknown document 'work_book'",
        ),
        (
            "documents.toml",
            "status_within_working_days = 3\n",
            "",
            "documents.toml: clocks.status_within_working_days: missing",
        ),
        (
            "documents.toml",
            'portal = "enbek.kz"\nportal_source = ',
            'portal = "enbek.kz"\nnote_on_portal = ',
            "documents.toml: programme[business_grant].portal_source: missing",
        ),
    ],
)
def test_a_mistake_in_the_next_steps_data_names_the_file_and_the_key(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    with pytest.raises(RulesError) as raised:
        load_rules(rules_with(tmp_path, file, old, new))
    assert str(raised.value).startswith(message), str(raised.value)


def test_a_region_left_out_of_the_centres_is_refused_not_taken_for_unknown(
    tmp_path: Path,
) -> None:
    old = (
        '[[centre]]\nregion = "east_kazakhstan"\nunknown = true\n'
        'searched = "2026-12-04: no stored page gives the centre\'s name, address or phone"\n'
    )
    with pytest.raises(RulesError) as raised:
        load_rules(rules_with(tmp_path, "centres.toml", old, ""))
    assert "regions not listed (write unknown = true): east_kazakhstan" in str(raised.value)


def test_every_fact_about_a_centre_is_dated_this_year_or_earlier_and_cites_a_page() -> None:
    # The loader takes any year from 2000 to 2099 and any non-empty source: a year still to come
    # or a source that names no page is a mistake only today's date and a reader can see.
    this_year = date.today().year
    centres = load_rules().centres
    known = [
        fact
        for centre in centres.entries
        for fact in (centre.name, centre.address, centre.phone, centre.hours, centre.website)
        if fact is not None
    ]
    for fact in (centres.phone, centres.website, *known):
        assert fact.as_of <= this_year, fact
        assert re.search(r"https?://|docs/sources/", fact.source), fact.source


def test_the_legal_clocks_and_the_grant_s_portal_are_the_ones_the_sources_give() -> None:
    documents = load_rules().documents
    assert (documents.vacancies_within_days, documents.status_within_days) == (1, 3)
    grant = documents.of(ProgrammeId.BUSINESS_GRANT)
    assert grant is not None
    assert grant.portal == "enbek.kz"
    assert grant.course is ProgrammeId.BASTAU_BUSINESS
    assert DocumentCode.BASTAU_BUSINESS_CERTIFICATE in grant.documents
