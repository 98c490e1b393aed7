"""The facade, on SQLite and on PostgreSQL: nothing typed is lost, nothing invalid is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.domain.assessment import ActionStatus, AssessmentStatus
from app.domain.vocabulary import Owner, Priority
from app.errors import NotFoundError, ValidationError
from app.storage import (
    AssessmentSort,
    ReadOnlyAssessmentError,
    SignatureKind,
    UnansweredQuestionsError,
)
from app.storage.database import Database
from tests.storage.conftest import OpenDb

SHA = "ab" * 32


def new_assessment(db: Database, name: str = "Cabinet Dupont", *, country: str = "ch",
                   **options: str) -> str:
    """A Swiss practice's new draft: its country already answers PRF-COUNTRY (issue 16);
    ``country=""`` gives a practice without a country, whose draft starts with no answer."""
    practice = db.create_practice(name, country=country, identifiers={"GLN": "7601000000000"})
    return db.create_assessment(practice.id, questionnaire_id="example", language="en",
                                filled_by="Dr Dupont", **options).id


def fill_completely(db: Database, assessment_id: str) -> None:
    for question_id, value in [("PRF-COUNTRY", "ch"), ("PRF-SERVER", "yes"), ("BAK-01", "no"),
                               ("BAK-02", 1.0), ("SRV-01", "yes"), ("SRV-02", "nobody"),
                               ("AWR-01", ("phishing",))]:
        db.save_answer(assessment_id, question_id, value, by="Dr Dupont")


def test_an_assessment_filled_over_several_sessions_keeps_every_answer(
        db_url: str, open_db: OpenDb) -> None:
    db = open_db(db_url)
    assessment_id = new_assessment(db)
    db.save_answer(assessment_id, "PRF-COUNTRY", "ch")
    db.save_answer(assessment_id, "PRF-SERVER", "yes", note="in the back office")
    db.set_current_question(assessment_id, "BAK-01")
    db.close()

    db = open_db(db_url)
    assert db.get_assessment(assessment_id).current_question_id == "BAK-01"
    db.save_answer(assessment_id, "BAK-01", "partly", note="weekly only", by="MPA")
    db.save_answer(assessment_id, "BAK-02", 2)
    db.close()

    db = open_db(db_url)
    db.save_answer(assessment_id, "AWR-01", ("passwords", "phishing"))
    db.save_answer(assessment_id, "BAK-01", "yes", note="daily since Monday", by="Dr Dupont")
    db.close()

    db = open_db(db_url)
    snapshot = db.load_snapshot(assessment_id)
    assert snapshot.values == {"PRF-COUNTRY": "ch", "PRF-SERVER": "yes", "BAK-01": "yes",
                               "BAK-02": 2.0, "AWR-01": ("phishing", "passwords")}
    assert snapshot.answers["BAK-01"].note == "daily since Monday"
    assert snapshot.answers["PRF-SERVER"].note == "in the back office"
    assert db.answers(assessment_id)["BAK-01"].answered_by == "Dr Dupont"
    history = db.answer_history(assessment_id, "BAK-01")
    assert [(h.old_value, h.new_value, h.changed_by) for h in history] == [
        (None, "partly", "MPA"), ("partly", "yes", "Dr Dupont")]
    assert db.get_assessment(assessment_id).answer_count == 5


def test_snapshot_has_what_the_report_needs(db: Database) -> None:
    assessment_id = new_assessment(db)
    db.save_answer(assessment_id, "BAK-01", "no", note="none at all")
    snapshot = db.load_snapshot(assessment_id)
    assert snapshot.id == assessment_id
    assert snapshot.practice.name == "Cabinet Dupont"
    assert snapshot.practice.country == "CH"
    assert dict(snapshot.practice.identifiers) == {"GLN": "7601000000000"}
    assert (snapshot.questionnaire_id, snapshot.questionnaire_version) == ("example", "1.0")
    assert len(snapshot.questionnaire_hash) == 64
    assert snapshot.language == "en" and snapshot.filled_by == "Dr Dupont"
    assert snapshot.status is AssessmentStatus.DRAFT
    assert snapshot.created_at is not None and snapshot.created_at.tzinfo is not None
    assert snapshot.fingerprint == db.load_snapshot(assessment_id).fingerprint
    db.save_answer(assessment_id, "BAK-01", "no", note="none at all!")
    assert snapshot.fingerprint != db.load_snapshot(assessment_id).fingerprint


@pytest.mark.parametrize(("question_id", "value", "message"), [
    ("NOPE-01", "yes", "NOPE-01 is not a question of example 1.0"),
    ("SRV-01", "yes", "SRV-01 is not asked, given the answers so far"),
    ("BAK-01", "maybe", "'maybe' is not an answer of BAK-01"),
    ("BAK-02", 11.0, "BAK-02 expects a number from 0 to 10"),
    ("PRF-COUNTRY", "unknown", "PRF-COUNTRY does not accept 'I don't know'"),
    ("AWR-01", ("none", "phishing"), "'none' of AWR-01 excludes every other choice"),
])
def test_invalid_answers_are_refused_and_not_stored(db: Database, question_id: str,
                                                    value: object, message: str) -> None:
    assessment_id = new_assessment(db, country="")  # no country: the draft starts empty
    with pytest.raises(ValidationError, match=message):
        db.save_answer(assessment_id, question_id, value)  # type: ignore[arg-type]
    assert db.answers(assessment_id) == {}
    assert db.answer_history(assessment_id) == []


def test_skip_logic_opens_and_closes_questions(db: Database) -> None:
    assessment_id = new_assessment(db)
    db.save_answer(assessment_id, "PRF-SERVER", "yes")
    db.save_answer(assessment_id, "SRV-01", "yes")
    db.save_answer(assessment_id, "PRF-SERVER", "no")
    with pytest.raises(ValidationError, match="not asked"):
        db.save_answer(assessment_id, "SRV-01", "no")
    # the hidden answer is kept (the practice may switch back)
    assert db.load_snapshot(assessment_id).values["SRV-01"] == "yes"


def test_unknown_ids_are_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError, match="There is no assessment nope"):
        db.get_assessment("nope")
    with pytest.raises(NotFoundError, match="There is no assessment"):
        db.load_snapshot("7c0a1b4e-0000-4000-8000-000000000000")
    with pytest.raises(NotFoundError, match="There is no practice"):
        db.create_assessment("7c0a1b4e-0000-4000-8000-000000000000",
                             questionnaire_id="example")
    with pytest.raises(NotFoundError, match="No questionnaire missing"):
        db.create_assessment(db.create_practice("P").id, questionnaire_id="missing")


def test_same_answer_again_changes_nothing_and_clear_keeps_history(db: Database) -> None:
    assessment_id = new_assessment(db, country="")  # no country: the draft starts empty
    db.save_answer(assessment_id, "BAK-01", "yes", note="n")
    db.save_answer(assessment_id, "BAK-01", "yes", note="n")
    assert len(db.answer_history(assessment_id)) == 1
    assert db.clear_answer(assessment_id, "BAK-01", by="MPA") is True
    assert db.clear_answer(assessment_id, "BAK-01") is False
    assert "BAK-01" not in db.answers(assessment_id)
    last = db.answer_history(assessment_id)[-1]
    assert (last.old_value, last.old_note, last.new_value, last.changed_by) == (
        "yes", "n", None, "MPA")
    assert db.get_assessment(assessment_id).answer_count == 0


def test_the_history_is_append_only_in_the_database(db: Database) -> None:
    assessment_id = new_assessment(db, country="")  # no country: the draft starts empty
    db.save_answer(assessment_id, "BAK-01", "yes")
    for statement in ("UPDATE answer_history SET new_note = 'forged'",
                      "DELETE FROM answer_history"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text(statement))
    # and an assessment with history cannot be deleted behind the app's back
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("DELETE FROM assessments"))
    assert len(db.answer_history(assessment_id)) == 1


def test_profile_answers_go_to_the_practice_and_into_its_next_assessment(db: Database) -> None:
    # No country: PRF-COUNTRY is answered by hand here, and goes to the practice's profile
    # like any profile answer (a country given at creation: the next test).
    practice = db.create_practice("Cabinet Martin")
    first = db.create_assessment(practice.id, questionnaire_id="example").id
    assert db.load_snapshot(first).values == {}
    db.save_answer(first, "PRF-COUNTRY", "fr")
    db.save_answer(first, "PRF-SERVER", "yes")
    db.save_answer(first, "BAK-01", "yes")
    assert db.get_practice(practice.id).profile == {"PRF-COUNTRY": "fr", "PRF-SERVER": "yes"}
    second = db.create_assessment(practice.id, questionnaire_id="example",
                                  filled_by="MPA").id
    assert db.load_snapshot(second).values == {"PRF-COUNTRY": "fr", "PRF-SERVER": "yes"}
    assert [h.changed_by for h in db.answer_history(second)] == ["MPA", "MPA"]
    db.clear_answer(second, "PRF-SERVER")
    assert db.get_practice(practice.id).profile == {"PRF-COUNTRY": "fr"}


def test_the_practice_country_answers_the_country_question(db: Database) -> None:
    """Issue 16: the country given when the practice was created answers PRF-COUNTRY of its
    new assessment, as an ordinary answer with its history; it is not asked again. A country
    the question does not offer, or none, answers nothing; a profile answer wins."""
    swiss = db.create_practice("Cabinet du Lac", country="CH")
    assessment_id = db.create_assessment(swiss.id, questionnaire_id="example",
                                         filled_by="Dr Dupont").id
    assert db.load_snapshot(assessment_id).values == {"PRF-COUNTRY": "ch"}
    record = db.answers(assessment_id)["PRF-COUNTRY"]
    assert (record.value, record.note, record.answered_by) == ("ch", "", "Dr Dupont")
    assert [(h.question_id, h.old_value, h.new_value, h.changed_by)
            for h in db.answer_history(assessment_id)] == [
        ("PRF-COUNTRY", None, "ch", "Dr Dupont")]
    assert db.get_assessment(assessment_id).answer_count == 1
    with pytest.raises(UnansweredQuestionsError) as caught:
        db.set_status(assessment_id, AssessmentStatus.COMPLETED)
    assert "PRF-COUNTRY" not in caught.value.missing  # not asked again
    assert caught.value.missing[0] == "PRF-SERVER"

    for country in ("DE", ""):  # Germany is not a choice of PRF-COUNTRY; no country at all
        practice = db.create_practice(f"Cabinet {country or 'sans pays'}", country=country)
        other = db.create_assessment(practice.id, questionnaire_id="example",
                                     filled_by="Dr Dupont").id
        assert db.answers(other) == {}, country
        assert db.answer_history(other) == [], country
        with pytest.raises(UnansweredQuestionsError) as caught:
            db.set_status(other, AssessmentStatus.COMPLETED)
        assert caught.value.missing[0] == "PRF-COUNTRY", country

    # The practice answered the country question itself: its profile wins over the country.
    db.save_answer(assessment_id, "PRF-COUNTRY", "fr", by="MPA")
    assert db.get_practice(swiss.id).profile == {"PRF-COUNTRY": "fr"}
    assert db.get_practice(swiss.id).country == "CH"
    second = db.create_assessment(swiss.id, questionnaire_id="example", filled_by="MPA").id
    assert db.load_snapshot(second).values == {"PRF-COUNTRY": "fr"}
    assert [(h.new_value, h.changed_by) for h in db.answer_history(second)] == [("fr", "MPA")]


def test_completing_requires_every_asked_question(db: Database) -> None:
    assessment_id = new_assessment(db)
    db.save_answer(assessment_id, "PRF-COUNTRY", "ch")
    with pytest.raises(ValidationError, match=r"questions are still unanswered \(the first is "
                                              r"PRF-SERVER\)"):
        db.set_status(assessment_id, AssessmentStatus.COMPLETED)
    fill_completely(db, assessment_id)
    row = db.set_status(assessment_id, "completed")
    assert row.status is AssessmentStatus.COMPLETED and row.completed_at is not None
    assert db.set_status(assessment_id, "draft").completed_at is None
    with pytest.raises(ValidationError, match="by being signed"):
        db.set_status(assessment_id, AssessmentStatus.SIGNED)


def test_action_items_follow_the_plan_and_keep_edits(db: Database) -> None:
    assessment_id = new_assessment(db)
    fill_completely(db, assessment_id)
    start = dt.date(2026, 1, 1)
    items = {i.question_id: i for i in db.sync_action_items(assessment_id, start=start)}
    assert set(items) == {"BAK-01", "BAK-02", "SRV-02", "AWR-01"}
    assert items["BAK-01"].priority is Priority.CRITICAL
    assert items["BAK-01"].due_date == dt.date(2026, 1, 31)
    assert items["SRV-02"].owner is Owner.PRACTICE  # the action of the choice "nobody"

    edited = db.update_action_item(assessment_id, "BAK-01", owner="practice",
                                   due_date=dt.date(2026, 3, 1), status=ActionStatus.IN_PROGRESS,
                                   comment="quote requested")
    assert edited.edited
    db.save_answer(assessment_id, "BAK-02", 5)  # no longer a gap
    items = {i.question_id: i for i in db.sync_action_items(assessment_id,
                                                            start=dt.date(2026, 6, 1))}
    assert "BAK-02" not in items
    assert items["BAK-01"].due_date == dt.date(2026, 3, 1)
    assert items["BAK-01"].owner is Owner.PRACTICE and items["BAK-01"].comment == "quote requested"
    # AWR-01 half done (worth 0.5): its medium action drops one step to low, due within a year
    assert items["AWR-01"].priority is Priority.LOW
    assert items["AWR-01"].due_date == dt.date(2026, 1, 1) + dt.timedelta(days=365)
    obsolete = [i for i in db.action_items(assessment_id, include_obsolete=True) if i.obsolete]
    assert [i.question_id for i in obsolete] == ["BAK-02"]
    snapshot = db.load_snapshot(assessment_id)
    assert snapshot.actions["BAK-01"].status is ActionStatus.IN_PROGRESS
    assert "BAK-02" not in snapshot.actions
    with pytest.raises(ValidationError, match="not a valid status"):
        db.update_action_item(assessment_id, "BAK-01", status="finished")


def test_signing_locks_and_a_new_version_starts_from_it(db: Database) -> None:
    assessment_id = new_assessment(db)
    fill_completely(db, assessment_id)
    with pytest.raises(ValidationError, match="Mark it completed first"):
        db.record_signature(assessment_id, kind="practice", file_sha256=SHA, signer_name="Dr D")
    db.set_status(assessment_id, AssessmentStatus.COMPLETED)
    fingerprint = db.load_snapshot(assessment_id).fingerprint
    with pytest.raises(ValidationError, match="does not show the assessment as it is now"):
        db.record_signature(assessment_id, kind="practice", file_sha256=SHA,
                            signer_name="Dr D", fingerprint="0" * 64)
    signature = db.record_signature(assessment_id, kind=SignatureKind.PRACTICE,
                                    file_sha256=SHA.upper(), signer_name="Dr Dupont",
                                    role="physician", fingerprint=fingerprint)
    assert signature.fingerprint == fingerprint and signature.file_sha256 == SHA
    assert db.get_assessment(assessment_id).status is AssessmentStatus.SIGNED

    with pytest.raises(ReadOnlyAssessmentError, match="signed: it can no longer be changed"):
        db.save_answer(assessment_id, "BAK-01", "yes")
    with pytest.raises(ReadOnlyAssessmentError):
        db.clear_answer(assessment_id, "BAK-01")
    with pytest.raises(ReadOnlyAssessmentError):
        db.set_status(assessment_id, "draft")

    # the practice moves: the signed assessment keeps the details it was signed with
    practice_id = db.get_assessment(assessment_id).practice_id
    db.update_practice(practice_id, name="Cabinet Dupont & Associés", address="Rue 2")
    assert db.load_snapshot(assessment_id).fingerprint == fingerprint

    db.record_signature(assessment_id, kind="auditor", file_sha256="cd" * 32,
                        signer_name="A. Auditor", role="auditor")
    assert db.get_assessment(assessment_id).status is AssessmentStatus.REVIEWED
    assert [s.kind for s in db.signatures(assessment_id)] == [SignatureKind.PRACTICE,
                                                               SignatureKind.AUDITOR]

    new = db.new_version_from(assessment_id, by="MPA")
    assert new.previous_id == assessment_id and new.status is AssessmentStatus.DRAFT
    assert db.load_snapshot(new.id).values == db.load_snapshot(assessment_id).values
    assert db.load_snapshot(new.id).practice.name == "Cabinet Dupont & Associés"
    db.save_answer(new.id, "BAK-01", "yes")
    assert db.load_snapshot(assessment_id).values["BAK-01"] == "no"


def test_list_assessments_filters_sorts_and_pages(db: Database) -> None:
    names = ["Cabinet Alpha", "Cabinet Beta", "Centre d'imagerie Gamma", "Cabinet 100%"]
    ids = {name: new_assessment(db, name, country="") for name in names}  # drafts start empty
    db.save_answer(ids["Cabinet Beta"], "BAK-01", "yes")  # most recently updated
    page = db.list_assessments(limit=2)
    assert page.total == 4 and len(page.rows) == 2
    assert page.rows[0].practice_name == "Cabinet Beta"
    assert page.rows[0].answer_count == 1
    second = db.list_assessments(limit=2, offset=2)
    assert {r.id for r in page.rows}.isdisjoint({r.id for r in second.rows})
    by_name = db.list_assessments(sort=AssessmentSort.PRACTICE_NAME, descending=False)
    assert [r.practice_name for r in by_name.rows] == sorted(names, key=str.lower)
    found = db.list_assessments(search="IMAGERIE")
    assert [r.practice_name for r in found.rows] == ["Centre d'imagerie Gamma"]
    assert found.total == 1
    assert db.list_assessments(search="100%").total == 1  # % is not a wildcard
    assert db.list_assessments(status=AssessmentStatus.SIGNED).total == 0
    practice_id = db.get_assessment(ids["Cabinet Alpha"]).practice_id
    assert [r.id for r in db.list_assessments(practice_id=practice_id).rows] == [
        ids["Cabinet Alpha"]]
    with pytest.raises(ValidationError, match="Cannot sort by colour"):
        db.list_assessments(sort="colour")


def test_practices(db: Database) -> None:
    db.create_practice("  Cabinet   Zola ", country="fr", identifiers={"FINESS": "750000000"})
    db.create_practice("cabinet Alpha")
    assert [p.name for p in db.list_practices()] == ["cabinet Alpha", "Cabinet Zola"]
    assert [p.name for p in db.list_practices(search="zol")] == ["Cabinet Zola"]
    with pytest.raises(ValidationError, match="The practice name is empty"):
        db.create_practice("   ")
    with pytest.raises(ValidationError, match="two-letter country code"):
        db.create_practice("X", country="Suisse")


def test_language_must_be_one_of_the_questionnaire(db: Database) -> None:
    practice = db.create_practice("P")
    with pytest.raises(ValidationError, match="not available in de"):
        db.create_assessment(practice.id, questionnaire_id="example", language="de")
    assert db.create_assessment(practice.id, questionnaire_id="example").language == "fr"


def test_read_only_database_refuses_writes(db_url: str, open_db: OpenDb) -> None:
    db = open_db(db_url)
    assessment_id = new_assessment(db)
    db.close()
    reader = open_db(db_url, read_only=True)
    assert reader.load_snapshot(assessment_id).id == assessment_id
    with pytest.raises(ValidationError.__mro__[1], match="opened read-only"):
        reader.save_answer(assessment_id, "BAK-01", "yes")


def test_models_and_migrations_agree(db: Database) -> None:
    """``alembic check`` in a test: the head schema is exactly what the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.storage.models import Base

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
