"""Scores per question, per theme and overall; the formula is documented in docs/scoring.md.

In short: each asked, answered question is worth 0..1 (``answers.value_score``); a theme's score
and the overall score are weighted means of those, times 100. "Not applicable" and questions not
asked count for nothing either way; "I don't know" counts as 0 and is also listed apart, because
it is something to find out rather than a known weakness.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.answers import AnswerValue, value_score
from app.domain.maturity import (
    CAP_FOR_FAILED_CRITICAL,
    CAP_FOR_PARTIAL_CRITICAL,
    MaturityLevel,
    capped_level,
)
from app.domain.questionnaire import Question, Questionnaire, Theme
from app.domain.skip_logic import visible_question_ids
from app.domain.verdict import (
    TriggeredCap,
    TriggeredCheck,
    answers_to_check,
    rule_questions,
    triggered_caps,
)
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN


class AnswerStatus(StrEnum):
    ANSWERED = "answered"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"
    HIDDEN = "hidden"


@dataclass(frozen=True)
class QuestionResult:
    theme: Theme
    question: Question
    value: AnswerValue | None
    status: AnswerStatus
    score: float | None  # 0..1, None when it does not count

    @property
    def is_gap(self) -> bool:
        """Asked and answered with less than full marks ("I don't know" included)."""
        return self.score is not None and self.score < 1.0

    @property
    def is_critical_gap(self) -> bool:
        return self.question.critical and self.is_gap


@dataclass(frozen=True)
class ThemeScore:
    theme: Theme
    score: float | None  # 0..100, None when nothing in it counts yet
    asked: int
    answered: int
    gaps: int
    unknown: int


@dataclass(frozen=True)
class AssessmentScore:
    overall: float | None
    level: MaturityLevel
    uncapped_level: MaturityLevel
    themes: list[ThemeScore]
    results: list[QuestionResult]
    critical_gaps: list[QuestionResult] = field(default_factory=list)
    """The gaps that cap the level, in questionnaire order."""
    unknowns: list[QuestionResult] = field(default_factory=list)
    unanswered: list[QuestionResult] = field(default_factory=list)
    caps: list[TriggeredCap] = field(default_factory=list)
    """The verdict rules that hold, most severe first (``verdict.py``)."""
    checks: list[TriggeredCheck] = field(default_factory=list)
    """Answers that contradict each other: to check, never scored."""
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)
    visible: frozenset[str] = frozenset()
    """The answers and asked questions scored (conditional actions read them)."""
    cap_levels: Mapping[str, int] = field(default_factory=dict)
    """Question id → the lowest level its answer holds the assessment to (rules and the
    simple caps of critical questions alike)."""

    cap_ranks: Mapping[str, int] = field(default_factory=dict)
    """Question id → the place of the cap it answers for: each holding rule's first gap in
    rule order (the doors before the backups, as verdict.yaml lists them), then the other
    gaps of the same rules; one action per open door comes first."""

    def cap_level_of(self, question_id: str) -> int | None:
        """The lowest level a cap about this question holds the assessment to, if any."""
        return self.cap_levels.get(question_id)

    @property
    def gaps(self) -> list[QuestionResult]:
        return [r for r in self.results if r.is_gap]

    @property
    def asked(self) -> int:
        return sum(1 for r in self.results if r.status is not AnswerStatus.HIDDEN)

    @property
    def is_complete(self) -> bool:
        return not self.unanswered

    @property
    def is_capped(self) -> bool:
        return self.level.number < self.uncapped_level.number


def _result(theme: Theme, question: Question, visible: bool,
            value: AnswerValue | None) -> QuestionResult:
    if not visible:
        return QuestionResult(theme, question, None, AnswerStatus.HIDDEN, None)
    if value is None:
        return QuestionResult(theme, question, None, AnswerStatus.UNANSWERED, None)
    status = {UNKNOWN: AnswerStatus.UNKNOWN, NOT_APPLICABLE: AnswerStatus.NOT_APPLICABLE}.get(
        value if isinstance(value, str) else "", AnswerStatus.ANSWERED)
    return QuestionResult(theme, question, value, status, value_score(question, value))


def _weighted(results: list[QuestionResult]) -> float | None:
    return _weighted_mean([(r.question.weight, r.score) for r in results
                           if r.score is not None])


def _weighted_mean(counted: list[tuple[float, float]]) -> float | None:
    """The one formula of every score (so ``overall_score`` equals ``score_assessment``'s)."""
    total = sum(weight for weight, _ in counted)
    if not total:
        return None
    return 100.0 * sum(weight * score for weight, score in counted) / total


def score_assessment(questionnaire: Questionnaire, answers: Mapping[str, AnswerValue],
                     visible: AbstractSet[str] | None = None, *,
                     practice_country: str | None = None) -> AssessmentScore:
    """Every result, theme score and the overall score, the caps and the answers to check.
    ``visible``: the asked questions, when the caller has just computed them for these answers
    (``visible_question_ids``); ``practice_country``: the country recorded with the practice,
    checked against the country question."""
    if visible is None:
        visible = visible_question_ids(questionnaire, answers)
    results = [_result(theme, q, q.id in visible, answers.get(q.id))
               for theme, q in questionnaire.scored_questions()]
    themes = []
    for theme in questionnaire.themes:
        mine = [r for r in results if r.theme is theme]
        themes.append(ThemeScore(
            theme=theme,
            score=_weighted(mine),
            asked=sum(1 for r in mine if r.status is not AnswerStatus.HIDDEN),
            answered=sum(1 for r in mine if r.status not in (AnswerStatus.HIDDEN,
                                                             AnswerStatus.UNANSWERED)),
            gaps=sum(1 for r in mine if r.is_gap),
            unknown=sum(1 for r in mine if r.status is AnswerStatus.UNKNOWN),
        ))
    overall = _weighted(results)
    gap_ids = {r.question.id for r in results if r.is_gap}
    caps = [_about_gaps(cap, gap_ids) for cap in triggered_caps(questionnaire, answers, visible)]
    capped = {question_id for cap in caps for question_id in cap.about}
    ruled = rule_questions(questionnaire)
    default_critical = [r for r in results if r.is_critical_gap and r.question.id not in ruled]
    by_question: dict[str, int] = {}
    for cap in caps:
        for question_id in cap.about:
            by_question[question_id] = min(cap.level, by_question.get(question_id, 5))
    for result in default_critical:
        by_question[result.question.id] = (CAP_FOR_FAILED_CRITICAL if (result.score or 0.0) < 0.5
                                           else CAP_FOR_PARTIAL_CRITICAL)
    lowest = min([cap.level for cap in caps] + list(by_question.values()), default=None)
    uncapped, level = capped_level(overall, lowest)
    critical = [r for r in results
                if r.is_gap and (r.question.id in capped or r in default_critical)]
    return AssessmentScore(
        overall=overall,
        level=level,
        uncapped_level=uncapped,
        themes=themes,
        results=results,
        critical_gaps=critical,
        unknowns=[r for r in results if r.status is AnswerStatus.UNKNOWN],
        unanswered=[r for r in results if r.status is AnswerStatus.UNANSWERED],
        caps=caps,
        checks=answers_to_check(questionnaire, answers, visible, practice_country),
        answers=dict(answers),
        visible=frozenset(visible),
        cap_levels=by_question,
        cap_ranks=_cap_ranks(caps),
    )


def _cap_ranks(caps: list[TriggeredCap]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for index, cap in enumerate(caps):  # most severe first, then in the verdict file's order
        first = next((question_id for question_id in cap.about if question_id not in ranks),
                     None)
        if first is not None:
            ranks[first] = index
    for index, cap in enumerate(caps):
        for question_id in cap.about:
            ranks.setdefault(question_id, len(caps) + index)
    return ranks


def _about_gaps(cap: TriggeredCap, gap_ids: AbstractSet[str]) -> TriggeredCap:
    """The cap, naming only the answers that set it off: of a rule about RMT-01 *or* NET-09,
    the one that is a gap (both when both are)."""
    gaps = tuple(question_id for question_id in cap.about if question_id in gap_ids)
    return TriggeredCap(cap.rule, gaps) if gaps else cap


def overall_score(questionnaire: Questionnaire, answers: Mapping[str, AnswerValue],
                  visible: AbstractSet[str] | None = None) -> float | None:
    """``score_assessment(...).overall`` alone, without building every result: what storage
    keeps on each assessment after every saved answer. Same questions, same order, same
    formula, hence the same float."""
    if visible is None:
        visible = visible_question_ids(questionnaire, answers)
    counted = []
    for _theme, question in questionnaire.scored_questions():
        value = answers.get(question.id) if question.id in visible else None
        if value is not None:
            score = value_score(question, value)
            if score is not None:
                counted.append((question.weight, score))
    return _weighted_mean(counted)


def unanswered_profile(questionnaire: Questionnaire,
                       answers: Mapping[str, AnswerValue]) -> list[Question]:
    visible = visible_question_ids(questionnaire, answers)
    return [q for q in questionnaire.profile if q.id in visible and q.id not in answers]
