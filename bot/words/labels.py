"""Translated names of the answers a citizen can give and of application statuses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.support import LazyProxy

from bot.i18n import __
from bot.rules.model import Education, Employment, Group, Precondition, Sex, Status
from bot.storage.models import AppStatus

SEX: dict[Sex, LazyProxy] = {
    Sex.MALE: __("Male"),
    Sex.FEMALE: __("Female"),
}

EMPLOYMENT: dict[Employment, LazyProxy] = {
    Employment.UNEMPLOYED_REGISTERED: __("Unemployed, registered at the career centre"),
    Employment.UNEMPLOYED_UNREGISTERED: __("Unemployed, not registered"),
    Employment.EMPLOYED: __("Working for an employer"),
    Employment.SELF_EMPLOYED: __("Self-employed"),
    Employment.STUDENT: __("Student"),
    Employment.RETIRED: __("Retired"),
}

EDUCATION: dict[Education, LazyProxy] = {
    Education.NONE: __("No school certificate"),
    Education.SECONDARY: __("School (secondary)"),
    Education.TVET: __("College (TVET)"),
    Education.HIGHER: __("University (higher)"),
    Education.POSTGRADUATE: __("Master's or doctorate"),
}

# The same levels inside a sentence ("Education: university (higher) — fits"), lower-case.
EDUCATION_IN_TEXT: dict[Education, LazyProxy] = {
    Education.NONE: __("no school certificate"),
    Education.SECONDARY: __("secondary (school)"),
    Education.TVET: __("college (TVET)"),
    Education.HIGHER: __("university (higher)"),
    Education.POSTGRADUATE: __("master's or doctorate"),
}

GROUPS: dict[Group, LazyProxy] = {
    Group.DISABILITY: __("I have a disability"),
    Group.RELEASED_FROM_PRISON: __("Released from prison"),
    Group.PROBATION: __("On probation"),
    Group.ORPHAN: __("Orphan or left without parental care"),
    Group.LARGE_FAMILY: __("Large family"),
    Group.TARGETED_SOCIAL_ASSISTANCE: __("Receive targeted social assistance (ASP)"),
    Group.KANDAS: __("Kandas"),
    Group.CARER_OF_DISABLED_CHILD: __("Raising a child with a disability"),
    Group.LOST_BREADWINNER: __("Lost the family breadwinner"),
    Group.INTERNAL_MIGRANT: __("Moved from another region"),
    Group.NEET: __("Neither working nor studying (young person)"),
}

# What to have or do before applying (bot.rules.model.Precondition), one line each on the card.
PRECONDITION: dict[Precondition, LazyProxy] = {
    Precondition.BASTAU_BUSINESS_CERTIFICATE: __(
        "the certificate of the short «Бастау Бизнес» course: take the course first"
    ),
    Precondition.EDS_ON_PORTAL: __(
        "an electronic digital signature (EDS): the grant application is made on the portal "
        "and signed with it"
    ),
}

VERDICT_MARK: dict[Status, str] = {
    Status.ELIGIBLE: "✅",
    Status.UNKNOWN: "❓",
    Status.INELIGIBLE: "❌",
}

VERDICT: dict[Status, LazyProxy] = {
    Status.ELIGIBLE: __("You are likely to qualify"),
    Status.UNKNOWN: __("Needs checking at the career centre"),
    Status.INELIGIBLE: __("You do not seem to qualify"),
}

APP_STATUS: dict[AppStatus, LazyProxy] = {
    AppStatus.QUEUED: __("in the queue"),
    AppStatus.IN_REVIEW: __("being reviewed"),
    AppStatus.APPROVED: __("approved"),
    AppStatus.REJECTED: __("declined"),
    AppStatus.NEEDS_INFO: __("the career centre has a question"),
    AppStatus.WITHDRAWN: __("withdrawn by you"),
}


def label(table: Mapping[Any, LazyProxy], key: str) -> str:
    """A translated label; an unknown key (stale data) shows as itself rather than failing."""
    for candidate, text in table.items():
        if str(candidate) == key:
            return str(text)
    return key
