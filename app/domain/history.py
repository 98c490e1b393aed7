"""A practice's assessments over time: one point per assessment for the score curve.

Each assessment is scored with the questionnaire version it was answered on, so a point is the
score the practice saw that day; comparing two points in detail is ``comparison.compare``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.assessment import AssessmentSnapshot, AssessmentStatus
from app.domain.maturity import MaturityLevel
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import score_assessment


@dataclass(frozen=True)
class ScorePoint:
    assessment_id: str
    when: dt.datetime | None
    """When it was last changed (created, if never); ``None`` if the snapshot has no date."""
    status: AssessmentStatus
    questionnaire_version: str
    overall: float | None
    level: MaturityLevel
    complete: bool
    """Every question asked has an answer: a draft's score may still move."""
    critical_gaps: int


def score_point(snapshot: AssessmentSnapshot, questionnaire: Questionnaire) -> ScorePoint:
    score = score_assessment(questionnaire, snapshot.values)
    return ScorePoint(
        assessment_id=snapshot.id,
        when=snapshot.updated_at or snapshot.created_at,
        status=snapshot.status,
        questionnaire_version=questionnaire.version,
        overall=score.overall,
        level=score.level,
        complete=score.is_complete,
        critical_gaps=len(score.critical_gaps),
    )


def score_curve(assessments: Iterable[tuple[AssessmentSnapshot, Questionnaire]]
                ) -> list[ScorePoint]:
    """The points, oldest first (undated last, then by id, so the order is stable)."""
    points = [score_point(snapshot, questionnaire) for snapshot, questionnaire in assessments]
    return sorted(points, key=_order)


def _order(point: ScorePoint) -> tuple[int, float, str]:
    if point.when is None:
        return (1, 0.0, point.assessment_id)
    moment = point.when if point.when.tzinfo else point.when.replace(tzinfo=dt.UTC)
    return (0, moment.timestamp(), point.assessment_id)
