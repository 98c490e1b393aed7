"""The assessment list: a page of light rows, filtered, searched and sorted in the database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from app.domain.assessment import AssessmentStatus
from app.errors import ValidationError
from app.i18n import _
from app.storage.checks import assessment_status, parse_uuid
from app.storage.convert import assessment_row, row_select
from app.storage.core import DatabaseCore, guarded
from app.storage.models import Assessment, Practice
from app.storage.records import AssessmentPage, AssessmentSort


class Listing(DatabaseCore):
    @guarded
    def list_assessments(self, *, practice_id: str | None = None,
                         status: AssessmentStatus | str | Sequence[AssessmentStatus] | None = None,
                         questionnaire_id: str | None = None, search: str | None = None,
                         sort: AssessmentSort | str = AssessmentSort.UPDATED_AT,
                         descending: bool = True, limit: int | None = 100,
                         offset: int = 0) -> AssessmentPage:
        """A page of the assessment list, and how many match: two queries, whatever the page.

        ``search`` matches any part of the practice's name, case-insensitively.
        """
        try:
            order = AssessmentSort(sort)
        except ValueError:
            raise ValidationError(_("Cannot sort by {sort}; choose one of: {choices}.").format(
                sort=sort, choices=", ".join(s.value for s in AssessmentSort))) from None
        conditions: list[Any] = []
        if practice_id is not None:
            conditions.append(Assessment.practice_id == parse_uuid(practice_id, kind="practice"))
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            conditions.append(Assessment.status.in_([assessment_status(s) for s in statuses]))
        if questionnaire_id:
            conditions.append(Assessment.questionnaire_id == questionnaire_id)
        if search:
            conditions.append(func.lower(Practice.name).contains(search.strip().lower(),
                                                                 autoescape=True))
        key = {
            AssessmentSort.UPDATED_AT: Assessment.updated_at,
            AssessmentSort.CREATED_AT: Assessment.created_at,
            AssessmentSort.PRACTICE_NAME: func.lower(Practice.name),
            AssessmentSort.STATUS: Assessment.status,
        }[order]
        statement = (row_select().where(*conditions)
                     .order_by(key.desc() if descending else key.asc(),
                               Assessment.id.desc() if descending else Assessment.id.asc())
                     .offset(max(offset, 0)))
        if limit is not None:
            statement = statement.limit(max(limit, 0))
        count = select(func.count()).select_from(Assessment)
        if search:
            count = count.join(Practice, Practice.id == Assessment.practice_id)
        count = count.where(*conditions)
        with self._reading() as session:
            rows = [assessment_row(row) for row in session.execute(statement)]
            total = int(session.execute(count).scalar_one())
        return AssessmentPage(rows=rows, total=total, offset=max(offset, 0), limit=limit)
