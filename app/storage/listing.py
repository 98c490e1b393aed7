"""The assessment list: pages of light rows, filtered, searched and sorted in the database.

One query per page (``row_select``: the assessment, its practice's name, its review's date), one
to count. Every order is (key, id), on an index ending with the id (revision 0004):
``updated_at``, ``created_at``, ``score``, ``reviewer``, ``practice_key`` (the practice's name
lowercased, kept on each assessment), all of ``assessments``: paging, sorting, filtering and
counting never join; only the page's rows are joined to their practice and review. The status
sorts in workflow order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from app.domain.assessment import AssessmentStatus
from app.errors import ValidationError
from app.i18n import _
from app.storage.checks import assessment_status, parse_uuid
from app.storage.convert import assessment_row, row_select
from app.storage.core import DatabaseCore, guarded
from app.storage.models import Assessment, name_key
from app.storage.records import AssessmentPage, AssessmentQuery, AssessmentRow, AssessmentSort


class Listing(DatabaseCore):
    @guarded
    def list_assessment_rows(self, query: AssessmentQuery) -> list[AssessmentRow]:
        """One page of the list (``query.offset``, ``query.limit``) in ``query.sort`` order."""
        statement = _page(query)
        with self._reading() as session:
            return _rows(session, statement)

    @guarded
    def count_assessment_rows(self, query: AssessmentQuery) -> int:
        """How many assessments match the query's filters (all pages together)."""
        statement = _count(query)
        with self._reading() as session:
            return int(session.execute(statement).scalar_one())

    @guarded
    def list_assessments(self, *, practice_id: str | None = None,
                         status: AssessmentStatus | str | Sequence[AssessmentStatus] | None = None,
                         questionnaire_id: str | None = None, search: str | None = None,
                         sort: AssessmentSort | str = AssessmentSort.UPDATED_AT,
                         descending: bool = True, limit: int | None = 100,
                         offset: int = 0) -> AssessmentPage:
        """A page and how many match, with keyword filters (the CLI's ``assessment list``);
        ``search`` matches any part of the practice's name, case-insensitively."""
        statuses = [] if status is None else [status] if isinstance(status, str) else status
        query = AssessmentQuery(
            search=search or "", statuses=frozenset(assessment_status(s) for s in statuses),
            practice_id=practice_id, questionnaire_id=questionnaire_id, sort=sort_key(sort),
            descending=descending, offset=max(offset, 0), limit=limit)
        page, count = _page(query), _count(query)
        with self._reading() as session:  # the page and its count of the same moment
            rows = _rows(session, page)
            total = int(session.execute(count).scalar_one())
        return AssessmentPage(rows=rows, total=total, offset=query.offset, limit=limit)


WORKFLOW = {status.value: rank for rank, status in enumerate(AssessmentStatus)}
"""Statuses sort in the order an assessment goes through them (draft → reviewed)."""


def sort_key(sort: AssessmentSort | str) -> AssessmentSort:
    try:
        return AssessmentSort(sort)
    except ValueError:
        raise ValidationError(_("Cannot sort by {sort}; choose one of: {choices}.").format(
            sort=sort, choices=", ".join(s.value for s in AssessmentSort))) from None


def _conditions(query: AssessmentQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.practice_id is not None:
        conditions.append(
            Assessment.practice_id == parse_uuid(query.practice_id, kind="practice"))
    if query.statuses:
        conditions.append(Assessment.status.in_(
            sorted(assessment_status(s) for s in query.statuses)))
    if query.questionnaire_id:
        conditions.append(Assessment.questionnaire_id == query.questionnaire_id)
    if query.search.strip():
        conditions.append(Assessment.practice_key.contains(name_key(query.search.strip()),
                                                           autoescape=True))
    if query.reviewer is not None:
        wanted = query.reviewer.strip().lower()
        conditions.append(Assessment.reviewer.is_(None) if not wanted else
                          func.lower(Assessment.reviewer).contains(wanted, autoescape=True))
    return conditions


def _order(query: AssessmentQuery) -> list[Any]:
    column: Any = {
        AssessmentSort.UPDATED_AT: Assessment.updated_at,
        AssessmentSort.CREATED_AT: Assessment.created_at,
        AssessmentSort.PRACTICE_NAME: Assessment.practice_key,
        AssessmentSort.STATUS: case(WORKFLOW, value=Assessment.status),
        AssessmentSort.SCORE: Assessment.score,
        AssessmentSort.REVIEWER: Assessment.reviewer,
    }[sort_key(query.sort)]
    key = column.desc() if query.descending else column.asc()
    if query.sort in (AssessmentSort.SCORE, AssessmentSort.REVIEWER):
        key = key.nulls_last()
    return [key, Assessment.id.desc() if query.descending else Assessment.id.asc()]


def _rows(session: Session, statement: Select[Any]) -> list[AssessmentRow]:
    return [assessment_row(row) for row in session.execute(statement)]


def _count(query: AssessmentQuery) -> Select[Any]:
    return select(func.count()).select_from(Assessment).where(*_conditions(query))


def _page(query: AssessmentQuery) -> Select[Any]:
    """The page's ids are cut first on the narrow rows (a "deferred join": a deep offset steps
    over ids, not over whole joined rows), then only those rows are read in full."""
    ids = (select(Assessment.id).where(*_conditions(query)).order_by(*_order(query))
           .offset(max(query.offset, 0)))
    if query.limit is not None:
        ids = ids.limit(max(query.limit, 0))
    return row_select().where(Assessment.id.in_(ids.scalar_subquery())).order_by(*_order(query))
