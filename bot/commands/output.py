"""Files the commands write for people to take away (exports): never over the database, never
over an existing file unless asked, readable by their owner only, complete or not there."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bot.commands.paths import CommandError
from bot.storage.backup import is_database_file

PRIVATE = 0o600


def write_private(target: Path, content: bytes, *, database: Path, overwrite: bool) -> None:
    """Write `content` to `target` (its folder made if missing) with mode 0600, whatever the
    mode of a file it replaces: an export holds citizens' phones and birth dates."""
    if is_database_file(target, database):
        raise CommandError(
            f"{target} is the database itself (or one of its files): choose another name."
        )
    if target.exists() and not overwrite:
        raise CommandError(
            f"{target} already exists: give --overwrite to replace it, or another --output."
        )
    if target.is_dir():
        raise CommandError(f"{target} is a folder: give a file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp makes the file 0600 and unique; renamed into place only once written in full.
    handle, partial = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(partial, PRIVATE)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
