"""Import: check everything the file says against the questionnaire, then write it all in one
transaction, or nothing.

``check`` needs no database: the questionnaire installed with the same content hash and
language, every answer valid for its question (normalised as ``save_answer`` would), history,
actions and verdicts about questions of that questionnaire, proposals valid and only on disputed
verdicts, no id twice, and the fingerprint recomputed from the content equal to the file's.
``write`` then looks at the database (the same assessment already there?), and inserts the
practice if it is new, the assessment, its answers, history, actions, review and signatures,
with their original authors and times.

Same assessment id already here: with the same fingerprint the file is "already imported"
(nothing written), unless it carries a newer review than this database's: the auditor's
reviewed file coming back to the practice then brings its review in (the answers, which the
fingerprint covers, are the same; a countersigned assessment's review is final and kept).
With another fingerprint, it is refused (the file and this database disagree about the
answers; neither is overwritten). A new id cannot be given instead: the fingerprint, which the
signed PDFs print, covers the id.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.domain.answers import Answer as DomainAnswer
from app.domain.answers import AnswerValue, validate_value, value_from_json, value_to_json
from app.domain.assessment import AssessmentSnapshot, AssessmentStatus, PracticeInfo
from app.domain.catalog import CatalogEntry
from app.domain.questionnaire import Question, Questionnaire
from app.domain.review import ReviewItemStatus
from app.errors import CyberCabinetError
from app.i18n import _
from app.storage.convert import info_to_json, practice_record
from app.storage.errors import ExchangeError
from app.storage.exchange.schema import Content, PracticeDetails
from app.storage.models import (
    ActionItem,
    Answer,
    AnswerHistory,
    Assessment,
    Practice,
    Review,
    ReviewHistory,
    ReviewItem,
    Signature,
    utcnow,
)
from app.storage.scores import refresh_scores
from app.storage.snapshots import build_snapshot


@dataclass(frozen=True)
class ImportResult:
    assessment_id: str
    practice_id: str
    fingerprint: str
    already_imported: bool
    """The same assessment with the same fingerprint was already here: nothing was written."""
    practice_created: bool
    review_updated: bool = False
    """The assessment was here with the same answers; the file's newer review replaced ours."""


@dataclass(frozen=True)
class Checked:
    """What ``check`` found valid: the normalised values, ready to write."""

    content: Content
    questionnaire: Questionnaire
    values: dict[str, AnswerValue]


def check(content: Content, entry: CatalogEntry) -> Checked:
    questionnaire = entry.questionnaire
    if entry.content_hash != content.questionnaire.hash:
        raise ExchangeError(
            _("The installed questionnaire {id} {version} is not the one the file was made with "
              "(their content hashes differ); nothing was imported.").format(
                id=questionnaire.id, version=questionnaire.version),
            hint=_("Install the same questionnaire version as the sender."))
    if content.assessment.language not in questionnaire.languages:
        raise _wrong(_("its language {language} is not one of the questionnaire's").format(
            language=content.assessment.language))
    _unique((a.question_id for a in content.answers), _("answer"))
    _unique((a.question_id for a in content.actions), _("action"))
    _unique((str(s.id) for s in content.signatures), _("signature"))
    values: dict[str, AnswerValue] = {}
    for answer in content.answers:
        question = _question(questionnaire, answer.question_id)
        values[question.id] = _valid(question, answer.value)
    for change in content.history:
        _question(questionnaire, change.question_id)
        for raw in (change.old_value, change.new_value):
            if raw is not None:
                _shape(raw, change.question_id)
    for action in content.actions:
        _question(questionnaire, action.question_id)
    if content.assessment.current_question_id is not None:
        _question(questionnaire, content.assessment.current_question_id)
    if content.review is not None:
        _check_review(content, questionnaire, values)
    snapshot = AssessmentSnapshot(
        id=str(content.assessment.id), practice=_info(content.assessment.practice_info
                                                      or content.practice),
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        questionnaire_hash=content.questionnaire.hash, language=content.assessment.language,
        answers={a.question_id: DomainAnswer(values[a.question_id], a.note)
                 for a in content.answers})
    if snapshot.fingerprint != content.fingerprint:
        raise _wrong(_("its fingerprint does not match its answers"))
    return Checked(content, questionnaire, values)


def _check_review(content: Content, questionnaire: Questionnaire,
                  values: dict[str, AnswerValue]) -> None:
    assert content.review is not None  # noqa: S101 - checked by the caller
    _unique((i.question_id for i in content.review.items), _("verdict"))
    for item in content.review.items:
        question = _question(questionnaire, item.question_id)
        if question.id not in values:
            raise _wrong(_("it has a verdict on {question}, which has no answer").format(
                question=question.id))
        if item.proposed is not None:
            if item.status is not ReviewItemStatus.DISPUTED:
                raise _wrong(_("it proposes an answer to {question} without disputing "
                               "it").format(question=question.id))
            _valid(question, item.proposed)
    for change in content.review.history:
        if change.question_id is not None:
            _question(questionnaire, change.question_id)
        if change.proposed is not None:
            _shape(change.proposed, change.question_id or "")


def write(session: Session, checked: Checked) -> ImportResult:
    content = checked.content
    fingerprint = content.fingerprint
    existing = session.get(Assessment, content.assessment.id)
    if existing is not None:
        here = build_snapshot(session, existing).fingerprint
        if here != fingerprint:
            raise ExchangeError(
                _("This database already holds the assessment {id} with other answers "
                  "(fingerprint {here} here, {file} in the file); nothing was imported.").format(
                    id=existing.id, here=here[:12], file=fingerprint[:12]),
                hint=_("Neither is overwritten: import the file into another database "
                       "(--db), or ask the practice which one is current."))
        if _newer_review(session, existing, content):
            _replace_review(session, checked, existing)
            refresh_scores(session, existing, checked.questionnaire, checked.values)
            return ImportResult(str(existing.id), str(existing.practice_id), here,
                                already_imported=False, practice_created=False,
                                review_updated=True)
        return ImportResult(str(existing.id), str(existing.practice_id), here,
                            already_imported=True, practice_created=False)
    ids = [s.id for s in content.signatures]
    if ids and session.scalars(select(Signature.id).where(Signature.id.in_(ids))).first():
        raise _wrong(_("its signature records are already in this database, for another "
                       "assessment"))
    practice, created = _practice(session, content)
    frozen = content.assessment.practice_info
    if frozen is None and practice_record(practice).info() != _info(content.practice):
        frozen = content.practice  # this database knows the practice with other details
    assessment = _assessment(session, content, practice, frozen)
    _children(session, content, checked, assessment)
    refresh_scores(session, assessment, checked.questionnaire, checked.values)
    session.flush()
    if build_snapshot(session, assessment).fingerprint != fingerprint:  # pragma: no cover
        raise ExchangeError(_("The imported assessment does not give the file's fingerprint; "
                              "nothing was imported."), hint=_("Please report this problem."))
    return ImportResult(str(assessment.id), str(practice.id), fingerprint,
                        already_imported=False, practice_created=created)


def _practice(session: Session, content: Content) -> tuple[Practice, bool]:
    practice = session.get(Practice, content.practice.id)
    if practice is not None:
        return practice, False  # the details this database has are kept
    now = utcnow()
    practice = Practice(id=content.practice.id, name=content.practice.name,
                        address=content.practice.address, country=content.practice.country,
                        identifiers=dict(content.practice.identifiers),
                        profile=dict(content.practice.profile), created_at=now,
                        updated_at=now)
    session.add(practice)
    session.flush()
    return practice, True


def _assessment(session: Session, content: Content, practice: Practice,
                frozen: PracticeDetails | None) -> Assessment:
    source = content.assessment
    previous = source.previous_id
    if previous is not None and session.get(Assessment, previous) is None:
        previous = None  # the earlier version stayed with the sender
    assessment = Assessment(
        id=source.id, practice_id=practice.id, questionnaire_id=content.questionnaire.id,
        questionnaire_version=content.questionnaire.version,
        questionnaire_hash=content.questionnaire.hash, language=source.language,
        status=source.status, filled_by=source.filled_by, created_at=source.created_at,
        updated_at=source.updated_at, completed_at=source.completed_at, previous_id=previous,
        current_question_id=source.current_question_id,
        practice_info=info_to_json(_info(frozen)) if frozen is not None else None,
        answer_count=len(content.answers), practice_key=practice.name_key,
        reviewer=content.review.auditor if content.review is not None else None)
    session.add(assessment)
    session.flush()
    return assessment


def _children(session: Session, content: Content, checked: Checked,
              assessment: Assessment) -> None:
    where = assessment.id
    session.add_all(Answer(
        assessment_id=where, question_id=a.question_id,
        value=value_to_json(checked.values[a.question_id]), note=a.note, evidence=a.evidence,
        answered_by=a.answered_by, answered_at=a.answered_at) for a in content.answers)
    session.add_all(AnswerHistory(
        assessment_id=where, question_id=h.question_id, changed_by=h.changed_by,
        changed_at=h.changed_at, old_value=h.old_value, old_note=h.old_note,
        new_value=h.new_value, new_note=h.new_note) for h in content.history)
    session.add_all(ActionItem(
        assessment_id=where, question_id=i.question_id, owner=i.owner, priority=i.priority,
        due_date=i.due_date, status=i.status, comment=i.comment, obsolete=i.obsolete,
        edited=i.edited, updated_at=i.updated_at) for i in content.actions)
    session.add_all(Signature(
        id=s.id, assessment_id=where, kind=s.kind, file_sha256=s.file_sha256,
        signer_name=s.signer_name, role=s.role, signed_at=s.signed_at,
        fingerprint=s.fingerprint) for s in content.signatures)
    _insert_review(session, checked, where)


def _newer_review(session: Session, assessment: Assessment, content: Content) -> bool:
    """Does the file bring a review this database lacks or holds in an older state?"""
    if content.review is None or assessment.status is AssessmentStatus.REVIEWED:
        return False
    ours = session.scalars(select(Review).where(Review.assessment_id == assessment.id)).first()
    return ours is None or ours.updated_at < content.review.updated_at


def _replace_review(session: Session, checked: Checked, assessment: Assessment) -> None:
    where = assessment.id
    ours = session.scalars(select(Review).where(Review.assessment_id == where)).first()
    if ours is not None:
        session.execute(delete(ReviewItem).where(ReviewItem.review_id == ours.id))
        session.delete(ours)
    session.execute(delete(ReviewHistory).where(ReviewHistory.assessment_id == where))
    session.flush()
    _insert_review(session, checked, where)
    assessment.reviewer = checked.content.review.auditor if checked.content.review else None


def _insert_review(session: Session, checked: Checked, where: uuid.UUID) -> None:
    content = checked.content
    review = content.review
    if review is None:
        return
    row = Review(id=uuid.uuid4(), assessment_id=where, auditor_name=review.auditor,
                 opinion=review.opinion, reviewed_at=review.reviewed_at,
                 created_at=review.created_at, updated_at=review.updated_at)
    session.add(row)
    session.flush()
    questions = checked.questionnaire
    session.add_all(ReviewItem(
        review_id=row.id, question_id=i.question_id, status=i.status, comment=i.comment,
        proposed_value=None if i.proposed is None
        else value_to_json(_valid(_question(questions, i.question_id), i.proposed)),
        updated_at=i.updated_at) for i in review.items)
    session.add_all(ReviewHistory(
        assessment_id=where, kind=h.kind, question_id=h.question_id, changed_by=h.changed_by,
        changed_at=h.changed_at, status=h.status, comment=h.comment,
        proposed_value=h.proposed, opinion=h.opinion, reviewed_at=h.reviewed_at)
        for h in review.history)


def _info(details: PracticeDetails) -> PracticeInfo:
    return PracticeInfo(name=details.name, address=details.address, country=details.country,
                        identifiers=dict(details.identifiers))


def _question(questionnaire: Questionnaire, question_id: str) -> Question:
    question = questionnaire.question(question_id)
    if question is None:
        raise _wrong(_("{question} is not a question of {id} {version}").format(
            question=question_id, id=questionnaire.id, version=questionnaire.version))
    return question


def _valid(question: Question, raw: object) -> AnswerValue:
    try:
        return validate_value(question, value_from_json(raw))
    except CyberCabinetError as error:
        raise _wrong(_("its answer to {question} is not valid ({reason})").format(
            question=question.id, reason=error.message)) from None


def _shape(raw: object, question_id: str) -> None:
    try:
        value_from_json(raw)
    except CyberCabinetError:
        raise _wrong(_("its history of {question} holds a value that is not an "
                       "answer").format(question=question_id)) from None


def _unique(keys: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise _wrong(_("it has the {what} {key} twice").format(what=what, key=key))
        seen.add(key)


def _wrong(reason: str) -> ExchangeError:
    return ExchangeError(
        _("The exchange file does not fit: {reason}; nothing was imported.").format(
            reason=reason), hint=_("Ask the sender for the file again."))
