"""The auditor's list: search, filters, every sort in both directions, paging, counts; and the
score curve of a practice. On SQLite and PostgreSQL, with rows made through the facade."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import uuid

import pytest
from sqlalchemy import insert, text

from app.domain.assessment import AssessmentStatus
from app.errors import NotFoundError, ValidationError
from app.storage.database import Database
from app.storage.listing import _page
from app.storage.models import Assessment, Practice
from app.storage.records import AssessmentQuery, AssessmentRow, AssessmentSort
from tests.storage.conftest import OpenDb

AUDITORS = ["Anne Auditrice", "Bruno Prüfer"]


@pytest.fixture
def filled(db: Database) -> dict[str, list[str]]:
    """Four practices; each has three assessments: a draft, a completed one (reviewed by an
    auditor for two practices) and a signed one; answers that give different scores."""
    ids: dict[str, list[str]] = {}
    for n, name in enumerate(["Cabinet du Léman", "Centre Alpes", "cabinet Jura",
                              "Imagerie 100% Gare"]):
        practice = db.create_practice(name, country="CH")
        made = []
        for k in range(3):
            assessment_id = db.create_assessment(practice.id, questionnaire_id="example",
                                                 language="en").id
            db.save_answer(assessment_id, "PRF-COUNTRY", "ch")
            db.save_answer(assessment_id, "PRF-SERVER", "no")
            db.save_answer(assessment_id, "BAK-01", ["no", "partly", "yes"][(n + k) % 3])
            db.save_answer(assessment_id, "BAK-02", float(n + k))
            if k >= 1:
                db.save_answer(assessment_id, "AWR-01", ("phishing",))
                db.set_status(assessment_id, "completed")
            if k == 1 and n < 2:
                db.set_review_item(assessment_id, "BAK-01", "disputed", proposed="no",
                                   auditor=AUDITORS[n])
            if k == 2:
                db.record_signature(assessment_id, kind="practice", file_sha256="ab" * 32,
                                    signer_name="Dr X")
            made.append(assessment_id)
        ids[practice.id] = made
    return ids


def rows(db: Database, **options: object) -> list[AssessmentRow]:
    return db.list_assessment_rows(AssessmentQuery(limit=None, **options))  # type: ignore[arg-type]


def test_rows_carry_what_the_list_shows(db: Database, filled: dict[str, list[str]]) -> None:
    every = rows(db)
    assert len(every) == 12 == db.count_assessment_rows(AssessmentQuery())
    by_id = {row.id: row for row in every}
    for practice_id, (draft, _reviewed, signed) in filled.items():
        assert by_id[draft].status is AssessmentStatus.DRAFT
        assert (by_id[draft].asked, by_id[draft].answered) == (5, 4)  # AWR-01 open
        assert (by_id[signed].asked, by_id[signed].answered) == (5, 5)
        assert by_id[signed].status is AssessmentStatus.SIGNED
        assert by_id[draft].practice_id == practice_id
        snapshot_score = by_id[draft].score
        assert snapshot_score is not None and 0 <= snapshot_score <= 100
        assert by_id[draft].reviewer is None and by_id[draft].reviewed_score is None
    reviewed = [row for row in every if row.reviewer]
    assert sorted(r.reviewer or "" for r in reviewed) == AUDITORS
    assert all(r.reviewed_score is not None for r in reviewed)


def test_search_is_case_and_accent_insensitive_and_literal(
        db: Database, filled: dict[str, list[str]]) -> None:
    assert {r.practice_name for r in rows(db, search="LÉMAN")} == {"Cabinet du Léman"}
    assert {r.practice_name for r in rows(db, search="cabinet")} == {"Cabinet du Léman",
                                                                     "cabinet Jura"}
    assert {r.practice_name for r in rows(db, search="100%")} == {"Imagerie 100% Gare"}
    assert rows(db, search="%") and rows(db, search="_") == []  # no LIKE wildcards
    assert db.count_assessment_rows(AssessmentQuery(search="cabinet")) == 6


def test_filters(db: Database, filled: dict[str, list[str]]) -> None:
    signed = rows(db, statuses=frozenset({AssessmentStatus.SIGNED}))
    assert len(signed) == 4 and {r.status for r in signed} == {AssessmentStatus.SIGNED}
    both = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.COMPLETED})
    assert len(rows(db, statuses=both)) == 8
    practice_id = next(iter(filled))
    assert {r.id for r in rows(db, practice_id=practice_id)} == set(filled[practice_id])
    assert [r.reviewer for r in rows(db, reviewer="PRÜF")] == ["Bruno Prüfer"]
    assert len(rows(db, reviewer="")) == 10  # nobody reviews them yet
    assert rows(db, reviewer="nobody by that name") == []
    combined = AssessmentQuery(search="léman", reviewer="anne",
                               statuses=frozenset({AssessmentStatus.COMPLETED}))
    assert [r.reviewer for r in db.list_assessment_rows(combined)] == ["Anne Auditrice"]
    assert db.count_assessment_rows(combined) == 1
    with pytest.raises(NotFoundError):
        rows(db, practice_id="not-a-practice")


def _key(row: AssessmentRow, sort: AssessmentSort) -> object:
    return {
        AssessmentSort.UPDATED_AT: row.updated_at,
        AssessmentSort.CREATED_AT: row.created_at,
        AssessmentSort.PRACTICE_NAME: row.practice_name.lower(),
        AssessmentSort.STATUS: list(AssessmentStatus).index(row.status),
        AssessmentSort.SCORE: row.score,
        AssessmentSort.REVIEWER: row.reviewer,
    }[sort]


@pytest.mark.parametrize("sort", list(AssessmentSort))
@pytest.mark.parametrize("descending", [True, False])
def test_every_sort_in_both_directions(db: Database, filled: dict[str, list[str]],
                                       sort: AssessmentSort, descending: bool) -> None:
    listed = rows(db, sort=sort, descending=descending)
    assert len(listed) == 12
    known = [_key(r, sort) for r in listed if _key(r, sort) is not None]
    assert known == sorted(known, reverse=descending)  # type: ignore[type-var]
    if sort in (AssessmentSort.SCORE, AssessmentSort.REVIEWER):
        nones = [_key(r, sort) is None for r in listed]
        assert nones == sorted(nones)  # unknown last, in both directions
    # ties are broken by id: the order is total, so pages never overlap
    for a, b in itertools.pairwise(listed):
        if _key(a, sort) == _key(b, sort):
            assert (a.id > b.id) if descending else (a.id < b.id)


@pytest.mark.parametrize("sort", list(AssessmentSort))
def test_pages_cover_the_list_exactly_once(db: Database, filled: dict[str, list[str]],
                                           sort: AssessmentSort) -> None:
    whole = [r.id for r in rows(db, sort=sort)]
    paged: list[str] = []
    for offset in range(0, 14, 5):
        paged += [r.id for r in db.list_assessment_rows(
            AssessmentQuery(sort=sort, offset=offset, limit=5))]
    assert paged == whole
    assert db.list_assessment_rows(AssessmentQuery(offset=50, limit=5)) == []


def test_a_renamed_practice_moves_in_the_list(db: Database,
                                              filled: dict[str, list[str]]) -> None:
    practice_id = next(iter(filled))  # "Cabinet du Léman", first by name
    db.update_practice(practice_id, name="Zentrum Ärzte")
    listed = rows(db, sort=AssessmentSort.PRACTICE_NAME, descending=False)
    assert [r.practice_name for r in listed[-3:]] == ["Zentrum Ärzte"] * 3
    assert {r.id for r in rows(db, search="ÄRZTE")} == set(filled[practice_id])
    assert rows(db, search="léman") == []


def test_list_assessments_keeps_its_keyword_form(db: Database,
                                                 filled: dict[str, list[str]]) -> None:
    page = db.list_assessments(status="signed", sort="score", descending=False, limit=2,
                               offset=1)
    assert page.total == 4 and len(page.rows) == 2 and page.offset == 1
    with pytest.raises(ValidationError, match="Cannot sort by"):
        db.list_assessments(sort="colour")


def test_practice_history_is_the_score_curve(db: Database,
                                             filled: dict[str, list[str]]) -> None:
    practice_id, made = next(iter(filled.items()))
    points = db.practice_history(practice_id)
    assert [p.assessment_id for p in points] == made  # oldest first
    listed = {r.id: r for r in rows(db, practice_id=practice_id)}
    for point in points:
        assert point.score == listed[point.assessment_id].score
        assert point.reviewed_score == listed[point.assessment_id].reviewed_score
    reviewed = points[1]
    assert reviewed.reviewer == AUDITORS[0]
    assert reviewed.reviewed_score is not None and reviewed.score is not None
    assert reviewed.reviewed_score <= reviewed.score  # the auditor disputed upward answers
    assert [p.status for p in points] == [AssessmentStatus.DRAFT, AssessmentStatus.COMPLETED,
                                          AssessmentStatus.SIGNED]
    with pytest.raises(NotFoundError):
        db.practice_history(str(uuid.uuid4()))


def test_practice_history_is_one_query(db: Database, filled: dict[str, list[str]]) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        db.practice_history(next(iter(filled)))
        history = [s for s in statements if "FROM assessments" in s]
        statements.clear()
        db.list_assessment_rows(AssessmentQuery(limit=50))
        page = [s for s in statements if "FROM assessments" in s]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(history) == 1 and len(page) == 1


def _fill_10000(db: Database) -> None:
    now = dt.datetime.now(dt.UTC)
    practices = [{"id": uuid.uuid4(), "name": f"Cabinet {i:04d}" + (" du Léman" if i % 97 == 0
                                                                      else ""),
                  "address": "", "country": "CH", "identifiers": {}, "profile": {},
                  "created_at": now, "updated_at": now} for i in range(1000)]
    assessments = [{"id": uuid.uuid4(), "practice_id": practices[i % 1000]["id"],
                    "questionnaire_id": "example", "questionnaire_version": "1.0",
                    "questionnaire_hash": "0" * 64, "language": "fr",
                    "status": ["draft", "completed", "signed", "reviewed"][i % 4],
                    "filled_by": "", "created_at": now - dt.timedelta(minutes=i),
                    "updated_at": now - dt.timedelta(minutes=3 * i % 10_000),
                    "answer_count": 60, "score": (i * 37 % 1000) / 10 if i % 50 else None,
                    "reviewer": AUDITORS[i % 2] if i % 4 >= 2 else None,
                    "asked_count": 70, "answered_count": 60} for i in range(10_000)]
    with db.engine.begin() as connection:
        connection.execute(insert(Practice), practices)
        connection.execute(insert(Assessment), assessments)


@pytest.mark.slow
def test_ten_thousand_assessments_every_page(db: Database) -> None:
    """Every sort pages through 10,000 rows: the first and the last page, no row twice. How
    fast: bench/bench_listing.py (no wall-clock limit in the gate; the query plans below)."""
    _fill_10000(db)
    assert db.count_assessment_rows(AssessmentQuery()) == 10_000
    for sort in AssessmentSort:
        first, last = (db.list_assessment_rows(AssessmentQuery(sort=sort, offset=offset,
                                                               limit=100))
                       for offset in (0, 9_900))
        assert len(first) == len(last) == 100, sort
        assert not {r.id for r in first} & {r.id for r in last}, sort
    query = AssessmentQuery(search="léman", reviewer="prüf", sort=AssessmentSort.SCORE)
    found = db.list_assessment_rows(query)
    assert found and all("Léman" in r.practice_name and r.reviewer == AUDITORS[1]
                         for r in found)
    assert db.count_assessment_rows(query) == len(found)


@pytest.mark.parametrize(("sort", "index"), [
    (AssessmentSort.UPDATED_AT, "ix_assessments_updated_at_id"),
    (AssessmentSort.CREATED_AT, "ix_assessments_created_at_id"),
    (AssessmentSort.SCORE, "ix_assessments_score_id"),
    (AssessmentSort.REVIEWER, "ix_assessments_reviewer_id"),
    (AssessmentSort.PRACTICE_NAME, "ix_assessments_practice_key_id")])
def test_the_sorts_walk_their_index(sqlite_url: str, open_db: OpenDb, sort: AssessmentSort,
                                    index: str) -> None:
    """SQLite only, with no PostgreSQL variant to skip: EXPLAIN QUERY PLAN is SQLite's, and
    PostgreSQL's planner picks by statistics."""
    db = open_db(sqlite_url)
    statement = _page(dataclasses.replace(AssessmentQuery(), sort=sort))
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as connection:
        plan = " ".join(str(row[-1]) for row in connection.execute(
            text(f"EXPLAIN QUERY PLAN {sql}")))
    assert index in plan, plan
