"""Translated names of the answers a citizen can give and of application statuses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.support import LazyProxy

from bot.i18n import __
from bot.rules.model import (
    Answer,
    Benefit,
    Education,
    Employment,
    Group,
    HowToApply,
    Precondition,
    Sector,
    Sex,
    Status,
)
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

# The same groups inside a sentence about who a programme is for ("The programme is for persons
# with disabilities, …"): the people, not the citizen's own words on the buttons.
GROUPS_IN_TEXT: dict[Group, LazyProxy] = {
    Group.DISABILITY: __("persons with disabilities"),
    Group.RELEASED_FROM_PRISON: __("people released from prison"),
    Group.PROBATION: __("people on probation"),
    Group.ORPHAN: __("orphans and people left without parental care"),
    Group.LARGE_FAMILY: __("large families"),
    Group.TARGETED_SOCIAL_ASSISTANCE: __("recipients of targeted social assistance (ASP)"),
    Group.KANDAS: __("kandas"),
    Group.CARER_OF_DISABLED_CHILD: __("parents raising a child with a disability"),
    Group.LOST_BREADWINNER: __("families who lost their breadwinner"),
    Group.INTERNAL_MIGRANT: __("people who moved from another region"),
    Group.NEET: __("young people neither working nor studying"),
}

# The buttons of a yes / no question a citizen may not know the answer to.
ANSWER: dict[Answer, LazyProxy] = {
    Answer.YES: __("Yes"),
    Answer.NO: __("No"),
    Answer.DONT_KNOW: __("I don't know"),
}

# The same answers inside a sentence ("Lost a job in the last months: not sure"), lower-case.
ANSWER_IN_TEXT: dict[Answer, LazyProxy] = {
    Answer.YES: __("yes"),
    Answer.NO: __("no"),
    Answer.DONT_KNOW: __("not sure"),
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
    Precondition.JOB_SEEKER_REGISTRATION: __(
        "registration as a job seeker: on enbek.kz, eGov.kz or at the career centre"
    ),
}

# The field of a profession (bot.rules.model.Sector), inside a sentence, lower-case.
SECTOR: dict[Sector, LazyProxy] = {
    Sector.EDUCATION: __("education"),
    Sector.HEALTH: __("health care"),
    Sector.SOCIAL_CARE: __("social care"),
    Sector.CULTURE: __("culture"),
    Sector.SPORT: __("sport"),
    Sector.AGRICULTURE: __("agriculture"),
    Sector.OTHER: __("another field"),
    Sector.DONT_KNOW: __("not sure"),
}

# The same fields on the buttons of the question "What field is your profession in?".
# "Education sector": the export's column "Education" (the level) is another word in Kazakh.
SECTOR_CHOICE: dict[Sector, LazyProxy] = {
    Sector.EDUCATION: __("Education sector"),
    Sector.HEALTH: __("Health care"),
    Sector.SOCIAL_CARE: __("Social care"),
    Sector.CULTURE: __("Culture"),
    Sector.SPORT: __("Sport"),
    Sector.AGRICULTURE: __("Agriculture"),
    Sector.OTHER: __("Another field"),
    Sector.DONT_KNOW: __("I don't know"),
}

# What a measure gives where it is not a wage (bot.rules.model.Benefit); {amount} where it has one.
BENEFIT: dict[Benefit, LazyProxy] = {
    Benefit.JOB_LOSS_SHARE: __(
        "What you get: a monthly payment of up to 45 per cent of your average monthly income, for "
        "1 to 6 months depending on how long social insurance contributions were paid for you."
    ),
    Benefit.FREE_TRAINING: __(
        "What you get: a free short course in a profession that employers need, with a stipend "
        "while you study; online courses on skills.enbek.kz are free too."
    ),
    Benefit.BUSINESS_COURSE: __(
        "What you get: a free short course in the basics of running a business and a "
        "certificate, which the 400 MRP grant requires."
    ),
    Benefit.QUOTA_WORKPLACES: __(
        "What you get: a job on the quota employers with 50 or more staff keep for persons with "
        "disabilities (2–4 per cent of jobs), or on a special workplace fitted for you, which the "
        "state subsidises."
    ),
    Benefit.RELOCATION_SUPPORT: __(
        "What you get: a relocation subsidy, help with housing or rent, and a job in the region "
        "you move to."
    ),
    Benefit.VILLAGE_ALLOWANCE: __(
        "What you get: a lifting allowance of {amount} and a housing loan at 1 per cent a year for "
        "15 years, when you take a job in a village."
    ),
}

# The same, in a few words, for the results' list ("✅ Профобучение — a free course …").
BENEFIT_SHORT: dict[Benefit, LazyProxy] = {
    Benefit.JOB_LOSS_SHARE: __("a monthly payment of up to 45 per cent of your income"),
    Benefit.FREE_TRAINING: __("a free course with a stipend"),
    Benefit.BUSINESS_COURSE: __("a free course and the certificate the grant needs"),
    Benefit.QUOTA_WORKPLACES: __("a job on the quota or on a special workplace"),
    Benefit.RELOCATION_SUPPORT: __("a relocation subsidy and help with housing"),
    Benefit.VILLAGE_ALLOWANCE: __("{amount} on arrival and a housing loan at 1 per cent"),
}

# Where to apply, for a measure applied for elsewhere or through the centre (HowToApply).
HOW_TO_APPLY: dict[HowToApply, LazyProxy] = {
    HowToApply.CAREER_CENTRE: __(
        "How to apply: here, or at the career centre; the centre signs you up."
    ),
    HowToApply.ENBEK_EGOV_KASPI: __(
        "How to apply: register as a job seeker, then claim the payment on eGov.kz, enbek.kz or "
        "in the Kaspi app; the State Social Insurance Fund decides. The bot does not send this "
        "application."
    ),
    HowToApply.EMPLOYER_IN_VILLAGE: __(
        "How to apply: find a job in a village (the career centre or enbek.kz lists vacancies), "
        "then apply to the akimat of that district. The bot does not send this application."
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
