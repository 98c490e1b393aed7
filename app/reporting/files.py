"""Writing a report, an export or an identity so that it is complete or not there.

They describe a practice's weak spots or hold its keys: private (0600) unless the caller says
otherwise (a public certificate). The writing itself is ``app.atomic_files``; here, the message.
"""

from __future__ import annotations

from pathlib import Path

from app.atomic_files import PRIVATE, replace_atomically
from app.errors import CyberCabinetError
from app.i18n import _

__all__ = ["PRIVATE", "replace_atomically", "write_atomically"]


def write_atomically(path: Path, data: bytes, *, mode: int = PRIVATE) -> None:
    """``replace_atomically``, with a failure told in one line saying what to do."""
    try:
        replace_atomically(path, data, mode=mode)
    except OSError as error:
        raise CyberCabinetError(
            _("Cannot write {path} ({error}); nothing was written.").format(
                path=path, error=error.strerror or error),
            hint=_("Choose a folder you can write to.")) from error
