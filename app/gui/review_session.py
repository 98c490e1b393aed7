"""One assessment under review, as the auditor's screens see it.

The practice's answers are only read: a review sits beside them (``app.domain.review``). Every
verdict, comment, proposed answer and the opinion go to the ``Store`` the moment they are given
(no "save" button); a failed save puts the local state back and is reported once through
``save_failed``. Scores come from the domain: the self-assessed one from the answers, the
reviewed one with every disputed answer replaced by the auditor's proposal.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.domain.answers import Answer, AnswerValue, validate_value
from app.domain.assessment import AssessmentSnapshot, AssessmentStatus
from app.domain.questionnaire import LocalizedText, Question, Questionnaire, text_in
from app.domain.review import AnswerReview, Review, ReviewItemStatus, reviewed_score
from app.domain.scoring import AssessmentScore, score_assessment
from app.domain.skip_logic import visible_question_ids
from app.errors import CyberCabinetError, ValidationError
from app.gui.store import Store
from app.i18n import _, current_language

log = logging.getLogger("cybercabinet.gui")

REVIEWABLE = (AssessmentStatus.COMPLETED, AssessmentStatus.SIGNED)
"""A draft is still being answered; a countersigned review is part of what was signed."""


class ReviewSession(QObject):
    item_saved = Signal(str)
    """A verdict, its comment or its proposal is stored; carries the question id."""
    opinion_saved = Signal()
    review_changed = Signal()
    """Counts or the reviewed score may have changed."""
    save_failed = Signal(object)
    """Carries the exception; the local state has been put back as it was."""

    def __init__(self, store: Store, assessment_id: str, auditor: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._snapshot: AssessmentSnapshot = store.load_snapshot(assessment_id)
        self._questionnaire: Questionnaire = store.questionnaire(self._snapshot)
        review = store.review(assessment_id)
        self._items: dict[str, AnswerReview] = dict(review.items) if review else {}
        self._auditor = review.auditor if review is not None and review.auditor else auditor
        self._opinion = review.opinion if review is not None else ""
        self._reviewed_at = review.reviewed_at if review is not None else None
        self._pending_comments: dict[str, str] = {}
        self._proposals: dict[str, AnswerValue] = {
            qid: item.proposed for qid, item in self._items.items() if item.proposed is not None}
        self._questions: list[Question] | None = None
        self._reviewed: AssessmentScore | None = None
        self._self: AssessmentScore | None = None

    # -- the assessment ----------------------------------------------------------------
    @property
    def assessment_id(self) -> str:
        return self._snapshot.id

    @property
    def snapshot(self) -> AssessmentSnapshot:
        return self._snapshot

    @property
    def questionnaire(self) -> Questionnaire:
        return self._questionnaire

    @property
    def status(self) -> AssessmentStatus:
        return self._snapshot.status

    @property
    def read_only(self) -> bool:
        """Still a draft, or countersigned already: the review cannot change."""
        return self._snapshot.status not in REVIEWABLE

    def can_review(self, question_id: str) -> bool:
        """Only a given answer gets a verdict, and only while the review is open."""
        return not self.read_only and question_id in self._snapshot.answers

    @property
    def created_on(self) -> dt.date:
        return (self._snapshot.created_at or dt.datetime.now()).date()

    @property
    def content_language(self) -> str:
        return self._questionnaire.content_language(current_language())

    def text(self, localized: LocalizedText | None) -> str:
        if not localized:
            return ""
        return text_in(localized, self.content_language, self._questionnaire.languages[0])

    def questions(self) -> list[Question]:
        """Every question the practice was asked (profile first), in the questionnaire's order."""
        if self._questions is None:
            visible = visible_question_ids(self._questionnaire, self._snapshot.values)
            self._questions = [q for q in self._questionnaire.all_questions()
                               if q.id in visible]
        return self._questions

    def answer(self, question_id: str) -> Answer | None:
        return self._snapshot.answers.get(question_id)

    def reload(self) -> None:
        """After a change made elsewhere (signing, countersigning): read the assessment again."""
        self._snapshot = self._store.load_snapshot(self.assessment_id)
        self.review_changed.emit()

    # -- the review --------------------------------------------------------------------
    @property
    def auditor(self) -> str:
        return self._auditor

    @property
    def opinion(self) -> str:
        return self._opinion

    @property
    def reviewed_at(self) -> dt.datetime | None:
        return self._reviewed_at

    @property
    def concluded(self) -> bool:
        return self._reviewed_at is not None

    def item(self, question_id: str) -> AnswerReview | None:
        return self._items.get(question_id)

    def verdict(self, question_id: str) -> ReviewItemStatus | None:
        item = self._items.get(question_id)
        return item.status if item is not None else None

    def comment(self, question_id: str) -> str:
        item = self._items.get(question_id)
        return item.comment if item is not None else self._pending_comments.get(question_id, "")

    def proposal(self, question_id: str) -> AnswerValue | None:
        return self._proposals.get(question_id)

    def review(self) -> Review:
        return Review(self._auditor, self._opinion, self._reviewed_at, dict(self._items))

    def count(self, status: ReviewItemStatus | None) -> int:
        """How many asked questions have this verdict (``None``: none yet)."""
        return sum(1 for q in self.questions() if self.verdict(q.id) is status)

    def self_score(self) -> AssessmentScore:
        if self._self is None:
            self._self = score_assessment(self._questionnaire, self._snapshot.values,
                                          practice_country=self._snapshot.practice.country)
        return self._self

    def reviewed_score(self) -> AssessmentScore:
        if self._reviewed is None:
            self._reviewed = reviewed_score(self._questionnaire, self._snapshot.answers,
                                            self.review())
        return self._reviewed

    # -- changes -----------------------------------------------------------------------
    def set_auditor(self, name: str) -> bool:
        name = name.strip()
        if name == self._auditor:
            return True
        before = self._auditor
        self._auditor = name
        if not name or (not self._items and not self._opinion and not self.concluded):
            return True  # nothing stored yet: the name goes with the first verdict
        return self._save_opinion(lambda: setattr(self, "_auditor", before))

    def set_opinion(self, opinion: str) -> bool:
        if opinion == self._opinion:
            return True
        before = self._opinion
        self._opinion = opinion
        return self._save_opinion(lambda: setattr(self, "_opinion", before))

    def set_concluded(self, concluded: bool) -> bool:
        if concluded == self.concluded:
            return True
        before = self._reviewed_at
        self._reviewed_at = dt.datetime.now().astimezone() if concluded else None
        return self._save_opinion(lambda: setattr(self, "_reviewed_at", before))

    def set_verdict(self, question_id: str, status: ReviewItemStatus | None) -> bool:
        """Set (or with None, take back) the verdict on one answer; False if not saved."""
        before = self._items.get(question_id)
        if (before.status if before else None) is status:
            return True
        if status is None:
            def save() -> None:
                self._store.clear_review_item(self.assessment_id, question_id)
            if before is not None:
                self._pending_comments[question_id] = before.comment
            return self._save_item(question_id, None, save)
        comment = before.comment if before else self._pending_comments.get(question_id, "")
        return self._put(question_id, status, comment)

    def set_comment(self, question_id: str, comment: str) -> bool:
        """Save a comment with its verdict; kept for later when there is no verdict yet."""
        item = self._items.get(question_id)
        if item is None:
            self._pending_comments[question_id] = comment
            return True
        if item.comment == comment:
            return True
        return self._put(question_id, item.status, comment)

    def set_proposal(self, question_id: str, value: AnswerValue | None) -> bool:
        """The answer the auditor believes right (a disputed answer only)."""
        question = self._questionnaire.question(question_id)
        if question is None:
            raise KeyError(question_id)
        before = self._proposals.get(question_id)
        try:
            if value is not None:
                value = validate_value(question, value)
        except ValidationError as error:
            self._failed(error)
            return False
        if value is None:
            self._proposals.pop(question_id, None)
        else:
            self._proposals[question_id] = value
        item = self._items.get(question_id)
        if item is None or item.status is not ReviewItemStatus.DISPUTED or before == value:
            return True
        if self._put(question_id, item.status, item.comment):
            return True
        if before is None:
            self._proposals.pop(question_id, None)
        else:
            self._proposals[question_id] = before
        return False

    def _put(self, question_id: str, status: ReviewItemStatus, comment: str) -> bool:
        proposed = self._proposals.get(question_id) \
            if status is ReviewItemStatus.DISPUTED else None
        entry = AnswerReview(question_id, status, comment, proposed,
                             dt.datetime.now().astimezone())

        def save() -> None:
            self._store.set_review_item(self.assessment_id, question_id, status,
                                        comment=comment, proposed=proposed,
                                        auditor=self._auditor)
        return self._save_item(question_id, entry, save)

    def _save_item(self, question_id: str, entry: AnswerReview | None,
                   save: Callable[[], None]) -> bool:
        if entry is not None and not self._auditor:
            self._failed(ValidationError(_("Type your name as the auditor first."),
                                         hint=_("It is shown with the review and on the "
                                                "report.")))
            return False
        try:
            save()
        except CyberCabinetError as error:
            self._failed(error)
            return False
        if entry is None:
            self._items.pop(question_id, None)
        else:
            self._items[question_id] = entry
            self._pending_comments.pop(question_id, None)
        self._reviewed = None
        self.item_saved.emit(question_id)
        self.review_changed.emit()
        return True

    def _save_opinion(self, undo: Callable[[], None]) -> bool:
        if not self._auditor:
            undo()
            self._failed(ValidationError(_("Type your name as the auditor first."),
                                         hint=_("It is shown with the review and on the "
                                                "report.")))
            return False
        try:
            self._store.set_review_opinion(self.assessment_id, self._opinion, self._auditor,
                                           self.concluded)
        except CyberCabinetError as error:
            undo()
            self._failed(error)
            return False
        self.opinion_saved.emit()
        self.review_changed.emit()
        return True

    def _failed(self, error: CyberCabinetError) -> None:
        log.warning("review not saved: %s", error)
        self.review_changed.emit()
        self.save_failed.emit(error)

