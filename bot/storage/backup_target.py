"""What a backup may be written to: checked before anything is created, replaced or removed.

The copy is written beside its target as `.NAME.partial`, then renamed over it. So the target
must be a regular file or nothing (a FIFO, a device node or a symbolic link would be replaced by
a copy of personal data: `/dev/null` itself, when run as root); not a folder (the rename would
fail after the copy was made); and neither it nor its partial name may be the database or one of
its files (removing a stale partial would delete the live database).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.storage.backup import BackupError, is_database_file

# Most file systems allow names of 255 bytes; the partial name adds a dot and ".partial".
NAME_BYTES = 255 - len("..partial")


def partial_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


def _kind(mode: int) -> str | None:
    """None for a regular file; else what the path is, for the message."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder (name a file inside it)"
    return "not a regular file (a FIFO, a device or a socket)"


def check_backup_target(source: Path, target: Path) -> None:
    """BackupError, in one line, if writing a backup of `source` to `target` could destroy or
    leave anything it should not."""
    try:
        name_bytes = target.name.encode("utf-8")
        str(target.parent).encode("utf-8")
    except UnicodeEncodeError:
        raise BackupError("the backup's name is not valid UTF-8") from None
    if not target.name or len(name_bytes) > NAME_BYTES:
        raise BackupError(f"the backup's file name must be 1 to {NAME_BYTES} bytes long")
    partial = partial_path(target)
    for path in (target, partial):
        if is_database_file(path, source):
            raise BackupError(f"{path} is the database itself (or one of its files)")
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        except OSError as error:
            raise BackupError(f"{path}: {error.strerror}") from None
        kind = _kind(mode)
        if kind is not None:
            raise BackupError(f"{path} is {kind}: a backup is written to a regular file only")
    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise BackupError(f"{parent} is not a folder")
