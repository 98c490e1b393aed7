"""A practice over time: every assessment with its scores, for the score curve (one query)."""

from __future__ import annotations

from sqlalchemy import select

from app.storage.core import DatabaseCore, guarded
from app.storage.lookup import find_practice
from app.storage.models import Assessment
from app.storage.records import PracticeHistoryPoint


class History(DatabaseCore):
    @guarded
    def practice_history(self, practice_id: str) -> list[PracticeHistoryPoint]:
        """Every assessment of the practice, oldest first, with its self-assessed and reviewed
        scores (stored with each answer and verdict: no answer is loaded here). The history
        of one answer is ``answer_history(assessment_id, question_id)``."""
        with self._reading() as session:
            practice = find_practice(session, practice_id)
            rows = session.execute(
                select(Assessment.id, Assessment.created_at, Assessment.updated_at,
                       Assessment.completed_at, Assessment.status, Assessment.questionnaire_id,
                       Assessment.questionnaire_version, Assessment.score,
                       Assessment.reviewed_score, Assessment.reviewer, Assessment.previous_id)
                .where(Assessment.practice_id == practice.id)
                .order_by(Assessment.created_at, Assessment.id)).all()
        return [PracticeHistoryPoint(
            assessment_id=str(row[0]), created_at=row[1], updated_at=row[2],
            completed_at=row[3], status=row[4], questionnaire_id=row[5],
            questionnaire_version=row[6], score=row[7], reviewed_score=row[8],
            reviewer=row[9], previous_id=str(row[10]) if row[10] is not None else None)
            for row in rows]
