"""Everything the report shows, computed once from the snapshot and the questionnaire.

The sections only lay out what is here; none of them scores or sorts anything itself, so the
PDF, the CSV and the GUI agree on every number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.action_plan import PlannedAction, build_action_plan
from app.domain.assessment import ActionItemState, ActionStatus, AssessmentSnapshot
from app.domain.compliance import (
    ArticleStatus,
    Framework,
    compliance_summary,
    frameworks_for_country,
)
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import AssessmentScore, score_assessment
from app.domain.vocabulary import Effort, Owner, Priority
from app.errors import ValidationError
from app.i18n import LANGUAGES
from app.reporting.review_data import ReviewData, build_review_data
from app.reporting.text import Words

# Order in which a report lists frameworks.
FRAMEWORK_ORDER = (Framework.RGPD, Framework.CSP, Framework.CPFR, Framework.NLPD,
                   Framework.OPDO, Framework.CPCH, Framework.LDEP)


@dataclass(frozen=True)
class ActionRow:
    """One line of the action plan: the planned action and what the practice made of it."""

    number: int
    planned: PlannedAction
    owner: Owner
    priority: Priority
    due_date: dt.date
    status: ActionStatus
    comment: str

    @property
    def effort(self) -> Effort:
        return self.planned.effort

    @property
    def is_quick_win(self) -> bool:
        return self.effort is Effort.LOW and self.priority is not Priority.LOW


@dataclass(frozen=True)
class ReportData:
    snapshot: AssessmentSnapshot
    questionnaire: Questionnaire
    words: Words
    score: AssessmentScore
    actions: list[ActionRow]
    frameworks: list[Framework]
    articles: list[ArticleStatus]
    generated_at: dt.datetime
    assessed_on: dt.date
    review: ReviewData | None = None
    """The auditor's review and the reviewed score, when the snapshot carries a review."""

    @property
    def fingerprint(self) -> str:
        return self.snapshot.fingerprint

    @property
    def open_questions(self) -> int:
        return len(self.score.unanswered)

    @property
    def is_draft(self) -> bool:
        return not self.score.is_complete


def practice_country(snapshot: AssessmentSnapshot) -> str | None:
    """"CH" or "FR": the practice's country, else the profile question that asks it."""
    country = snapshot.practice.country.strip().upper()
    if country in ("CH", "FR"):
        return country
    for question_id, answer in sorted(snapshot.answers.items()):
        if "COUNTRY" in question_id.upper() and isinstance(answer.value, str):
            value = answer.value.strip().upper()
            if value in ("CH", "FR"):
                return value
    return None


def action_rows(plan: list[PlannedAction], states: dict[str, ActionItemState],
                assessed_on: dt.date) -> list[ActionRow]:
    """The plan with the practice's owner, priority, date and status where it set them.

    Re-sorted like ``build_action_plan`` sorts (``severity_key``: cap, priority, loss, effort,
    then plan order) with the priority the practice set, since it may have raised or lowered it.
    """
    rows = []
    for index, planned in enumerate(plan):
        state = states.get(planned.key)
        priority = state.priority if state else planned.priority
        due = state.due_date if state and state.due_date else planned.due_date(assessed_on)
        rows.append((
            (planned.cap_level or 6,
             planned.cap_rank if planned.cap_rank is not None else 10**6,
             priority.rank, -planned.loss, planned.effort.rank, index),
            planned,
            state,
            priority,
            due,
        ))
    rows.sort(key=lambda item: item[0])
    return [ActionRow(number, planned, state.owner if state else planned.owner, priority, due,
                      state.status if state else ActionStatus.TODO,
                      state.comment if state else "")
            for number, (_key, planned, state, priority, due) in enumerate(rows, start=1)]


def build_report_data(snapshot: AssessmentSnapshot, questionnaire: Questionnaire, *,
                      language: str, frameworks: set[Framework] | None,
                      generated_at: dt.datetime) -> ReportData:
    if language not in LANGUAGES:
        raise ValidationError(f"Cannot write a report in {language!r}.",
                              hint=f"Choose one of {', '.join(LANGUAGES)}.")
    country = practice_country(snapshot)
    chosen = frameworks if frameworks else frameworks_for_country(country)
    ordered = [f for f in FRAMEWORK_ORDER if f in chosen]
    score = score_assessment(questionnaire, snapshot.values,
                             practice_country=snapshot.practice.country)
    moment = snapshot.updated_at or snapshot.created_at or generated_at
    assessed_on = moment.date()
    words = Words(language, country, questionnaire.languages[0])
    return ReportData(
        snapshot=snapshot,
        questionnaire=questionnaire,
        words=words,
        score=score,
        actions=action_rows(build_action_plan(score), dict(snapshot.actions), assessed_on),
        frameworks=ordered,
        articles=compliance_summary(score, set(ordered)),
        generated_at=generated_at,
        assessed_on=assessed_on,
        review=build_review_data(snapshot, questionnaire, score),
    )
