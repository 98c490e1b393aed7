"""Storage: assessments in SQLite (embedded) or PostgreSQL (shared), through one facade.

    from app.storage import open_database
    with open_database(url) as db:
        snapshot = db.load_snapshot(assessment_id)

The only layer that imports SQLAlchemy, Alembic or sqlite3 (docs/storage.md). Importing this
package is cheap: the facade and its SQLAlchemy models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.storage.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseNeedsUpgradeError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
    DiskFullError,
    ExchangeError,
    PassphraseNeededError,
    ReadOnlyAssessmentError,
    StorageError,
    UnansweredQuestionsError,
    WrongPassphraseError,
)
from app.storage.records import (
    ActionItemRecord,
    AnswerRecord,
    AssessmentPage,
    AssessmentQuery,
    AssessmentRow,
    AssessmentSort,
    HistoryEntry,
    PracticeHistoryPoint,
    PracticeRecord,
    ReviewChange,
    ReviewHistoryEntry,
    ReviewItemStatus,
    SignatureKind,
    SignatureRecord,
)

if TYPE_CHECKING:
    from app.storage.database import (
        UNSET,
        Database,
        backup_database,
        open_database,
        restore_database,
    )

_LAZY = {"UNSET", "Database", "backup_database", "open_database", "restore_database"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        # lazy: the facade and SQLAlchemy's ORM take ~0.36 s to import after this package
        from app.storage import database

        return getattr(database, name)
    raise AttributeError(f"module 'app.storage' has no attribute {name!r}")


__all__ = [
    "UNSET",
    "ActionItemRecord",
    "AnswerRecord",
    "AssessmentPage",
    "AssessmentQuery",
    "AssessmentRow",
    "AssessmentSort",
    "Database",
    "DatabaseCorruptError",
    "DatabaseLockedError",
    "DatabaseNeedsUpgradeError",
    "DatabaseReadOnlyError",
    "DatabaseTooNewError",
    "DatabaseUnavailableError",
    "DiskFullError",
    "ExchangeError",
    "HistoryEntry",
    "PassphraseNeededError",
    "PracticeHistoryPoint",
    "PracticeRecord",
    "ReadOnlyAssessmentError",
    "ReviewChange",
    "ReviewHistoryEntry",
    "ReviewItemStatus",
    "SignatureKind",
    "SignatureRecord",
    "StorageError",
    "UnansweredQuestionsError",
    "WrongPassphraseError",
    "backup_database",
    "open_database",
    "restore_database",
]
