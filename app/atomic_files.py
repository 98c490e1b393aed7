"""Files that are either complete or not there, and syncs that make a rename durable.

Shared by storage (backups, conversions, exchange files) and reporting (reports, identities), like
``app.errors``: one implementation of the write-to-a-temporary-file, fsync, rename dance.
Every file is created readable by its owner only (0600) unless the caller says otherwise.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE = 0o600


def fsync_file(path: Path) -> None:
    """Flush a file's bytes to the disk (before renaming it over another)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no folder handles for this)."""
    if os.name != "posix":  # pragma: no cover - Windows
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_atomically(path: Path, data: bytes, *, mode: int = PRIVATE) -> None:
    """Write ``data`` to a temporary file in the same folder, fsync it, then rename it over
    ``path``: a crash or a full disk leaves the previous file (or none), never a torn one.
    Raises ``OSError``; each face says it in its own words."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            os.chmod(temporary, mode)  # whatever the umask or an inherited ACL made of it
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_folder(folder)
