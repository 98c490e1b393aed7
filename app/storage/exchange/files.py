"""Reading and writing exchange files on disk: bounded reads, atomic private writes.

A file is read only if it is a regular file no bigger than ``MAX_FILE_SIZE`` (checked before
reading, and again while reading, in case it grows). A file is written under a temporary name in
the same folder, created readable by its owner only (0600), synced, then renamed over the
target: at every moment the target is the old file or the complete new one.
"""

from __future__ import annotations

import stat
from pathlib import Path

from app.atomic_files import replace_atomically
from app.errors import NotFoundError
from app.i18n import _
from app.storage.errors import ExchangeError

MAX_FILE_SIZE = 50 * 1024 * 1024
"""An assessment with its history is a few hundred kilobytes; 50 MB is far beyond."""


def read_bounded(path: Path, limit: int = MAX_FILE_SIZE) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise NotFoundError(_("There is no file {path}.").format(path=path)) from None
    except OSError as error:
        raise ExchangeError(_("{path} cannot be read ({reason}).").format(
            path=path, reason=error.strerror)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ExchangeError(_("{path} is not a file.").format(path=path))
    if info.st_size > limit:
        raise _too_big(path, limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise ExchangeError(_("{path} cannot be read ({reason}).").format(
            path=path, reason=error.strerror)) from None
    if len(data) > limit:
        raise _too_big(path, limit)
    return data


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable and writable by the owner only."""
    folder = path.parent
    if not folder.is_dir():
        raise NotFoundError(_("The folder {folder} does not exist.").format(folder=folder))
    try:
        replace_atomically(path, data)
    except OSError as error:
        raise ExchangeError(_("{path} cannot be written ({reason}); nothing was "
                              "written.").format(path=path, reason=error.strerror)) from None


def _too_big(path: Path, limit: int) -> ExchangeError:
    return ExchangeError(
        _("{path} is bigger than {size} MB: it is not an exchange file CyberCabinet "
          "wrote; nothing was imported.").format(path=path, size=limit // (1024 * 1024)),
        hint=_("Choose a .ccab file exported by CyberCabinet."))
