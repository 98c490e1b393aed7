"""The storage facade (``app.storage.open_database``) as the window's ``Store``.

The auditor's part maps one-to-one onto the facade: reviews, the paged list (its filters and
orders are the storage query's, on indexes), a practice's assessments, one answer's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.answers import AnswerValue
from app.domain.assessment import (
    ActionItemState,
    AssessmentSnapshot,
    AssessmentStatus,
    PracticeInfo,
)
from app.domain.carry_over import CarryOver
from app.domain.questionnaire import Questionnaire
from app.domain.review import Review, ReviewItemStatus
from app.errors import ValidationError
from app.gui.audit_store import (
    AnswerChange,
    AuditRow,
    HistoryPoint,
    ImportedFile,
    ListQuery,
    SortKey,
)
from app.gui.store import AssessmentSummary, PracticeRecord, Protection
from app.i18n import _
from app.storage import (
    AssessmentQuery,
    AssessmentRow,
    AssessmentSort,
    Database,
    SignatureKind,
    encryption,
    open_database,
    sqlcipher,
)
from app.storage.exchange.methods import is_protected

if TYPE_CHECKING:
    from app.storage.encryption import Conversion

_SORTS = {
    SortKey.PRACTICE: AssessmentSort.PRACTICE_NAME,
    SortKey.DATE: AssessmentSort.CREATED_AT,
    SortKey.STATUS: AssessmentSort.STATUS,
    SortKey.SCORE: AssessmentSort.SCORE,
    SortKey.REVIEWER: AssessmentSort.REVIEWER,
}


def _query(query: ListQuery) -> AssessmentQuery:
    return AssessmentQuery(
        search=query.search, practice_id=query.practice_id, reviewer=query.reviewer,
        statuses=frozenset() if query.status is None else frozenset({query.status}),
        sort=_SORTS[query.sort], descending=query.descending, offset=query.offset,
        limit=query.limit)


def _audit_row(row: AssessmentRow) -> AuditRow:
    return AuditRow(row.id, row.practice_id, row.practice_name, row.created_at, row.status,
                    row.score, row.reviewer or "", row.reviewed_at)


class DatabaseStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._practice: PracticeRecord | None = None

    @classmethod
    def open(cls, url: str, questionnaires: Path | None = None) -> DatabaseStore:
        return cls(open_database(url, questionnaires=questionnaires))

    @property
    def database(self) -> Database:
        return self._db

    @property
    def location(self) -> str:
        return self._db.url

    def practice(self) -> PracticeRecord | None:
        """Read once, then kept: the window asks at every page change, and an auditor's
        database holds a thousand practices."""
        if self._practice is None:
            practices = self._db.list_practices()
            if not practices:
                return None
            first = min(practices, key=lambda p: p.created_at)
            self._practice = PracticeRecord(first.id, first.info())
        return self._practice

    def create_practice(self, info: PracticeInfo) -> PracticeRecord:
        record = self._db.create_practice(info.name, address=info.address,
                                          country=info.country,
                                          identifiers=dict(info.identifiers))
        self._practice = None
        return PracticeRecord(record.id, record.info())

    def update_practice(self, practice_id: str, info: PracticeInfo) -> PracticeRecord:
        record = self._db.update_practice(practice_id, name=info.name, address=info.address,
                                          country=info.country,
                                          identifiers=dict(info.identifiers))
        self._practice = None
        return PracticeRecord(record.id, record.info())

    def assessments(self, practice_id: str) -> Sequence[AssessmentSummary]:
        """One query: storage keeps each assessment's score and counts on its row (as the
        questionnaire page counts them, profile included), so no snapshot is loaded here."""
        page = self._db.list_assessments(practice_id=practice_id, limit=None,
                                         sort="created_at", descending=True)
        return [AssessmentSummary(
            row.id, row.created_at.astimezone() if row.created_at.tzinfo else row.created_at,
            row.status, row.score, row.answered if row.asked else row.answer_count,
            row.asked or row.answer_count) for row in page.rows]

    def create_assessment(self, practice_id: str, questionnaire_id: str, language: str) -> str:
        questionnaire = self._db.questionnaire_entry(questionnaire_id).questionnaire
        chosen = language if language in questionnaire.languages else None
        return self._db.create_assessment(practice_id, questionnaire_id=questionnaire_id,
                                          language=chosen).id

    def load_snapshot(self, assessment_id: str) -> AssessmentSnapshot:
        return self._db.load_snapshot(assessment_id)

    def newest_version(self, questionnaire_id: str) -> str:
        return self._db.questionnaire_entry(questionnaire_id).questionnaire.version

    def continue_on_newest(self, assessment_id: str) -> tuple[str, CarryOver]:
        plan = self._db.carry_over_from(assessment_id)
        return self._db.new_version_from(assessment_id).id, plan

    def questionnaire(self, snapshot: AssessmentSnapshot) -> Questionnaire:
        return self._db.questionnaire_entry(snapshot.questionnaire_id,
                                            snapshot.questionnaire_version).questionnaire

    def save_answer(self, assessment_id: str, question_id: str, value: AnswerValue | None,
                    note: str) -> None:
        if value is None:
            self._db.clear_answer(assessment_id, question_id)
        else:
            self._db.save_answer(assessment_id, question_id, value, note)

    def set_status(self, assessment_id: str, status: AssessmentStatus) -> None:
        self._db.set_status(assessment_id, status)

    def sync_actions(self, assessment_id: str, start: dt.date) -> list[ActionItemState]:
        return [item.state() for item in self._db.sync_action_items(assessment_id, start=start)]

    def save_action(self, assessment_id: str, state: ActionItemState) -> None:
        self._db.update_action_item(assessment_id, state.question_id, owner=state.owner,
                                    due_date=state.due_date, status=state.status,
                                    comment=state.comment)

    def record_signature(self, assessment_id: str, file_sha256: str, signer: str, role: str,
                         fingerprint: str) -> None:
        self._db.record_signature(assessment_id, kind=SignatureKind.PRACTICE,
                                  file_sha256=file_sha256, signer_name=signer, role=role,
                                  fingerprint=fingerprint)

    def resume_position(self, assessment_id: str) -> str | None:
        return self._db.get_assessment(assessment_id).current_question_id

    def set_resume_position(self, assessment_id: str, question_id: str) -> None:
        self._db.set_current_question(assessment_id, question_id)

    # -- the auditor's side --------------------------------------------------------------
    def review(self, assessment_id: str) -> Review | None:
        return self._db.review(assessment_id)

    def set_review_item(self, assessment_id: str, question_id: str, status: ReviewItemStatus,
                        *, comment: str = "", proposed: AnswerValue | None = None,
                        auditor: str) -> None:
        self._db.set_review_item(assessment_id, question_id, status, comment=comment,
                                 proposed=proposed, auditor=auditor)

    def clear_review_item(self, assessment_id: str, question_id: str) -> None:
        self._db.clear_review_item(assessment_id, question_id)

    def set_review_opinion(self, assessment_id: str, opinion: str, auditor: str,
                           concluded: bool) -> None:
        self._db.set_review_opinion(assessment_id, opinion, auditor, concluded)

    def practice_of(self, assessment_id: str) -> str:
        return self._db.get_assessment(assessment_id).practice_id

    def practice_history(self, practice_id: str) -> Sequence[HistoryPoint]:
        return [HistoryPoint(point.assessment_id, point.created_at, point.status, point.score,
                             point.reviewer or "", point.reviewed_score)
                for point in self._db.practice_history(practice_id)]

    def answer_history(self, assessment_id: str, question_id: str) -> Sequence[AnswerChange]:
        return [AnswerChange(entry.question_id, entry.changed_by, entry.changed_at,
                             entry.old_value, entry.new_value, entry.old_note, entry.new_note)
                for entry in self._db.answer_history(assessment_id, question_id)]

    def count_assessment_rows(self, query: ListQuery) -> int:
        return self._db.count_assessment_rows(_query(query))

    def list_assessment_rows(self, query: ListQuery) -> Sequence[AuditRow]:
        return [_audit_row(row) for row in self._db.list_assessment_rows(_query(query))]

    def record_countersignature(self, assessment_id: str, file_sha256: str, signer: str,
                                role: str, fingerprint: str) -> None:
        self._db.record_signature(assessment_id, kind=SignatureKind.AUDITOR,
                                  file_sha256=file_sha256, signer_name=signer, role=role,
                                  fingerprint=fingerprint or None)

    def export_exchange(self, assessment_id: str, target: Path,
                        passphrase: str | None) -> None:
        self._db.export_exchange(assessment_id, target, passphrase)

    def exchange_is_protected(self, source: Path) -> bool:
        return is_protected(source)

    def import_exchange(self, source: Path, passphrase: str | None) -> ImportedFile:
        result = self._db.import_exchange(source, passphrase)
        if result.practice_created:
            self._practice = None
        return ImportedFile(result.assessment_id, result.already_imported)

    def protection(self) -> Protection | None:
        """Whether the database file is encrypted; None when it cannot be changed from here
        (a PostgreSQL server, or a database opened read-only)."""
        path = self._db.path
        if path is None or self._db.read_only:
            return None
        return Protection(path, encrypted=not sqlcipher.is_plain(path),
                          available=encryption.sqlcipher_installed())

    def change_protection(self, current: str | None, new: str | None) -> Conversion:
        """Encrypt (``current`` None), change the passphrase, or decrypt (``new`` None).

        The conversion takes the writer's lock, so this window lets go of the database for
        the time of it and opens it again after, under the passphrase that now opens it; on a
        refusal (wrong passphrase…) it opens it again as it was and re-raises.
        """
        path = self._db.path
        if path is None or self._db.read_only:
            raise ValidationError(_("This database cannot be protected from here."))
        if new is not None:
            encryption.check_new_passphrase(new)  # refused before letting go of anything
        questionnaires = self._db.questionnaires_folder
        self._db.close()
        try:
            if current is None:
                conversion = encryption.encrypt_database(path, new or "")
            elif new is None:
                conversion = encryption.decrypt_database(path, current)
            else:
                conversion = encryption.change_passphrase(path, current, new)
        except BaseException:
            self._db = open_database(str(path), backup=False, questionnaires=questionnaires)
            raise
        sqlcipher.set_passphrase(new)
        self._db = open_database(str(path), backup=False, questionnaires=questionnaires)
        return conversion

    def close(self) -> None:
        self._db.close()
