"""Writing a file so that it is either complete or not there: never half a report."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app.errors import CyberCabinetError


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file in the same folder, fsync it, then rename it over
    ``path``: a crash or a full disk leaves the previous file (or none), never a torn one."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.",
                                             suffix=".tmp")
    except OSError as error:
        raise CyberCabinetError(f"Cannot write to {folder}: {error.strerror or error}.",
                                hint="Choose a folder you can write to.") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise CyberCabinetError(f"Cannot write {path}: {error.strerror or error}.",
                                hint="Choose a folder you can write to.") from error
    with contextlib.suppress(OSError):  # make the rename itself durable (not on Windows)
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
