"""What happens next, in the reader's language: what the career centre does and when, what to
bring, and the centre's contacts for the citizen's region (data: centres.toml, documents.toml).

Used by the confirmation after applying, the decision notices, /summary (the centre) and the
grant's card (its way); every fact comes from the data with its source, and what nobody could
verify sends the citizen to the national contact centre instead."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from babel.support import LazyProxy

from bot.i18n import _, __, get_i18n, ngettext
from bot.rules import load_rules, registering_is_the_step
from bot.rules.centres import Centre, Fact
from bot.rules.documents import DocumentCode
from bot.rules.profile_json import salvage_profile
from bot.words import labels
from bot.words.names import programme_name, region_name

DOCUMENT: dict[DocumentCode, LazyProxy] = {
    DocumentCode.APPLICATION: __("an application (filled in at the centre or online)"),
    DocumentCode.IDENTITY_DOCUMENT: __(
        "your ID card (or the digital document in the eGov mobile app)"
    ),
    DocumentCode.WORK_HISTORY_IF_ANY: __("proof of your work history, if you have worked"),
    DocumentCode.EDUCATION_DOCUMENT_IF_ANY: __(
        "your diploma or certificate of education, if you have one"
    ),
    DocumentCode.WORK_HISTORY: __("proof of your work history"),
    DocumentCode.DIPLOMA: __("your diploma"),
    DocumentCode.EDUCATION_DOCUMENT: __("your diploma or certificate of education"),
    DocumentCode.BASTAU_BUSINESS_CERTIFICATE: __("the certificate of the «Бастау Бизнес» course"),
    DocumentCode.EDS: __(
        "an electronic digital signature (EDS), to sign the grant application on the portal"
    ),
    DocumentCode.VULNERABLE_GROUP_PROOF: __(
        "a document that shows your group (disability, large family, kandas, targeted social "
        "assistance and the like)"
    ),
}


def register_first(profile: Mapping[str, object], programme: str, on: date) -> bool:
    """Whether to tell the citizen to register as a job seeker for `programme`, from the answers
    as an application keeps them (JSON): only where registering applies to that person and
    programme (see bot.rules.registering_is_the_step)."""
    answers, _dropped = salvage_profile(dict(profile))
    return registering_is_the_step(answers, programme, on)


# A document the programme itself asks for stands for a looser one registering asks for: one
# line "proof of your work history", not that and "…, if you have worked" as well.
_STANDS_FOR: dict[DocumentCode, frozenset[DocumentCode]] = {
    DocumentCode.WORK_HISTORY: frozenset({DocumentCode.WORK_HISTORY_IF_ANY}),
    DocumentCode.EDUCATION_DOCUMENT: frozenset({DocumentCode.EDUCATION_DOCUMENT_IF_ANY}),
    DocumentCode.DIPLOMA: frozenset(
        {DocumentCode.EDUCATION_DOCUMENT_IF_ANY, DocumentCode.EDUCATION_DOCUMENT}
    ),
}


def _documents(programme: str, register: bool) -> tuple[list[DocumentCode], bool]:
    """The documents to bring, each once, and whether the centre will say what else (no list
    for the programme in the data)."""
    data = load_rules().documents
    own = data.of(programme)
    needed: list[DocumentCode] = list(data.registration) if register else []
    listed = own.documents if own is not None else (DocumentCode.IDENTITY_DOCUMENT,)
    for code in listed:
        looser = _STANDS_FOR.get(code, frozenset())
        at = next((i for i, had in enumerate(needed) if had in looser), None)
        if code in needed:
            continue
        if at is None:
            needed.append(code)
        else:  # in the looser one's place, so the list keeps registration's order
            needed[at] = code
        needed = [had for i, had in enumerate(needed) if had not in looser or i == at]
    return needed, own is None


def what_to_bring(programme: str, *, register: bool) -> str:
    """The documents to bring for `programme`, and registration's when the citizen is to
    register first (`register_first`)."""
    documents, more_to_tell = _documents(programme, register)
    lines = ["📄 " + _("What to bring to the career centre:")]
    lines += [f"• {DOCUMENT[code]}" for code in documents]
    if more_to_tell:
        lines.append(_("What else this programme needs, the career centre will tell you."))
    return "\n".join(lines)


def portal_way(programme: str) -> str | None:
    """For a programme applied for on a portal (the grant): the course first, then the portal
    with an EDS, then what the bot's application asks of the centre; None for the others."""
    own = load_rules().documents.of(programme)
    if own is None or own.portal is None:
        return None
    lines = ["🧭 " + _("How to get the grant:")]
    if own.course is not None:
        lines.append(
            _(
                "1. First {course}: a free short course in the basics of running a business; "
                "the grant needs its certificate. The career centre signs you up for it."
            ).format(course=programme_name(own.course))
        )
    lines.append(
        _(
            "2. Then apply for the grant on {portal}, signing the application with your EDS, "
            "when your region opens a round; a commission scores your business idea."
        ).format(portal=own.portal)
    )
    lines.append(
        _(
            "By applying here you ask the career centre for its part: to sign you up for the "
            "course and to check that your group counts for the grant."
        )
    )
    return "\n".join(lines)


def the_next_step(programme: str, *, register: bool) -> str:
    """What happens after applying: the centre's call and the legal clocks of registration, or,
    for a grant made on a portal, its way (`portal_way`)."""
    way = portal_way(programme)
    if way is not None:
        return way
    rules = load_rules()
    data = rules.documents
    known = next((p for i, p in rules.programmes.items() if str(i) == programme), None)
    lines = ["🧭 " + _("What happens next:")]
    if known is not None and not known.applicable and known.how_to_apply is not None:
        # Applied for elsewhere (the Fund, a village akimat): nobody calls about it.
        lines.append(labels.label(labels.HOW_TO_APPLY, known.how_to_apply))
    else:
        lines.append(_("The career centre will call you at the number you gave."))
    if register:
        vacancies = ngettext(
            "within {days} working day",
            "within {days} working days",
            data.vacancies_within_days,
        ).format(days=data.vacancies_within_days)
        status = ngettext(
            "within {days} working day",
            "within {days} working days",
            data.status_within_days,
        ).format(days=data.status_within_days)
        lines.append(
            _(
                "Register as a job seeker (eGov.kz, enbek.kz or at the centre): the centre offers "
                "you vacancies {vacancies}; if none fits, you get unemployed status {status}."
            ).format(vacancies=vacancies, status=status)
        )
    return "\n".join(lines)


def _fact_line(label: str, fact: Fact | None, language: str) -> str | None:
    if fact is None:
        return None
    return _("{label}: {value} (as of {year})").format(
        label=label, value=fact.text(language), year=fact.as_of
    )


def _centre_lines(centre: Centre, language: str) -> list[str]:
    lines: list[str] = []
    if centre.name is not None:
        lines.append(
            "🏢 " + _("Your career centre: {name}").format(name=centre.name.text(language))
        )
    else:
        lines.append("🏢 " + _("Your career centre"))
    for label, fact in (
        (_("Address"), centre.address),
        (_("Phone"), centre.phone),
        (_("Hours"), centre.hours),
        (_("Website"), centre.website),
    ):
        line = _fact_line(label, fact, language)
        if line is not None:
            lines.append(line)
    return lines


# A centre's fact stated before this year (an address from a 2016–2019 article) is to be checked
# by phone before going: the bot says so in plain words, not only with the year in brackets.
_CHECK_BEFORE_GOING_IF_BEFORE = 2024


def centre_contacts(region: str | None, district: str | None = None) -> str:
    """The career centre's name, address, phone and hours as far as they are known, and where to
    ask for the rest: the national contact centre and enbek.kz."""
    language = get_i18n().current_locale
    centres = load_rules().centres
    national, website = centres.phone.text(language), centres.website.text(language)
    centre = centres.of(region, district)
    if centre is None or not centre.known:
        where = region_name(region) if region is not None else None
        if where is not None:
            first = _(
                "🏢 We could not confirm the address and phone of the career centre for {region}."
            ).format(region=where)
        else:
            first = _("🏢 We could not confirm the address and phone of your career centre.")
        rest = _(
            "Ask the unified contact centre {phone} (the call is free) or see {website}."
        ).format(phone=national, website=website)
        return f"{first}\n{rest}"
    lines = _centre_lines(centre, language)
    shown = [f for f in (centre.name, centre.address, centre.phone, centre.hours) if f is not None]
    oldest = min(fact.as_of for fact in shown)
    complete = all(f is not None for f in (centre.address, centre.phone, centre.hours))
    if oldest < _CHECK_BEFORE_GOING_IF_BEFORE:
        # An address read in a 2016–2019 article may have moved since: said in plain words.
        if centre.phone is not None:
            lines.append(
                "⚠️ "
                + _(
                    "Some of these details are from {year} and may have changed: before you go, "
                    "call the centre at {centre_phone} or the unified contact centre {phone} "
                    "(the call is free) to check."
                ).format(year=oldest, centre_phone=centre.phone.text(language), phone=national)
            )
        else:
            lines.append(
                "⚠️ "
                + _(
                    "Some of these details are from {year} and may have changed: before you go, "
                    "call the unified contact centre {phone} (the call is free) to check."
                ).format(year=oldest, phone=national)
            )
    elif complete:
        lines.append(
            _(
                "Before you go, you can check the details with the unified contact centre "
                "{phone} (the call is free)."
            ).format(phone=national)
        )
    if not complete:
        lines.append(
            _(
                "We have no other details about this centre: ask the unified contact centre "
                "{phone} (the call is free) or see {website}."
            ).format(phone=national, website=website)
        )
    return "\n".join(lines)


def next_steps(programme: str, region: str | None, *, register: bool) -> str:
    """Everything after applying, in one block: what happens next, what to bring, the centre."""
    return "\n\n".join(
        (
            the_next_step(programme, register=register),
            what_to_bring(programme, register=register),
            centre_contacts(region),
        )
    )
