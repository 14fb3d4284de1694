"""The answers as they would be once the citizen registers as a job seeker at the career centre:
what lets the engine say "registered, you would likely qualify for …"."""

from __future__ import annotations

from dataclasses import replace

from bot.rules.model import Employment, Profile


def as_registered(profile: Profile) -> Profile | None:
    """The same answers with the citizen registered as unemployed; None when registering is not
    the citizen's next step: already registered, in work, studying, retired (a student or a
    pensioner is refused registration: corrections 2026-12 §5), or the work not yet answered."""
    if profile.employment is not Employment.UNEMPLOYED_UNREGISTERED:
        return None
    return replace(profile, employment=Employment.UNEMPLOYED_REGISTERED)
