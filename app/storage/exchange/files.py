"""Reading and writing exchange files on disk: bounded reads, atomic private writes.

A file is read only if it is a regular file no bigger than ``MAX_FILE_SIZE`` (checked before
reading, and again while reading, in case it grows). A file is written under a temporary name in
the same folder, created readable by its owner only (0600), synced, then renamed over the
target: at every moment the target is the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

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
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o600)  # whatever the umask or an inherited ACL made of it
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        _sync_folder(folder)
    except OSError as error:
        raise ExchangeError(_("{path} cannot be written ({reason}); nothing was "
                              "written.").format(path=path, reason=error.strerror)) from None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles for this)."""
    if os.name != "posix":  # pragma: no cover - Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _too_big(path: Path, limit: int) -> ExchangeError:
    return ExchangeError(
        _("{path} is bigger than {size} MB: it is not an exchange file CyberCabinet "
          "wrote; nothing was imported.").format(path=path, size=limit // (1024 * 1024)),
        hint=_("Choose a .ccab file exported by CyberCabinet."))
