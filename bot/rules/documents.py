"""Reading documents.toml: what to bring to the career centre, per programme, and the legal
clocks of registration, each with its source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.rules.model import ProgrammeId
from bot.rules.schema import Node


class DocumentCode(StrEnum):
    """A document to bring (bot/words/next_steps.py words each)."""

    APPLICATION = "application"  # the application, filled in at the centre or online
    IDENTITY_DOCUMENT = "identity_document"  # ID card or the digital document in eGov
    WORK_HISTORY_IF_ANY = "work_history_if_any"  # proof of employment, for who has worked
    EDUCATION_DOCUMENT_IF_ANY = "education_document_if_any"  # for who has one
    WORK_HISTORY = "work_history"  # proof of the work history (youth practice)
    DIPLOMA = "diploma"
    EDUCATION_DOCUMENT = "education_document"
    BASTAU_BUSINESS_CERTIFICATE = "bastau_business_certificate"
    EDS = "eds"  # an electronic digital signature, to sign on the portal
    VULNERABLE_GROUP_PROOF = "vulnerable_group_proof"  # proof of the socially vulnerable group


@dataclass(frozen=True, slots=True)
class ProgrammeDocuments:
    documents: tuple[DocumentCode, ...]
    source: str
    course: ProgrammeId | None = None  # the course that comes first («Бастау Бизнес»)
    portal: str | None = None  # where the application itself is made, signed with an EDS


@dataclass(frozen=True, slots=True)
class Documents:
    registration: tuple[DocumentCode, ...]
    registration_source: str
    registration_online: tuple[str, ...]  # the sites where one registers, as links
    vacancies_within_days: int  # working days, after registering
    status_within_days: int  # working days, when no vacancy fits
    clocks_source: str
    programmes: Mapping[ProgrammeId, ProgrammeDocuments]

    def of(self, programme: str) -> ProgrammeDocuments | None:
        return next((p for i, p in self.programmes.items() if str(i) == programme), None)


def _codes(node: Node) -> tuple[DocumentCode, ...]:
    names = node.texts("documents")
    if not names:
        raise node.error("documents", "must list at least one document")
    known = ", ".join(DocumentCode)
    codes = []
    for name in names:
        try:
            codes.append(DocumentCode(name))
        except ValueError:
            raise node.error("documents", f"unknown document {name!r}; known: {known}") from None
    return tuple(codes)


def _days(node: Node, name: str) -> int:
    value = node.integer(name)
    if value <= 0:
        raise node.error(name, "must be a positive number of working days")
    return value


def _read_programme(node: Node) -> tuple[ProgrammeId, ProgrammeDocuments]:
    programme = node.member("id", ProgrammeId, "programme")
    documents = _codes(node)
    source = node.text("source")
    course = None
    if node.has("course"):
        course = node.member("course", ProgrammeId, "programme")
        node.text("course_source")
    portal = None
    if node.has("portal"):
        portal = node.text("portal")
        node.text("portal_source")
    node.optional("note", node.text, "")
    node.done()
    return programme, ProgrammeDocuments(documents, source, course, portal)


def read_documents(top: Node) -> Documents:
    registration = top.child("registration")
    registration_codes = _codes(registration)
    registration_source = registration.text("source")
    online = tuple(registration.texts("online"))
    if not online:
        raise registration.error("online", "must list at least one site")
    registration.text("online_source")
    registration.done()
    clocks = top.child("clocks")
    vacancies = _days(clocks, "vacancies_within_working_days")
    status = _days(clocks, "status_within_working_days")
    clocks_source = clocks.text("source")
    clocks.done()
    programmes: dict[ProgrammeId, ProgrammeDocuments] = {}
    for node in top.children("programme", lambda i, item: str(item.get("id", i))):
        programme, documents = _read_programme(node)
        if programme in programmes:
            raise node.error("id", f"{programme} is listed twice")
        programmes[programme] = documents
    top.done()
    return Documents(
        registration_codes,
        registration_source,
        online,
        vacancies,
        status,
        clocks_source,
        programmes,
    )
