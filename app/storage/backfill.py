"""Values an upgrade computes with the app's own code, inside the migration's transaction.

A revision never imports the app (it must do the same thing forever); what needs the app is
done here, after the revisions and before ``migrate`` checks and commits: the stored scores and
counts (revision 0003 adds their columns), the practices' name keys (0004).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, select, update

from app.domain.catalog import get_entry
from app.domain.questionnaire import Questionnaire
from app.storage import migrate, scores
from app.storage.models import Assessment, Practice, name_key

NAME_KEYS_SINCE = "0004"


def after_upgrade(questionnaires: Path | None) -> migrate.AfterUpgrade:
    """The step ``migrate.upgrade`` runs after the revisions, knowing the revision before."""
    def after(connection: Connection, before: str | None) -> None:
        if before is None:
            return  # a new database: nothing to compute
        if before < scores.SCORED_SINCE:
            def questionnaire_of(questionnaire_id: str, version: str) -> Questionnaire:
                return get_entry(questionnaire_id, version, folder=questionnaires).questionnaire

            scores.backfill(connection, questionnaire_of)
        if before < NAME_KEYS_SINCE:
            name_keys(connection)
    return after


def name_keys(connection: Connection) -> None:
    for practice_id, name in connection.execute(select(Practice.id, Practice.name)).all():
        connection.execute(update(Practice).where(Practice.id == practice_id)
                           .values(name_key=name_key(name)))
        connection.execute(update(Assessment).where(Assessment.practice_id == practice_id)
                           .values(practice_key=name_key(name)))
