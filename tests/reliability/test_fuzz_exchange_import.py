"""Importing mutated exchange files: the import succeeds, or it raises the app's own error
(a ``CyberCabinetError``) and the database is exactly as before; never another exception.

Mutations, and how many examples each test tries (``max_examples``; run with ``-s`` to see the
outcomes counted): bit flips anywhere in the file (300), truncation at any length (200), JSON
mutations of any field of the content with the SHA-256 recomputed, as a forger would (400),
the same with a fresh assessment id and a recomputed fingerprint so that the file reaches the
database writes (300: two thirds of the mutations in the answers and the practice's details; the
test fails unless at least 10 files were imported and 3 of them hold answers or details that
differ from the exported assessment's), and bit flips or truncation of a passphrase-protected
file (60): 1,260 imports in all, against one SQLite database per test.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.domain.answers import Answer, validate_value, value_from_json
from app.domain.assessment import AssessmentSnapshot, PracticeInfo
from app.domain.catalog import get_entry
from app.errors import CyberCabinetError
from app.storage.database import Database, open_database
from app.storage.exchange import crypto
from app.storage.exchange.importing import ImportResult
from tests.conftest import EXAMPLE
from tests.storage.builders import rich_assessment

TABLES = ("practices", "assessments", "answers", "answer_history", "action_items", "reviews",
          "review_items", "review_history", "signatures")
PASSPHRASE = "fuzzing passphrase, long enough"
OUTCOMES: Counter[str] = Counter()


def fuzz(examples: int) -> Any:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def report_outcomes(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print what the imports ended in, after the module (visible with ``pytest -s``)."""
    yield
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else _nothing():
        print(f"\nexchange import fuzzing: {sum(OUTCOMES.values())} files tried")
        for outcome, count in sorted(OUTCOMES.items()):
            print(f"  {count:5d}  {outcome}")


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


@pytest.fixture
def questionnaires(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.yaml")
    return folder


@pytest.fixture
def valid_file(tmp_path: Path, questionnaires: Path) -> bytes:
    with open_database(str(tmp_path / "practice.sqlite3"), questionnaires=questionnaires) as db:
        assessment_id = rich_assessment(db)
        db.export_exchange(assessment_id, tmp_path / "valid.ccab")
    return (tmp_path / "valid.ccab").read_bytes()


@pytest.fixture
def target(tmp_path: Path, questionnaires: Path) -> Iterator[Database]:
    with open_database(str(tmp_path / "auditor.sqlite3"), questionnaires=questionnaires,
                       backup=False) as db:
        yield db


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {name: int(connection.execute(
            text(f"SELECT count(*) FROM {name}")).scalar_one())  # noqa: S608
            for name in TABLES}


def attempt(db: Database, path: Path, data: bytes, label: str,
            passphrase: str | None = None) -> ImportResult | None:
    """Import; the only outcomes allowed are success or our own error with nothing written.
    Returns what was imported (``None``: refused)."""
    path.write_bytes(data)
    before = counts(db)
    try:
        result = db.import_exchange(path, passphrase)
    except CyberCabinetError as error:
        refused: CyberCabinetError | None = error
    else:
        refused = None
    if refused is not None:
        assert str(refused).strip(), "an error without a message"
        assert counts(db) == before, f"a refused file changed the database: {refused}"
        OUTCOMES[f"{label}: refused ({type(refused).__name__})"] += 1
        return None
    assert db.load_snapshot(result.assessment_id).fingerprint == result.fingerprint
    after = counts(db)
    if result.already_imported:
        assert after == before, "an assessment already here was written again"
    elif not result.review_updated:
        assert after["assessments"] == before["assessments"] + 1
    OUTCOMES[f"{label}: {'already imported' if result.already_imported else 'imported'}"] += 1
    return result


def fingerprinted(snapshot: AssessmentSnapshot) -> dict[str, Any]:
    """What the fingerprint covers, but the assessment's id."""
    return {k: v for k, v in snapshot.canonical().items() if k != "assessment"}


def rehash(document: dict[str, Any]) -> bytes:
    canonical = json.dumps(document["content"], sort_keys=True, ensure_ascii=False,
                           separators=(",", ":")).encode("utf-8", "surrogatepass")
    document["sha256"] = hashlib.sha256(canonical).hexdigest()
    return json.dumps(document, ensure_ascii=True).encode("ascii")


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
              st.text(max_size=30),
              st.sampled_from(["yes", "no", "partly", "unknown", "na", "ch", "fr", "phishing",
                               "\ud800", "a\x00b", "x" * 300, "2025-01-01T00:00:00Z",
                               "2025-01-01", "9999-12-31T23:59:59+14:00",
                               str(uuid.uuid4()), "0" * 64, "draft", "signed", "confirmed",
                               "disputed", "BAK-01", "SRV-02", ""])),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=8), children, max_size=4),
    max_leaves=8)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


def mutate(content: dict[str, Any], data: st.DataObject, within: tuple[Any, ...] = ()) -> None:
    """One mutation anywhere in ``content``, or below ``within`` (a path) when it has anything."""
    every = [p for p in list(paths(content))[1:] if p[:len(within)] == within != p]
    every = every or list(paths(content))[1:]
    where = data.draw(st.sampled_from(every), label="path")
    parent = content
    for part in where[:-1]:
        parent = parent[part]
    key = where[-1]
    action = data.draw(st.sampled_from(["replace", "delete", "add", "duplicate"]), label="op")
    if action == "replace":
        parent[key] = data.draw(JSON_VALUES, label="value")
    elif action == "delete":
        del parent[key]
    elif action == "add" and isinstance(parent, dict):
        parent[data.draw(st.text(max_size=10), label="new key")] = data.draw(JSON_VALUES)
    elif isinstance(parent, list):
        parent.append(parent[key])
    else:
        parent[key] = data.draw(JSON_VALUES, label="value")


@fuzz(300)
@given(data=st.data())
def test_bit_flips(tmp_path: Path, valid_file: bytes, target: Database,
                   data: st.DataObject) -> None:
    content = bytearray(valid_file)
    for _ in range(data.draw(st.integers(1, 8), label="flips")):
        position = data.draw(st.integers(0, len(content) - 1), label="position")
        content[position] ^= 1 << data.draw(st.integers(0, 7), label="bit")
    attempt(target, tmp_path / "flipped.ccab", bytes(content), "bit flips")


@fuzz(200)
@given(data=st.data())
def test_truncation(tmp_path: Path, valid_file: bytes, target: Database,
                    data: st.DataObject) -> None:
    length = data.draw(st.integers(0, len(valid_file) - 1), label="length")
    attempt(target, tmp_path / "truncated.ccab", valid_file[:length], "truncation")


@fuzz(400)
@given(data=st.data())
def test_json_mutations_with_the_hash_recomputed(tmp_path: Path, valid_file: bytes,
                                                 target: Database, data: st.DataObject) -> None:
    document = json.loads(valid_file)
    mutate(document["content"], data)
    attempt(target, tmp_path / "forged.ccab", rehash(document), "JSON mutation")


def refingerprint(content: dict[str, Any], questionnaires: Path) -> None:
    """As a careful forger: a fingerprint that matches the (mutated) answers, when it can."""
    try:
        questionnaire = get_entry("example", folder=questionnaires).questionnaire
        answers = {}
        for answer in content["answers"]:
            value = value_from_json(answer["value"])
            question = questionnaire.question(answer["question_id"])
            if question is not None:
                value = validate_value(question, value)
            answers[answer["question_id"]] = Answer(value, answer["note"])
        details = content["assessment"].get("practice_info") or content["practice"]
        snapshot = AssessmentSnapshot(
            id=content["assessment"]["id"],
            practice=PracticeInfo(details["name"], details.get("address", ""),
                                  details.get("country", ""), details.get("identifiers", {})),
            questionnaire_id=content["questionnaire"]["id"],
            questionnaire_version=content["questionnaire"]["version"],
            questionnaire_hash=content["questionnaire"]["hash"],
            language=content["assessment"]["language"], answers=answers)
        content["fingerprint"] = snapshot.fingerprint
    except (CyberCabinetError, KeyError, TypeError, AttributeError, ValueError):
        pass  # the mutation broke what a fingerprint needs: the import refuses it anyway


def test_mutations_that_reach_the_database(tmp_path: Path, valid_file: bytes,
                                           target: Database, questionnaires: Path) -> None:
    exported = json.loads(valid_file)["content"]["assessment"]["id"]
    with open_database(str(tmp_path / "practice.sqlite3"), questionnaires=questionnaires,
                       read_only=True) as source:
        original = fingerprinted(source.load_snapshot(exported))
    imported: list[ImportResult] = []

    @fuzz(300)
    @given(data=st.data())
    def import_one(data: st.DataObject) -> None:
        document = json.loads(valid_file)
        content = document["content"]
        # A third anywhere; the others in what the fingerprint covers (the answers, the
        # practice's details), where a mutation that is still valid changes what is read.
        within = data.draw(st.sampled_from([(), ("answers",), ("assessment", "practice_info")]),
                           label="within")
        mutate(content, data, within)
        if isinstance(content.get("assessment"), dict):
            content["assessment"]["id"] = str(uuid.uuid4())  # a new assessment each time
        signatures = content.get("signatures")
        for signature in signatures if isinstance(signatures, list) else []:
            if isinstance(signature, dict):
                signature["id"] = str(uuid.uuid4())
        new_practice = data.draw(st.booleans(), label="new practice")
        if new_practice and isinstance(content.get("practice"), dict):
            content["practice"]["id"] = str(uuid.uuid4())
        refingerprint(content, questionnaires)
        result = attempt(target, tmp_path / "forged.ccab", rehash(document),
                         "mutation to the database")
        if result is not None:
            imported.append(result)

    import_one()
    # What the name promises: forged files got past every check into the tables, and some of
    # them carried a mutation the fingerprint covers (answers, notes, practice, questionnaire),
    # not only the fresh ids this test gives every file.
    new = [r for r in imported if not r.already_imported]
    assert len(new) >= 10, f"only {len(new)} of 300 forged files reached the database"
    mutated = [r for r in new
               if fingerprinted(target.load_snapshot(r.assessment_id)) != original]
    assert len(mutated) >= 3, (
        f"{len(new) - len(mutated)} of {len(new)} imported files held the exported assessment "
        "unchanged")
    assert counts(target)["assessments"] == len({r.assessment_id for r in new})


@fuzz(60)
@given(data=st.data())
def test_protected_file_flips_and_truncation(tmp_path: Path, valid_file: bytes,
                                             target: Database, data: st.DataObject) -> None:
    sealed = bytearray(crypto.encrypt(valid_file, PASSPHRASE, crypto.ScryptCost(log2_n=14)))
    if data.draw(st.booleans(), label="truncate"):
        sealed = sealed[:data.draw(st.integers(0, len(sealed) - 1), label="length")]
    else:
        position = data.draw(st.integers(0, len(sealed) - 1), label="position")
        sealed[position] ^= 1 << data.draw(st.integers(0, 7), label="bit")
    attempt(target, tmp_path / "sealed.ccab", bytes(sealed), "protected file", PASSPHRASE)


@pytest.mark.parametrize("section", ["practice", "questionnaire", "assessment", "answers",
                                     "history", "actions", "review", "signatures"])
@pytest.mark.parametrize("wrong", [1, "text", None, [], {}])
def test_a_section_of_the_wrong_type_is_refused_cleanly(
        tmp_path: Path, valid_file: bytes, target: Database, questionnaires: Path,
        section: str, wrong: Any) -> None:
    """Each section replaced by a value of another type (the case hypothesis found with
    ``signatures: 1``), with fresh ids and the hash recomputed: refused or imported, never
    another exception."""
    document = json.loads(valid_file)
    content = document["content"]
    content["assessment"]["id"] = str(uuid.uuid4())
    content[section] = wrong
    refingerprint(content, questionnaires)
    attempt(target, tmp_path / "forged.ccab", rehash(document), "wrong section type")
