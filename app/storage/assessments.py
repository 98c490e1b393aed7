"""Assessments: start one (or a new version of an earlier one), find it, move it between draft
and completed, remember where the practice stopped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.answers import AnswerValue, validate_value, value_from_json
from app.domain.assessment import AssessmentStatus
from app.domain.carry_over import CarryOver, carry_over
from app.domain.catalog import DEFAULT_QUESTIONNAIRE_ID
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import score_assessment, unanswered_profile
from app.errors import ValidationError
from app.i18n import _, ngettext
from app.storage.action_items import sync_actions
from app.storage.answers import add_answer, values_of
from app.storage.checks import assessment_status, clean_name, parse_uuid
from app.storage.core import DatabaseCore, guarded
from app.storage.errors import UnansweredQuestionsError
from app.storage.lookup import (
    check_editable,
    find_assessment,
    find_practice,
    find_question,
    find_row,
)
from app.storage.models import Answer, Assessment, name_key, utcnow
from app.storage.records import AssessmentRow
from app.storage.scores import refresh_scores

COUNTRY_QUESTION = "PRF-COUNTRY"
"""The profile question the practice's own country answers (``practice add --country``)."""


class Assessments(DatabaseCore):
    @guarded
    def create_assessment(self, practice_id: str, *,
                          questionnaire_id: str = DEFAULT_QUESTIONNAIRE_ID,
                          version: str | None = None, language: str | None = None,
                          filled_by: str = "") -> AssessmentRow:
        """A new draft for the practice, on the questionnaire's newest version unless one is
        named; the practice's profile answers are filled in."""
        entry = self.questionnaire_entry(questionnaire_id, version)
        questionnaire = entry.questionnaire
        language = language or questionnaire.languages[0]
        if language not in questionnaire.languages:
            raise ValidationError(
                _("The questionnaire {id} is not available in {language}; it is in: "
                  "{languages}.").format(id=questionnaire.id, language=language,
                                          languages=", ".join(questionnaire.languages)))
        by = clean_name(filled_by, _("name"), required=False)
        with self._writing() as session:
            practice = find_practice(session, practice_id)
            now = utcnow()
            assessment = Assessment(
                practice_id=practice.id, questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=entry.content_hash, language=language,
                status=AssessmentStatus.DRAFT, filled_by=by, created_at=now, updated_at=now,
                answer_count=0, practice_key=name_key(practice.name))
            session.add(assessment)
            session.flush()
            known = dict(practice.profile)
            if practice.country and COUNTRY_QUESTION not in known:
                # The country given when the practice was created is not asked again.
                known[COUNTRY_QUESTION] = practice.country.lower()
            for question in questionnaire.profile:
                raw = known.get(question.id)
                if raw is None:
                    continue
                try:
                    value = validate_value(question, value_from_json(raw))
                except ValidationError:
                    continue  # the question changed since: ask again
                add_answer(session, assessment, question.id, value, "", "", by, now)
            session.flush()
            refresh_scores(session, assessment, questionnaire)
            return find_row(session, assessment.id)

    @guarded
    def new_version_from(self, assessment_id: str, *, by: str = "",
                         questionnaire_version: str | None = None) -> AssessmentRow:
        """A new draft derived from an assessment (a signed one a year later, or a draft to
        continue on a newer questionnaire): same practice, the questionnaire's newest version
        unless one is named, every answer that still asks the same thing copied
        (``carry_over``), linked by ``previous_id``. ``carry_over_from`` says beforehand what
        is kept and what is asked again."""
        who = clean_name(by, _("name"), required=False)
        with self._writing() as session:
            source = find_assessment(session, assessment_id)
            entry = self.questionnaire_entry(source.questionnaire_id, questionnaire_version)
            questionnaire = entry.questionnaire
            now = utcnow()
            language = (source.language if source.language in questionnaire.languages
                        else questionnaire.languages[0])
            assessment = Assessment(
                practice_id=source.practice_id, questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=entry.content_hash, language=language,
                status=AssessmentStatus.DRAFT, filled_by=who or source.filled_by,
                created_at=now, updated_at=now, previous_id=source.id, answer_count=0,
                practice_key=source.practice_key)
            session.add(assessment)
            session.flush()
            answers, plan = self._carry_over(session, source, questionnaire)
            for old_answer in answers:
                value = plan.kept.get(old_answer.question_id)
                if value is None:
                    continue
                add_answer(session, assessment, old_answer.question_id, value, old_answer.note,
                           old_answer.evidence, who, now, answered_by=old_answer.answered_by,
                           answered_at=old_answer.answered_at)
            session.flush()
            refresh_scores(session, assessment, questionnaire)
            return find_row(session, assessment.id)

    @guarded
    def carry_over_from(self, assessment_id: str,
                        questionnaire_version: str | None = None) -> CarryOver:
        """What ``new_version_from`` would keep, ask again and drop (nothing is written)."""
        with self._reading() as session:
            source = find_assessment(session, assessment_id)
            questionnaire = self.questionnaire_entry(source.questionnaire_id,
                                                     questionnaire_version).questionnaire
            return self._carry_over(session, source, questionnaire)[1]

    def _carry_over(self, session: Session, source: Assessment, questionnaire: Questionnaire
                    ) -> tuple[list[Answer], CarryOver]:
        old = self.questionnaire_entry(source.questionnaire_id,
                                       source.questionnaire_version).questionnaire
        answers = list(session.scalars(select(Answer).where(
            Answer.assessment_id == source.id).order_by(Answer.id)))
        values: dict[str, AnswerValue] = {}
        for answer in answers:
            try:
                values[answer.question_id] = value_from_json(answer.value)
            except ValidationError:
                continue
        return answers, carry_over(old, questionnaire, values)

    @guarded
    def get_assessment(self, assessment_id: str) -> AssessmentRow:
        with self._reading() as session:
            return find_row(session, parse_uuid(assessment_id, kind="assessment"),
                            shown=assessment_id)

    def questionnaire(self, assessment_id: str) -> Questionnaire:
        """The questionnaire (id and version) the assessment was created with."""
        row = self.get_assessment(assessment_id)
        return self.questionnaire_entry(row.questionnaire_id,
                                        row.questionnaire_version).questionnaire

    @guarded
    def set_status(self, assessment_id: str, status: AssessmentStatus | str, *,
                   allow_unanswered: bool = False) -> AssessmentRow:
        """Mark an assessment completed or back to draft; signing goes through
        ``record_signature``.

        Completing requires an answer to every asked question ("I don't know" and "not
        applicable" are answers) unless ``allow_unanswered``; it syncs the action items.
        """
        wanted = assessment_status(status)
        if wanted not in (AssessmentStatus.DRAFT, AssessmentStatus.COMPLETED):
            raise ValidationError(_("An assessment becomes {status} by being signed.").format(
                status=wanted.value))
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            check_editable(assessment)
            now = utcnow()
            if wanted is AssessmentStatus.COMPLETED:
                questionnaire = self._questionnaire_of(assessment)
                values = values_of(session, assessment.id)
                missing = unanswered(questionnaire, values)
                if missing and not allow_unanswered:
                    raise UnansweredQuestionsError(
                        ngettext("{count} question is still unanswered (the first is {id}).",
                                 "{count} questions are still unanswered (the first is {id}).",
                                 len(missing)).format(count=len(missing), id=missing[0]),
                        missing=missing,
                        hint=_("Answer them; \"I don't know\" is an answer too."))
                if assessment.status is not AssessmentStatus.COMPLETED:
                    assessment.completed_at = now
                sync_actions(session, assessment, questionnaire, values, dt.date.today())
            else:
                assessment.completed_at = None
            assessment.status = wanted
            assessment.updated_at = now
            session.flush()
            return find_row(session, assessment.id)

    @guarded
    def set_current_question(self, assessment_id: str, question_id: str | None) -> None:
        """Remember where the practice stopped (the GUI resumes there)."""
        with self._writing() as session:
            assessment = find_assessment(session, assessment_id, for_update=True)
            if question_id is not None:
                find_question(self._questionnaire_of(assessment), assessment, question_id)
            assessment.current_question_id = question_id


def unanswered(questionnaire: Questionnaire, values: Mapping[str, AnswerValue]) -> list[str]:
    """Ids of the asked questions (profile first) that have no answer yet."""
    profile = [q.id for q in unanswered_profile(questionnaire, values)]
    scored = [r.question.id for r in score_assessment(questionnaire, values).unanswered]
    return profile + scored
