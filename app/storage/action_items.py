"""Action items: the action plan's gaps as editable to-dos (owner, due date, status, comment).

They follow the answers (``sync_actions``) but keep what a person changed, and stay editable
after signing: they are the practice's follow-up, not part of what was signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.action_plan import build_action_plan
from app.domain.answers import AnswerValue
from app.domain.assessment import ActionStatus
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import score_assessment
from app.domain.vocabulary import Owner
from app.errors import NotFoundError
from app.i18n import _
from app.storage.answers import values_of
from app.storage.checks import enum_value
from app.storage.convert import action_record
from app.storage.core import UNSET, DatabaseCore, _Unset, guarded
from app.storage.lookup import find_assessment
from app.storage.models import ActionItem, Assessment, utcnow
from app.storage.records import ActionItemRecord


class ActionItems(DatabaseCore):
    @guarded
    def sync_action_items(self, assessment_id: str, *,
                          start: dt.date | None = None) -> list[ActionItemRecord]:
        """Bring the action items in line with the action plan of the current answers.

        A new gap gets an item (owner and priority from the plan, due date
        ``PlannedAction.due_date(start)``, start defaulting to today); an item a person edited
        keeps its owner, due date, status and comment; an item whose gap is gone is marked
        obsolete (kept, and revived if the gap comes back). Returns the current items in the
        plan's order. Allowed on signed assessments: action items are not part of what is
        signed.
        """
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            questionnaire = self._questionnaire_of(assessment)
            values = values_of(session, assessment.id)
            return sync_actions(session, assessment, questionnaire, values,
                                start or dt.date.today())

    @guarded
    def action_items(self, assessment_id: str, *,
                     include_obsolete: bool = False) -> list[ActionItemRecord]:
        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            statement = select(ActionItem).where(ActionItem.assessment_id == assessment.id)
            if not include_obsolete:
                statement = statement.where(ActionItem.obsolete.is_(False))
            return [action_record(i) for i in session.scalars(statement.order_by(ActionItem.id))]

    @guarded
    def update_action_item(self, assessment_id: str, question_id: str, *,
                           owner: Owner | str | _Unset = UNSET,
                           due_date: dt.date | _Unset | None = UNSET,
                           status: ActionStatus | str | _Unset = UNSET,
                           comment: str | _Unset = UNSET) -> ActionItemRecord:
        """A person's change to an action: kept by later syncs."""
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            statement = select(ActionItem).where(ActionItem.assessment_id == assessment.id,
                                                 ActionItem.question_id == question_id)
            item = session.scalars(statement).one_or_none()
            if item is None:
                sync_actions(session, assessment, self._questionnaire_of(assessment),
                             values_of(session, assessment.id), dt.date.today())
                item = session.scalars(statement).one_or_none()
            if item is None:
                raise NotFoundError(
                    _("The assessment {id} has no action for {question} (its answer is not "
                      "a gap).").format(id=assessment.id, question=question_id))
            if not isinstance(owner, _Unset):
                item.owner = enum_value(Owner, owner, _("owner"))
            if not isinstance(due_date, _Unset):
                item.due_date = due_date
            if not isinstance(status, _Unset):
                item.status = enum_value(ActionStatus, status, _("status"))
            if not isinstance(comment, _Unset):
                item.comment = comment
            item.edited = True
            item.updated_at = utcnow()
            session.flush()
            return action_record(item)


def sync_actions(session: Session, assessment: Assessment, questionnaire: Questionnaire,
                 values: Mapping[str, AnswerValue], start: dt.date) -> list[ActionItemRecord]:
    """The work of ``sync_action_items``, inside the caller's transaction."""
    plan = build_action_plan(score_assessment(questionnaire, values))
    items = {item.question_id: item for item in session.scalars(
        select(ActionItem).where(ActionItem.assessment_id == assessment.id))}
    now = utcnow()
    current = []
    for planned in plan:
        item = items.pop(planned.key, None)
        if item is None:
            item = ActionItem(assessment_id=assessment.id, question_id=planned.key,
                              owner=planned.owner, priority=planned.priority,
                              due_date=planned.due_date(start), status=ActionStatus.TODO,
                              comment="", obsolete=False, edited=False, updated_at=now)
            session.add(item)
        else:
            changed = item.obsolete or item.priority is not planned.priority
            if not item.edited:
                if item.priority is not planned.priority or item.obsolete:
                    item.due_date = planned.due_date(start)
                changed = changed or item.owner is not planned.owner
                item.owner = planned.owner
            item.priority = planned.priority
            item.obsolete = False
            if changed:
                item.updated_at = now
        current.append(item)
    for item in items.values():
        if not item.obsolete:
            item.obsolete = True
            item.updated_at = now
    session.flush()
    return [action_record(item) for item in current]
