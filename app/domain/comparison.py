"""Two assessments of one practice side by side: what improved, what got worse, what changed.

``compare(questionnaire_a, snapshot_a, questionnaire_b, snapshot_b)`` scores both with their own
questionnaire version and matches questions and themes by id. A is "before", B "after": every
delta is B − A. The rules, and why (docs/auditor.md has them for people):

- A **gap** is what scoring calls one: asked, answered, below full marks ("I don't know"
  included). A gap *closed* is a gap in A that is not a gap in B; a *new* gap the reverse. Each
  says how the question stands on the other side, because "closed" by a yes is not "closed" by
  "not applicable", a skipped branch, an open question or a question the new version dropped:
  ``GapChange.fixed`` is true only for the first.
- An **answer changed** when the question exists in both versions and what counts of it
  differs: the value if the question is asked, nothing if it is hidden by skip logic or not
  answered. Profile answers are compared too (they open and close whole branches). Notes are not.
- A question (or theme) in only one version is listed in ``only_in_a`` / ``only_in_b``; its theme
  score on the missing side is ``None`` and so is the delta.
- A score is ``None`` when nothing in it counts (all "not applicable", or nothing answered): its
  delta is ``None`` too, never a made-up 0.

The self-assessed answers are compared, not an auditor's corrections: a review sits beside an
assessment (``app.domain.review``) and has its own reviewed score.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.answers import AnswerValue
from app.domain.assessment import AssessmentSnapshot
from app.domain.maturity import MaturityLevel
from app.domain.questionnaire import LocalizedText, Question, Questionnaire
from app.domain.scoring import AnswerStatus, AssessmentScore, QuestionResult, score_assessment
from app.domain.skip_logic import visible_question_ids
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN
from app.errors import ValidationError
from app.i18n import _


class SideStatus(StrEnum):
    """How one question stands in one assessment."""

    ANSWERED = "answered"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"
    HIDDEN = "hidden"
    """Not asked: skip logic left it out."""
    ABSENT = "absent"
    """Not in this version of the questionnaire."""


@dataclass(frozen=True)
class QuestionSide:
    """One question in one assessment: its status, the value that counts, what it is worth."""

    status: SideStatus
    value: AnswerValue | None = None
    score: float | None = None
    """0..1, ``None`` when it does not count."""

    @property
    def is_gap(self) -> bool:
        return self.score is not None and self.score < 1.0

    @property
    def is_met(self) -> bool:
        return self.score is not None and self.score >= 1.0


ABSENT = QuestionSide(SideStatus.ABSENT)


@dataclass(frozen=True)
class GapChange:
    """A question that is a gap on one side and not on the other."""

    question: Question
    """As the newer side words it (B's, or A's when B's version dropped it)."""
    theme_id: str
    a: QuestionSide
    b: QuestionSide
    critical: bool

    @property
    def question_id(self) -> str:
        return self.question.id

    @property
    def fixed(self) -> bool:
        """Closed by an answer with full marks, not by dropping out of the count."""
        return (self.a.is_gap and self.b.is_met) or (self.b.is_gap and self.a.is_met)


@dataclass(frozen=True)
class AnswerChange:
    """An answer that differs between A and B (``None``: not asked or not answered)."""

    question_id: str
    question_a: Question
    question_b: Question
    a: QuestionSide
    b: QuestionSide
    profile: bool
    """A profile question: not scored, but it decides which questions are asked."""

    @property
    def old(self) -> AnswerValue | None:
        return self.a.value

    @property
    def new(self) -> AnswerValue | None:
        return self.b.value


@dataclass(frozen=True)
class ThemeDelta:
    theme_id: str
    title: LocalizedText
    score_a: float | None
    score_b: float | None
    in_a: bool
    in_b: bool

    @property
    def delta(self) -> float | None:
        return delta(self.score_a, self.score_b)


@dataclass(frozen=True)
class Comparison:
    """Everything the comparison of two assessments shows; A before, B after."""

    id_a: str
    id_b: str
    version_a: str
    version_b: str
    score_a: AssessmentScore
    score_b: AssessmentScore
    themes: tuple[ThemeDelta, ...]
    closed_gaps: tuple[GapChange, ...]
    new_gaps: tuple[GapChange, ...]
    changed: tuple[AnswerChange, ...]
    only_in_a: tuple[str, ...]
    """Question ids that only A's questionnaire version has."""
    only_in_b: tuple[str, ...]

    @property
    def overall_a(self) -> float | None:
        return self.score_a.overall

    @property
    def overall_b(self) -> float | None:
        return self.score_b.overall

    @property
    def overall_delta(self) -> float | None:
        return delta(self.overall_a, self.overall_b)

    @property
    def level_a(self) -> MaturityLevel:
        return self.score_a.level

    @property
    def level_b(self) -> MaturityLevel:
        return self.score_b.level

    @property
    def critical_a(self) -> tuple[QuestionResult, ...]:
        return tuple(self.score_a.critical_gaps)

    @property
    def critical_b(self) -> tuple[QuestionResult, ...]:
        return tuple(self.score_b.critical_gaps)

    @property
    def same_version(self) -> bool:
        return self.version_a == self.version_b


def delta(before: float | None, after: float | None) -> float | None:
    """``after - before``, or ``None`` when either side has no score."""
    return None if before is None or after is None else after - before


def compare(questionnaire_a: Questionnaire, snapshot_a: AssessmentSnapshot,
            questionnaire_b: Questionnaire, snapshot_b: AssessmentSnapshot) -> Comparison:
    """Compare assessment A (before) with B (after); each scored with its own questionnaire.

    Raises ``ValidationError`` when the two are answers to different questionnaires, or when a
    snapshot was not answered on the questionnaire given with it.
    """
    for questionnaire, snapshot in ((questionnaire_a, snapshot_a),
                                    (questionnaire_b, snapshot_b)):
        if snapshot.questionnaire_id != questionnaire.id:
            raise ValidationError(_(
                "The assessment {id} was answered on the questionnaire {answered}, not "
                "{given}.").format(id=snapshot.id, answered=snapshot.questionnaire_id,
                                   given=questionnaire.id))
    if questionnaire_a.id != questionnaire_b.id:
        raise ValidationError(_(
            "These assessments answer different questionnaires ({a} and {b}): only "
            "assessments of the same questionnaire can be compared.").format(
            a=questionnaire_a.id, b=questionnaire_b.id))
    values_a, values_b = snapshot_a.values, snapshot_b.values
    score_a = score_assessment(questionnaire_a, values_a)
    score_b = score_assessment(questionnaire_b, values_b)
    sides_a = _sides(questionnaire_a, values_a, score_a)
    sides_b = _sides(questionnaire_b, values_b, score_b)
    ids_a = [q.id for q in questionnaire_a.all_questions()]
    ids_b = [q.id for q in questionnaire_b.all_questions()]
    in_b = set(ids_b)
    in_a = set(ids_a)
    order = ids_b + [qid for qid in ids_a if qid not in in_b]  # B's order, A's leftovers
    closed: list[GapChange] = []
    new: list[GapChange] = []
    changed: list[AnswerChange] = []
    for question_id in order:
        a = sides_a.get(question_id, ABSENT)
        b = sides_b.get(question_id, ABSENT)
        question_b = questionnaire_b.question(question_id)
        question_a = questionnaire_a.question(question_id)
        question = question_b or question_a
        assert question is not None  # noqa: S101 (the id comes from one of them)
        if a.is_gap != b.is_gap:
            theme = questionnaire_b.theme_of(question_id) or questionnaire_a.theme_of(question_id)
            gap = GapChange(question, theme.id if theme else "", a, b,
                            critical=bool((question_a and question_a.critical)
                                          or (question_b and question_b.critical)))
            (closed if a.is_gap else new).append(gap)
        if question_a is not None and question_b is not None and a.value != b.value:
            changed.append(AnswerChange(question_id, question_a, question_b, a, b,
                                        profile=questionnaire_b.is_profile(question_id)))
    return Comparison(
        id_a=snapshot_a.id, id_b=snapshot_b.id,
        version_a=questionnaire_a.version, version_b=questionnaire_b.version,
        score_a=score_a, score_b=score_b,
        themes=_themes(score_a, score_b),
        closed_gaps=tuple(closed), new_gaps=tuple(new), changed=tuple(changed),
        only_in_a=tuple(qid for qid in ids_a if qid not in in_b),
        only_in_b=tuple(qid for qid in ids_b if qid not in in_a),
    )


_STATUS = {
    AnswerStatus.ANSWERED: SideStatus.ANSWERED,
    AnswerStatus.UNKNOWN: SideStatus.UNKNOWN,
    AnswerStatus.NOT_APPLICABLE: SideStatus.NOT_APPLICABLE,
    AnswerStatus.UNANSWERED: SideStatus.UNANSWERED,
    AnswerStatus.HIDDEN: SideStatus.HIDDEN,
}


def _sides(questionnaire: Questionnaire, values: dict[str, AnswerValue],
           score: AssessmentScore) -> dict[str, QuestionSide]:
    """Every question of the questionnaire (profile included) as it stands in the assessment."""
    sides = {r.question.id: QuestionSide(_STATUS[r.status], r.value, r.score)
             for r in score.results}
    visible = visible_question_ids(questionnaire, values)
    for question in questionnaire.profile:
        value = values.get(question.id)
        if question.id not in visible:
            sides[question.id] = QuestionSide(SideStatus.HIDDEN)
        elif value is None:
            sides[question.id] = QuestionSide(SideStatus.UNANSWERED)
        else:
            status = {UNKNOWN: SideStatus.UNKNOWN, NOT_APPLICABLE: SideStatus.NOT_APPLICABLE}.get(
                value if isinstance(value, str) else "", SideStatus.ANSWERED)
            sides[question.id] = QuestionSide(status, value)
    return sides


def _themes(score_a: AssessmentScore, score_b: AssessmentScore) -> tuple[ThemeDelta, ...]:
    """B's themes in B's order, then the themes only A's version has."""
    by_id_a = {t.theme.id: t for t in score_a.themes}
    by_id_b = {t.theme.id: t for t in score_b.themes}
    ordered = [t.theme.id for t in score_b.themes] + [
        t.theme.id for t in score_a.themes if t.theme.id not in by_id_b]
    themes = []
    for theme_id in ordered:
        a, b = by_id_a.get(theme_id), by_id_b.get(theme_id)
        shown = b if b is not None else a
        assert shown is not None  # noqa: S101 (the id comes from one of them)
        title = shown.theme.title
        themes.append(ThemeDelta(theme_id, title, a.score if a else None,
                                 b.score if b else None, a is not None, b is not None))
    return tuple(themes)
