"""From gaps to a prioritised action plan.

Every gap (a question asked and answered with less than full marks, "I don't know" included)
becomes one action: the first of the question's conditional actions whose condition holds (a
practice without an IT provider, a cloud-only practice: a step it can take itself), else the
chosen answer's own, else the question's.

The order is the one an auditor would defend: how bad the answer is first, then what it costs.
1. the level a cap rule holds the practice to because of this answer (level 1 before 2 before 3
   before uncapped): what makes the verdict bad is fixed first;
2. the action's priority (critical, high, medium, low), set by the questionnaire's authors,
   one step lower for an answer partly in place (worth ≥ 0.5) and two for one nearly there
   (worth ≥ 0.75);
3. how much the answer loses: weight × (1 − worth), so a flat network worth 0 comes before one
   more offline copy worth 0.75;
4. effort (small first: quick wins within the same severity);
5. questionnaire order.
A target date follows from the priority (from the cap: a capping gap is always due within 30
days); the practice may change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.questionnaire import Action, Question, Theme
from app.domain.scoring import AnswerStatus, AssessmentScore, QuestionResult
from app.domain.skip_logic import condition_holds
from app.domain.vocabulary import Effort, Owner, Priority

CRITICAL_BELOW_LEVEL = 3
"""An answer that holds the level at this or lower makes its action critical."""

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
    cap_level: int | None = None
    """The level a cap rule holds the assessment to because of this answer, if any."""
    cap_rank: int | None = None
    """Its place among the caps (``AssessmentScore.cap_ranks``): one action per open door
    first, in the verdict file's order."""
    loss: float = 0.0
    """weight × (1 − worth): what the answer costs the score."""
    worth: float = 0.0
    """What the answer is worth (0..1): a control partly in place is less urgent."""

    @property
    def key(self) -> str:
        """Stable identity of the action within an assessment: its question's id."""
        return self.question.id

    @property
    def priority(self) -> Priority:
        """The action's priority for *this* answer: always critical when it caps the level at 3
        or lower, at least high when it only keeps the practice from level 5;
        else the action's, one step lower for an answer worth at least 0.5 (partly in place)
        and two for one worth at least 0.75 (nearly there: one offline copy of two), never
        below low. "I don't know" is worth 0: finding out keeps the action's priority."""
        if self.cap_level is not None and self.cap_level <= CRITICAL_BELOW_LEVEL:
            return Priority.CRITICAL
        if self.cap_level is not None:  # it only keeps the practice from level 5
            return min(Priority.HIGH, self.action.priority, key=lambda p: p.rank)
        steps = 2 if self.worth >= 0.75 else 1 if self.worth >= 0.5 else 0
        levels = list(Priority)
        return levels[min(self.action.priority.rank + steps, len(levels) - 1)]

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


def _action_for(result: QuestionResult, score: AssessmentScore) -> Action | None:
    for conditional in result.question.action_if:
        if condition_holds(conditional.when, score.answers, score.visible):
            return conditional.action
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


def severity_key(planned: PlannedAction) -> tuple[int, int, int, float, int]:
    """How bad the answer is, then what fixing it costs (module docstring)."""
    return (planned.cap_level or 6, planned.cap_rank if planned.cap_rank is not None else 10**6,
            planned.priority.rank, -planned.loss, planned.effort.rank)


def build_action_plan(score: AssessmentScore) -> list[PlannedAction]:
    planned = []
    order = {r.question.id: index for index, r in enumerate(score.results)}
    for result in score.gaps:
        action = _action_for(result, score)
        if action is None:  # a loaded questionnaire always has one; be safe with old ones
            continue
        planned.append(PlannedAction(
            result.question, result.theme, action, result.status is AnswerStatus.UNKNOWN,
            cap_level=score.cap_level_of(result.question.id),
            cap_rank=score.cap_ranks.get(result.question.id),
            loss=result.question.weight * (1.0 - (result.score or 0.0)),
            worth=result.score or 0.0))
    planned.sort(key=lambda p: (*severity_key(p), order[p.question.id]))
    return planned
