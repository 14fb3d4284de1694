"""Staff passwords: argon2id hashes (argon2-cffi's defaults, RFC 9106's second profile) and the
rules a new password must meet. Hashing takes tens of milliseconds on purpose: the desk runs it
on a thread, never on the event loop."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 128  # argon2 takes any length; a megabyte "password" would only cost us time

_HASHER = PasswordHasher()


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    SAME_AS_LOGIN = "same_as_login"


def password_problem(password: str, login: str) -> PasswordProblem | None:
    """Why `password` may not be set for `login`, or None."""
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    if password.strip().casefold() == login.strip().casefold():
        return PasswordProblem.SAME_AS_LOGIN
    return None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _stand_in() -> str:
    return _HASHER.hash("a password nobody has")


def verify_nobody(password: str) -> bool:
    """As long as a real check takes, for a login that has no account: the time of the answer
    does not tell which logins exist. Always False."""
    verify_password(_stand_in(), password)
    return False
