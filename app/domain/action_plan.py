"""From gaps to a prioritised action plan.

Every gap (a question asked and answered with less than full marks, "I don't know" included)
becomes one action: the one of the chosen answer if it has its own, else the question's. Actions
are ordered by priority, then effort (quick wins first), then critical questions first, then the
order of the questionnaire. A target date follows from the priority; the practice may change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.questionnaire import Action, Question, Theme
from app.domain.scoring import AnswerStatus, AssessmentScore, QuestionResult
from app.domain.vocabulary import Effort, Owner, Priority

DAYS_TO_ACT: dict[Priority, int] = {
    Priority.CRITICAL: 30,
    Priority.HIGH: 90,
    Priority.MEDIUM: 180,
    Priority.LOW: 365,
}


@dataclass(frozen=True)
class PlannedAction:
    question: Question
    theme: Theme
    action: Action
    from_unknown: bool
    """The answer was "I don't know": the first step is to find out."""

    @property
    def key(self) -> str:
        """Stable identity of the action within an assessment: its question's id."""
        return self.question.id

    @property
    def priority(self) -> Priority:
        return self.action.priority

    @property
    def effort(self) -> Effort:
        return self.action.effort

    @property
    def owner(self) -> Owner:
        return self.action.owner

    @property
    def is_quick_win(self) -> bool:
        return self.effort is Effort.LOW and self.priority is not Priority.LOW

    def due_date(self, start: dt.date) -> dt.date:
        return start + dt.timedelta(days=DAYS_TO_ACT[self.priority])


def _action_for(result: QuestionResult) -> Action | None:
    value = result.value
    if isinstance(value, str):
        choice = result.question.choice(value)
        if choice is not None and choice.action is not None:
            return choice.action
    if isinstance(value, tuple) and len(value) == 1:
        choice = result.question.choice(value[0])
        if choice is not None and choice.action is not None:
            return choice.action
    return result.question.action


def build_action_plan(score: AssessmentScore) -> list[PlannedAction]:
    planned = []
    order = {r.question.id: index for index, r in enumerate(score.results)}
    for result in score.gaps:
        action = _action_for(result)
        if action is None:  # a loaded questionnaire always has one; be safe with old ones
            continue
        planned.append(PlannedAction(result.question, result.theme, action,
                                     result.status is AnswerStatus.UNKNOWN))
    planned.sort(key=lambda p: (p.priority.rank, p.effort.rank, not p.question.critical,
                                order[p.question.id]))
    return planned
