"""What the storage commands (practice, assessment, db) share: opening the database, JSON shapes.

Commands that only read (``list``, ``show``) open the database read-only: they work while the
application has it open, never back it up, lock or upgrade it, and a database that does not
exist yet reads as empty. Commands that write open it normally (backup on open, upgrade).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from app.cli.common import database_url
from app.domain.answers import value_to_json
from app.storage.database import open_database
from app.storage.engine import parse_target

if TYPE_CHECKING:
    from app.storage.database import Database
    from app.storage.records import AssessmentRow, PracticeRecord


def open_for_writing(args: argparse.Namespace) -> Database:
    return open_database(database_url(args))


def open_for_reading(args: argparse.Namespace) -> Database | None:
    """The database, read-only; None if its SQLite file does not exist yet."""
    url = database_url(args)
    target = parse_target(url)
    if target.path is not None and not target.path.exists():
        return None
    return open_database(url, read_only=True)


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def local(value: dt.datetime | None) -> str:
    """Short local time for tables."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def practice_json(practice: PracticeRecord) -> dict[str, Any]:
    return {
        "id": practice.id,
        "name": practice.name,
        "address": practice.address,
        "country": practice.country,
        "identifiers": dict(practice.identifiers),
        "profile": {k: value_to_json(v) for k, v in practice.profile.items()},
        "created_at": iso(practice.created_at),
        "updated_at": iso(practice.updated_at),
    }


def assessment_json(row: AssessmentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "practice_id": row.practice_id,
        "practice": row.practice_name,
        "questionnaire": {"id": row.questionnaire_id, "version": row.questionnaire_version,
                          "hash": row.questionnaire_hash},
        "language": row.language,
        "status": row.status.value,
        "filled_by": row.filled_by,
        "answered": row.answer_count,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
        "completed_at": iso(row.completed_at),
        "previous_id": row.previous_id,
        "current_question_id": row.current_question_id,
    }
