"""The eligibility engine's vocabulary: what goes in (a Profile) and what comes out (Verdicts).

Shared by the engine, the handlers (which translate codes into words) and storage (which keeps
snapshots as JSON). The engine speaks in codes and parameters, never in a human language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Employment(StrEnum):
    UNEMPLOYED_REGISTERED = "unemployed_registered"
    UNEMPLOYED_UNREGISTERED = "unemployed_unregistered"
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    STUDENT = "student"
    RETIRED = "retired"


class Education(StrEnum):
    NONE = "none"
    SECONDARY = "secondary"
    TVET = "tvet"
    HIGHER = "higher"
    POSTGRADUATE = "postgraduate"


class Group(StrEnum):
    DISABILITY = "disability"
    RELEASED_FROM_PRISON = "released_from_prison"
    PROBATION = "probation"
    ORPHAN = "orphan"
    LARGE_FAMILY = "large_family"
    TARGETED_SOCIAL_ASSISTANCE = "targeted_social_assistance"
    KANDAS = "kandas"
    CARER_OF_DISABLED_CHILD = "carer_of_disabled_child"
    LOST_BREADWINNER = "lost_breadwinner"
    INTERNAL_MIGRANT = "internal_migrant"
    NEET = "neet"


class Answer(StrEnum):
    """A yes/no question a citizen may not know the answer to: "dont_know" gives "check"."""

    YES = "yes"
    NO = "no"
    DONT_KNOW = "dont_know"


class Sector(StrEnum):
    """The field a citizen's profession is in («Дипломмен – ауылға!» names six of them)."""

    EDUCATION = "education"
    HEALTH = "health"
    SOCIAL_CARE = "social_care"
    CULTURE = "culture"
    SPORT = "sport"
    AGRICULTURE = "agriculture"
    OTHER = "other"
    DONT_KNOW = "dont_know"


class ProgrammeId(StrEnum):
    KUMIS_JAS = "kumis_jas"
    JASTAR_PRAKTIKASY = "jastar_praktikasy"
    SOCIAL_JOBS = "social_jobs"
    FIRST_JOB = "first_job"
    GENERATIONS_CONTRACT = "generations_contract"
    PUBLIC_WORKS = "public_works"
    BUSINESS_GRANT = "business_grant"
    JOB_LOSS_PAYMENT = "job_loss_payment"
    VOCATIONAL_TRAINING = "vocational_training"
    BASTAU_BUSINESS = "bastau_business"
    DISABILITY_QUOTA = "disability_quota"
    RESETTLEMENT = "resettlement"
    DIPLOMA_TO_VILLAGE = "diploma_to_village"


class Result(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


class Status(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    UNKNOWN = "unknown"


class Code(StrEnum):
    """Reason codes of criteria. Each code's params are listed; handlers word them per language.

    A param that could not be computed (the answer is missing) is absent from `params`.
    """

    AGE_AT_LEAST = "age_at_least"  # min_age: int, age: int
    # max_age: int, age: int; where the sources leave the last year open («до 35 лет»), also
    # check_age: int (that age is unknown: the career centre decides; older is unmet).
    AGE_AT_MOST = "age_at_most"
    BELOW_RETIREMENT_AGE = (
        "below_retirement_age"  # retirement_age: str ("61", "61.5"), retirement_date: ISO date
    )
    # allowed: comma-separated Employment values, actual: str; with `check` in the rules, a
    # status the sources leave open gives unknown and params check: comma-separated values.
    EMPLOYMENT_STATUS = "employment_status"
    EDUCATION_LEVEL = "education_level"  # allowed: comma-separated Education values, actual: str
    # years: int, graduation_date: ISO date, deadline: ISO date; where sources give a longer limit
    # that some career centres apply, also check_years: int and check_deadline: ISO date (unknown
    # between the two deadlines, unmet after check_deadline).
    GRADUATED_WITHIN = "graduated_within"
    NO_WORK_EXPERIENCE = "no_work_experience"  # (no params)
    # allowed: comma-separated Group values, matched: comma-separated; unmatched_check: True
    # where belonging to none of them is not a no (the career centre checks other grounds), and
    # then others: an OtherGrounds value, what else may count.
    TARGET_GROUP = "target_group"
    LOST_JOB_RECENTLY = "lost_job_recently"  # answer: an Answer value (absent: not asked)
    SOCIAL_INSURANCE_PAID = "social_insurance_paid"  # answer: an Answer value
    PROFESSION_SECTOR = "profession_sector"  # allowed: comma-separated Sector values, actual: str
    WANTS_OWN_BUSINESS = "wants_own_business"  # (no params): means to start a business
    RULE_NOT_VERIFIED = "rule_not_verified"  # topic: str (e.g. "eligibility", "target_groups")
    # valid_from / valid_to: ISO dates of the encoded rules. Only reported when the date is outside
    # them: unknown before valid_from (earlier rules are not encoded), unmet after valid_to (ended).
    PROGRAMME_IN_FORCE = "programme_in_force"


class OtherGrounds(StrEnum):
    """What else may count where a programme's named groups are not the whole list (a
    target_group criterion with unmatched_check): each programme's own, so its card says it."""

    LABOUR_SURPLUS_REGION = "labour_surplus_region"  # moving from a region with too few jobs
    GOVERNMENT_LIST = "government_list"  # the rest of the Government's list (not read)
    VULNERABLE_GROUPS = "vulnerable_groups"  # other socially vulnerable groups (list not read)


class Precondition(StrEnum):
    """What a citizen must have or do before applying, besides who they are (handlers word it)."""

    BASTAU_BUSINESS_CERTIFICATE = "bastau_business_certificate"  # the «Бастау Бизнес» course
    EDS_ON_PORTAL = "eds_on_portal"  # the application is made on the portal, signed with an EDS
    JOB_SEEKER_REGISTRATION = "job_seeker_registration"  # registered as a job seeker first


class NoticeCode(StrEnum):
    """Dated facts shown on the cards they concern (data/notices.toml; handlers word them)."""

    RULES_RESTATED = "rules_restated"  # the subsidised-jobs rules restated on 12 Dec 2025
    RULES_SUSPENDED = "rules_suspended"  # parts of them suspended 26 Jan - 1 Apr 2026
    ONE_SUBSIDISED_JOB = "one_subsidised_job"  # one subsidised-job measure at a time
    ECOLOGICAL_ALLOWANCE = "ecological_allowance"  # Aral and Semey zones: allowances on top


class HowToApply(StrEnum):
    """Where a measure is applied for, when it is not simply "apply here" (handlers word it)."""

    CAREER_CENTRE = "career_centre"  # through the career centre: the bot's application goes there
    ENBEK_EGOV_KASPI = "enbek_egov_kaspi"  # the job-loss payment: eGov, enbek.kz or Kaspi
    EMPLOYER_IN_VILLAGE = "employer_in_village"  # «Дипломмен – ауылға!»: the rural akimat


class Benefit(StrEnum):
    """What a measure gives, where it is not a wage: worded per language by the handlers."""

    JOB_LOSS_SHARE = "job_loss_share"  # up to 45 % of average income, 1-6 months
    FREE_TRAINING = "free_training"  # free short-term training with a stipend; online courses
    BUSINESS_COURSE = "business_course"  # the free «Бастау Бизнес» course and its certificate
    QUOTA_WORKPLACES = "quota_workplaces"  # quota jobs and special workplaces (up to 300 MRP)
    RELOCATION_SUPPORT = "relocation_support"  # relocation subsidy, housing or rent
    VILLAGE_ALLOWANCE = "village_allowance"  # lifting allowance (amount_kzt) and a 1 % loan


class PayKind(StrEnum):
    FIXED_MONTHLY = "fixed_monthly"  # the participant earns amount_kzt a month, paid by the state
    WAGE_SHARE = "wage_share"  # the state pays shares_percent of the wage, at most cap_kzt a month
    LUMP_SUM = "lump_sum"  # a one-off grant of amount_kzt
    NOT_VERIFIED = "not_verified"  # no verified pay rule: say "ask the career centre"
    # At least amount_kzt a month; a full-time participant at least full_time_min_kzt (the
    # minimum wage, where it is higher).
    AT_LEAST_MONTHLY = "at_least_monthly"
    DESCRIBED = "described"  # a benefit told in words (benefit code), amount_kzt if it has one


ParamValue = str | int | bool


@dataclass(frozen=True, slots=True)
class Profile:
    """What a citizen told us. `None` means "not answered", never "no"."""

    iin: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    region: str | None = None
    employment: Employment | None = None
    education: Education | None = None
    graduation_date: date | None = None
    has_work_experience: bool | None = None
    # None: not asked yet; an empty set: the citizen said "none of these".
    groups: frozenset[Group] | None = None
    lost_job_recently: Answer | None = None  # lost a job in the last months
    social_insurance_paid: Answer | None = None  # social insurance contributions were paid
    profession_sector: Sector | None = None
    wants_own_business: bool | None = None  # means to start a business of their own


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from: the act and clause, and the page read (`primary`: the act's own
    text was read there; otherwise the page quotes or summarises it)."""

    act: str
    source: str
    primary: bool = False


@dataclass(frozen=True, slots=True)
class Notice:
    """A dated fact to tell the citizen on a programme's card (a suspension, a restatement)."""

    code: NoticeCode
    start: date
    end: date | None
    citation: Citation


@dataclass(frozen=True, slots=True)
class CriterionResult:
    code: Code
    result: Result
    params: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Pay:
    kind: PayKind
    amount_kzt: int | None = None  # FIXED_MONTHLY: a month (with regional top-up); LUMP_SUM: total
    cap_kzt: int | None = None  # WAGE_SHARE: the monthly ceiling of the state's part
    shares_percent: tuple[int, ...] = ()  # WAGE_SHARE: the state's share in year 1, 2, 3 ...
    mrp_multiple: float | None = None  # the MRP multiple behind amount_kzt or cap_kzt
    regional_top_up_kzt: int = 0  # included in amount_kzt
    # Parts of the pay rule the reference could not confirm: "cap" (WAGE_SHARE without a known
    # ceiling), "regional_top_up" (see unverified_top_up_kzt). Say "ask the career centre".
    unverified: tuple[str, ...] = ()
    # A regional top-up that only an unconfirmed or dated source gives (Almaty's +10 MRP for youth
    # practice): NOT included in amount_kzt, shown as "possibly more".
    unverified_top_up_kzt: int = 0
    full_time_min_kzt: int | None = None  # AT_LEAST_MONTHLY: the floor for full time
    benefit: Benefit | None = None  # DESCRIBED: which benefit (handlers word it)


@dataclass(frozen=True, slots=True)
class Verdict:
    programme: ProgrammeId
    status: Status
    criteria: tuple[CriterionResult, ...]
    pay: Pay
    max_months: int | None
    source: str  # legal or published source of the rule, a URL or an act's name
    preconditions: tuple[Precondition, ...] = ()  # to have or do before applying, in order
    citations: tuple[Citation, ...] = ()  # one per criterion, in the same order
    pay_citation: Citation | None = None
    notices: tuple[Notice, ...] = ()  # in force on the evaluated day
    applicable: bool = True  # False: an information card, applied for elsewhere (no Apply button)
    how_to_apply: HowToApply | None = None

    @property
    def monthly_pay_kzt(self) -> int | None:
        return self.pay.amount_kzt if self.pay.kind is PayKind.FIXED_MONTHLY else None


@dataclass(frozen=True, slots=True)
class Evaluation:
    on: date
    mrp: int
    min_wage: int
    verdicts: tuple[Verdict, ...]
