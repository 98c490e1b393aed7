"""Writing a file so that it is either complete or not there: never half a report.

Reports, exports and identities describe a practice's weak spots or hold its keys, so every file
is created readable by its owner only (0600) unless the caller says otherwise (a public
certificate).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app.errors import CyberCabinetError
from app.i18n import _

PRIVATE = 0o600


def replace_atomically(path: Path, data: bytes, *, mode: int = PRIVATE) -> None:
    """Write ``data`` to a temporary file in the same folder, fsync it, then rename it over
    ``path``: a crash or a full disk leaves the previous file (or none), never a torn one.
    Raises ``OSError``; ``write_atomically`` turns it into a message."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            os.chmod(temporary, mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable (not on Windows)
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def write_atomically(path: Path, data: bytes, *, mode: int = PRIVATE) -> None:
    """``replace_atomically``, with a failure told in one line saying what to do."""
    try:
        replace_atomically(path, data, mode=mode)
    except OSError as error:
        raise CyberCabinetError(
            _("Cannot write {path} ({error}); nothing was written.").format(
                path=path, error=error.strerror or error),
            hint=_("Choose a folder you can write to.")) from error
