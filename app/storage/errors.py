"""What can go wrong with a database, said for people, with the way out.

Every failure of the database itself (locked, read-only, full disk, damaged file, too new, server
unreachable) is turned into one of these by the facade: the GUI shows the message in a dialog, the
CLI prints it on one line and exits 2. None of them leaves a half-written state behind: each is
raised before a transaction starts or after it was rolled back.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import CyberCabinetError, ValidationError


class StorageError(CyberCabinetError):
    """A database problem the user can do something about."""


class DatabaseLockedError(StorageError):
    """The SQLite file is open for writing in another CyberCabinet window or program."""


class DatabaseReadOnlyError(StorageError):
    """The file (or its folder) cannot be written."""


class DiskFullError(StorageError):
    """No space left to write the database or a backup."""


class DatabaseCorruptError(StorageError):
    """Not a database, or a damaged one: the message names the newest backup to restore."""

    def __init__(self, message: str, *, hint: str | None = None,
                 backup: Path | None = None) -> None:
        super().__init__(message, hint=hint)
        self.backup = backup


class DatabaseTooNewError(StorageError):
    """The schema was written by a newer CyberCabinet: refused, and left untouched."""


class DatabaseNeedsUpgradeError(StorageError):
    """Opened read-only, but the schema is older than this version of the app."""


class DatabaseUnavailableError(StorageError):
    """The database server cannot be reached, or the URL is wrong."""


class ReadOnlyAssessmentError(StorageError):
    """A signed or reviewed assessment (or a database opened read-only) cannot be changed."""


class UnansweredQuestionsError(ValidationError):
    """Completing an assessment with asked questions still unanswered (``missing``: their ids,
    profile first); the CLI's ``assessment complete`` reports it as a failed check."""

    def __init__(self, message: str, *, missing: list[str], hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.missing = missing


class ExchangeError(CyberCabinetError):
    """An exchange file (``.ccab``) refused: damaged, changed, foreign, too big, too new, or not
    fitting this database; nothing was written."""


class PassphraseNeededError(ExchangeError):
    """The exchange file is protected by a passphrase and none was given."""


class WrongPassphraseError(ExchangeError):
    """The passphrase does not open the file (or the encrypted file was changed)."""
