"""What ``save_answer`` stores equals what a fresh computation gives, after any sequence.

``save_answer`` writes with Core statements and reuses the skip logic it computed for the
validation (``app/storage/answer_writes.py``). Here random sequences of saves, notes and
clears — including profile answers that close a branch already answered — are run through the
facade, and after each step the assessment's stored score, counts, answer history and the
practice's profile are compared with what the domain computes from the answers read back.
Saves the skip logic refuses must leave everything as it was. SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import asdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.answers import AnswerValue, value_to_json
from app.domain.review import reviewed_score
from app.domain.scoring import score_assessment
from app.domain.skip_logic import visible_question_ids
from app.errors import ValidationError
from app.storage.database import Database
from tests.domain.test_skip_and_score_shortcuts import EX, values_of
from tests.storage.builders import FULL_ANSWERS, new_assessment, rich_assessment

QUESTIONS = list(EX.all_questions())


def assert_consistent(db: Database, assessment_id: str) -> None:
    """The stored columns equal the domain's computation on the answers read back."""
    snapshot = db.load_snapshot(assessment_id)
    questionnaire = db.questionnaire(assessment_id)
    values = snapshot.values
    row = db.get_assessment(assessment_id)
    asked = visible_question_ids(questionnaire, values)
    assert row.score == score_assessment(questionnaire, values).overall
    assert row.asked == len(asked)
    assert row.answered == len(asked & set(values))
    assert row.answer_count == len(values)
    if snapshot.review is not None:
        assert row.reviewed_score == reviewed_score(
            questionnaire, snapshot.answers, snapshot.review).overall
    else:
        assert row.reviewed_score is None


# A step: ("save", question index, value, note) | ("clear", question index).
steps = st.lists(st.one_of(
    st.sampled_from(range(len(QUESTIONS))).flatmap(lambda i: st.tuples(
        st.just("save"), st.just(i), values_of(QUESTIONS[i]), st.sampled_from(["", "n"]))),
    st.tuples(st.just("clear"), st.sampled_from(range(len(QUESTIONS))))), max_size=25)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=steps)
def test_random_save_sequences_store_what_is_recomputed(db: Database,
                                                        sequence: list[tuple]) -> None:
    assessment_id = new_assessment(db, country="")  # no country: the draft starts empty
    practice_id = db.get_assessment(assessment_id).practice_id
    expected: dict[str, AnswerValue] = {}
    history = 0
    for step in sequence:
        question_id = QUESTIONS[step[1]].id
        if step[0] == "clear":
            if db.clear_answer(assessment_id, question_id, by="MPA"):
                history += 1
                del expected[question_id]
        else:
            _, _, value, note = step
            before = db.answers(assessment_id)
            asked = visible_question_ids(EX, expected)
            try:
                record = db.save_answer(assessment_id, question_id, value, note=note,
                                        by="Dr Dupont")
            except ValidationError:
                assert question_id not in asked, "an asked question with a valid value"
                assert db.answers(assessment_id) == before  # nothing written
            else:
                assert question_id in asked
                old = before.get(question_id)
                if old is None or old.value != record.value or old.note != note:
                    history += 1
                expected[question_id] = record.value
                assert db.answers(assessment_id)[question_id] == record
        assert db.load_snapshot(assessment_id).values == expected
        assert len(db.answer_history(assessment_id)) == history
        assert_consistent(db, assessment_id)
        profile = db.get_practice(practice_id).profile
        assert {k: value_to_json(v) for k, v in profile.items()} == {
            k: value_to_json(v) for k, v in expected.items() if EX.is_profile(k)}


def test_closing_a_branch_keeps_its_answers_out_of_the_score(db: Database) -> None:
    assessment_id = new_assessment(db)
    for question_id, value in FULL_ANSWERS:
        db.save_answer(assessment_id, question_id, value)
    assert_consistent(db, assessment_id)
    with_server = db.get_assessment(assessment_id)
    db.save_answer(assessment_id, "PRF-SERVER", "no")  # hides SRV-01 and SRV-02, answered
    assert_consistent(db, assessment_id)
    without = db.get_assessment(assessment_id)
    assert without.answer_count == with_server.answer_count  # kept, not counted
    assert without.asked == with_server.asked - 2
    db.save_answer(assessment_id, "BAK-01", "yes")  # no source: the asked set is reused
    assert_consistent(db, assessment_id)
    db.save_answer(assessment_id, "PRF-SERVER", "yes")  # reopened: the old answers count
    assert_consistent(db, assessment_id)
    assert db.get_assessment(assessment_id).asked == with_server.asked


def test_a_reviewed_assessment_keeps_its_reviewed_score_in_step(db: Database) -> None:
    assessment_id = rich_assessment(db, sign=False)  # completed, BAK-01 disputed
    assert_consistent(db, assessment_id)
    before = db.get_assessment(assessment_id)
    db.save_answer(assessment_id, "BAK-02", 0.0, by="MPA")
    db.save_answer(assessment_id, "BAK-01", "partly", by="MPA")
    assert_consistent(db, assessment_id)
    after = db.get_assessment(assessment_id)
    assert after.reviewed_score is not None and after.score != before.score


def test_the_same_answer_again_writes_nothing(db: Database) -> None:
    assessment_id = new_assessment(db, country="")  # no country: no history yet
    first = db.save_answer(assessment_id, "BAK-01", "no", note="n", by="A", evidence="x.pdf")
    updated = db.get_assessment(assessment_id).updated_at
    again = db.save_answer(assessment_id, "BAK-01", "no", note="n", by="B")
    assert asdict(again) == asdict(first)
    assert len(db.answer_history(assessment_id)) == 1
    assert db.get_assessment(assessment_id).updated_at == updated
    changed = db.save_answer(assessment_id, "BAK-01", "no", note="m", by="B")
    assert changed.evidence == "x.pdf" and changed.answered_by == "B"
    assert len(db.answer_history(assessment_id)) == 2


def test_a_number_keeps_every_digit(db: Database) -> None:
    """A REAL in SQLite's JSON column (NUMERIC affinity) must come back exactly: read as text
    it printed 15 digits, and the same answer saved again became a change."""
    number = next(q for q in QUESTIONS if q.type.value == "number")
    assessment_id = new_assessment(db, country="")  # no country: no history yet
    value = 1.468912683911159
    try:
        db.save_answer(assessment_id, number.id, value, by="Dr Dupont")
    except ValidationError:  # outside the question's range: one it accepts, with 16 digits
        low = number.number.minimum if number.number and number.number.minimum else 0
        value = low + 0.1 + 1e-15
        db.save_answer(assessment_id, number.id, value, by="Dr Dupont")
    assert db.answers(assessment_id)[number.id].value == value
    db.save_answer(assessment_id, number.id, value, by="Dr Dupont")
    assert len(db.answer_history(assessment_id)) == 1
