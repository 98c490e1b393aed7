"""Exchange files: export → import gives the same assessment (and fingerprint); every kind of
bad file is refused with a message and nothing written; importing twice changes nothing."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from app.errors import CyberCabinetError, NotFoundError
from app.storage.database import Database
from app.storage.errors import ExchangeError, PassphraseNeededError, WrongPassphraseError
from app.storage.exchange import crypto, files
from app.storage.exchange.format import FORMAT_VERSION, content_sha256
from app.storage.exchange.methods import read_exchange_file
from tests.storage.builders import new_assessment, rich_assessment
from tests.storage.conftest import OpenDb

TABLES = ("practices", "assessments", "answers", "answer_history", "action_items", "reviews",
          "review_items", "review_history", "signatures")
PASSPHRASE = "correct horse battery staple"


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {name: int(connection.execute(
            text(f"SELECT count(*) FROM {name}")).scalar_one())  # noqa: S608
                for name in TABLES}


@pytest.fixture
def fresh(db: Database) -> Database:
    """An empty database to import into, on SQLite and on PostgreSQL."""
    return db


@pytest.fixture
def source(open_db: OpenDb, tmp_path: Path) -> Database:
    """The practice's database (SQLite), where files are exported from."""
    return open_db(str(tmp_path / "practice.sqlite3"))


@pytest.fixture
def exported(source: Database, tmp_path: Path) -> tuple[str, Path]:
    assessment_id = rich_assessment(source)
    path = tmp_path / "cabinet.ccab"
    source.export_exchange(assessment_id, path)
    return assessment_id, path


def test_export_import_into_a_fresh_database_is_the_same_assessment(
        db: Database, open_db: OpenDb, tmp_path: Path) -> None:
    assessment_id = rich_assessment(db)
    path = tmp_path / "out" / "cabinet.ccab"
    path.parent.mkdir()
    result = db.export_exchange(assessment_id, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["cabinet.ccab"]  # no temporary left
    before = db.load_snapshot(assessment_id)
    assert result.fingerprint == before.fingerprint and not result.encrypted

    target = open_db(str(tmp_path / "auditor.sqlite3"))  # from PostgreSQL too
    imported = target.import_exchange(path)
    assert not imported.already_imported and imported.practice_created
    after = target.load_snapshot(assessment_id)
    assert after.fingerprint == before.fingerprint == imported.fingerprint
    assert after == before  # answers, notes, actions, review, status, dates: all of it
    assert target.answers(assessment_id) == db.answers(assessment_id)  # who, when, evidence
    strip = [(h.question_id, h.changed_by, h.changed_at, h.old_value, h.old_note, h.new_value,
              h.new_note) for h in db.answer_history(assessment_id)]
    assert [(h.question_id, h.changed_by, h.changed_at, h.old_value, h.old_note, h.new_value,
             h.new_note) for h in target.answer_history(assessment_id)] == strip
    assert target.action_items(assessment_id, include_obsolete=True) == \
        db.action_items(assessment_id, include_obsolete=True)
    assert target.signatures(assessment_id) == db.signatures(assessment_id)
    assert [(h.kind, h.question_id, h.changed_by, h.status, h.proposed, h.opinion)
            for h in target.review_history(assessment_id)] == [
        (h.kind, h.question_id, h.changed_by, h.status, h.proposed, h.opinion)
        for h in db.review_history(assessment_id)]
    here, there = db.get_assessment(assessment_id), target.get_assessment(assessment_id)
    assert (there.score, there.reviewed_score, there.reviewer, there.asked, there.answered,
            there.current_question_id, there.answer_count) == (
        here.score, here.reviewed_score, here.reviewer, here.asked, here.answered,
        here.current_question_id, here.answer_count)
    assert target.get_practice(imported.practice_id).name == "Cabinet du Léman"
    # and it exports again to the same content (but for the export time)
    again = target.exchange_content(assessment_id).model_dump(mode="json")
    first = db.exchange_content(assessment_id).model_dump(mode="json")
    again.pop("exported_at"), first.pop("exported_at")
    assert again == first


def test_importing_twice_does_not_duplicate(exported: tuple[str, Path],
                                            fresh: Database) -> None:
    assessment_id, path = exported
    fresh.import_exchange(path)
    before = counts(fresh)
    again = fresh.import_exchange(path)
    assert again.already_imported and again.assessment_id == assessment_id
    assert counts(fresh) == before


def test_same_id_with_other_answers_is_refused(source: Database, fresh: Database,
                                               tmp_path: Path) -> None:
    assessment_id = new_assessment(source)
    source.save_answer(assessment_id, "BAK-01", "no")
    source.export_exchange(assessment_id, tmp_path / "first.ccab")
    source.save_answer(assessment_id, "BAK-01", "yes")
    source.export_exchange(assessment_id, tmp_path / "second.ccab")
    fresh.import_exchange(tmp_path / "first.ccab")
    before = counts(fresh)
    with pytest.raises(ExchangeError, match=r"already holds the assessment .* other answers"):
        fresh.import_exchange(tmp_path / "second.ccab")
    assert counts(fresh) == before
    assert fresh.load_snapshot(assessment_id).values["BAK-01"] == "no"


def test_a_practice_known_with_other_details_keeps_them(source: Database, fresh: Database,
                                                        tmp_path: Path) -> None:
    assessment_id = new_assessment(source)
    source.save_answer(assessment_id, "BAK-01", "partly")
    practice_id = source.get_assessment(assessment_id).practice_id
    draft = source.new_version_from(assessment_id).id
    source.export_exchange(assessment_id, tmp_path / "a.ccab")
    fresh.import_exchange(tmp_path / "a.ccab")
    source.update_practice(practice_id, name="Cabinet Dupont & Martin")
    source.export_exchange(draft, tmp_path / "b.ccab")
    result = fresh.import_exchange(tmp_path / "b.ccab")
    assert not result.practice_created
    assert fresh.get_practice(practice_id).name == "Cabinet Dupont"  # kept as it was here
    assert fresh.load_snapshot(draft).fingerprint == source.load_snapshot(draft).fingerprint
    assert fresh.load_snapshot(draft).practice.name == "Cabinet Dupont & Martin"
    assert fresh.get_assessment(draft).previous_id == assessment_id


def test_encrypted_round_trip(source: Database, fresh: Database, tmp_path: Path) -> None:
    assessment_id = rich_assessment(source)
    path = tmp_path / "secret.ccab"
    result = source.export_exchange(assessment_id, path, PASSPHRASE)
    data = path.read_bytes()
    assert result.encrypted and data.startswith(b"CCAB-ENC")
    assert "Léman".encode() not in data and b"BAK-01" not in data
    with pytest.raises(PassphraseNeededError):
        fresh.import_exchange(path)
    with pytest.raises(WrongPassphraseError, match="passphrase is wrong"):
        fresh.import_exchange(path, "correct horse battery stapler")
    assert counts(fresh)["assessments"] == 0
    imported = fresh.import_exchange(path, PASSPHRASE)
    assert imported.fingerprint == source.load_snapshot(assessment_id).fingerprint


def test_a_short_passphrase_is_refused_and_nothing_written(db: Database,
                                                           tmp_path: Path) -> None:
    assessment_id = new_assessment(db)
    with pytest.raises(ExchangeError, match="shorter than 10"):
        db.export_exchange(assessment_id, tmp_path / "x.ccab", "short")
    assert not (tmp_path / "x.ccab").exists()


def test_export_replaces_a_file_atomically_and_privately(db: Database,
                                                         tmp_path: Path) -> None:
    assessment_id = new_assessment(db)
    path = tmp_path / "x.ccab"
    path.write_text("old")
    os.chmod(path, 0o644)
    db.export_exchange(assessment_id, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_exchange_file(path).assessment.id.hex == assessment_id.replace("-", "")
    with pytest.raises(NotFoundError):
        db.export_exchange(assessment_id, tmp_path / "missing" / "x.ccab")
    with pytest.raises(NotFoundError):
        db.export_exchange("0" * 32, tmp_path / "y.ccab")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".ccab") == ["x.ccab"]


# --- every kind of bad file ---------------------------------------------------------------


def _document(path: Path) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _rehashed(document: dict[str, object]) -> bytes:
    content = document["content"]
    assert isinstance(content, dict)
    document["sha256"] = content_sha256(content)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _edit(change: Callable[[dict[str, object]], None]) -> Callable[[Path], bytes]:
    """A valid file whose content is changed, with its SHA-256 recomputed (a forger's file)."""
    def make(path: Path) -> bytes:
        document = _document(path)
        content = document["content"]
        assert isinstance(content, dict)
        change(content)
        return _rehashed(document)
    return make


def _set_answer(question: str, value: object) -> Callable[[dict[str, object]], None]:
    def change(content: dict[str, object]) -> None:
        for answer in content["answers"]:  # type: ignore[attr-defined]
            if answer["question_id"] == question:
                answer["value"] = value
    return change


def _tamper(path: Path) -> bytes:
    return path.read_bytes().replace(b'"daily"', b'"never"', 1)


def _encrypted(passphrase: str = PASSPHRASE) -> Callable[[Path], bytes]:
    def make(path: Path) -> bytes:
        return crypto.encrypt(path.read_bytes(), passphrase, crypto.ScryptCost(log2_n=14))
    return make


def _flip_encrypted(position: int) -> Callable[[Path], bytes]:
    def make(path: Path) -> bytes:
        data = bytearray(_encrypted()(path))
        data[position] ^= 0x01
        return bytes(data)
    return make


def _newer_encryption(path: Path) -> bytes:
    data = bytearray(_encrypted()(path))
    data[8] = 2
    return bytes(data)


def _newer_format(path: Path) -> bytes:
    document = _document(path)
    document["format_version"] = FORMAT_VERSION + 1
    return json.dumps(document).encode()


def _pop(key: str) -> Callable[[dict[str, object]], None]:
    def change(content: dict[str, object]) -> None:
        del content[key]
    return change


def _put(key: str, value: object) -> Callable[[dict[str, object]], None]:
    return lambda content: content.__setitem__(key, value)


def _in(part: str, key: str, value: object) -> Callable[[dict[str, object]], None]:
    def change(content: dict[str, object]) -> None:
        inner = content[part]
        assert isinstance(inner, dict)
        inner[key] = value
    return change


def _review_item_proposal(content: dict[str, object]) -> None:
    review = content["review"]
    assert isinstance(review, dict)
    for item in review["items"]:
        if item["status"] == "confirmed":
            item["proposed"] = "yes"


def _duplicate_answer(content: dict[str, object]) -> None:
    answers = content["answers"]
    assert isinstance(answers, list)
    answers.append(dict(answers[0]))


BAD_FILES: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "tampered, hash not recomputed": (_tamper, "SHA-256 does not match"),
    "truncated to half": (lambda p: p.read_bytes()[:len(p.read_bytes()) // 2],
                          "not complete, valid JSON"),
    "truncated by one byte": (lambda p: p.read_bytes()[:-2], "not complete, valid JSON"),
    "empty": (lambda p: b"", "not a CyberCabinet exchange file"),
    "a PDF": (lambda p: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not a CyberCabinet"),
    "another program's JSON": (lambda p: b'{"name": "x", "items": []}', "not a CyberCabinet"),
    "a JSON list": (lambda p: b"[1, 2, 3]", "not a CyberCabinet"),
    "Latin-1 text": (lambda p: "{'Léman'}".encode("latin-1"), "not a CyberCabinet"),
    "newer format": (_newer_format, "newer version of CyberCabinet"),
    "duplicate keys": (lambda p: p.read_bytes().replace(b'"format_version": 1',
                                                        b'"format_version": 1, "format": "x"'),
                       "duplicate key"),
    "NaN": (lambda p: p.read_bytes().replace(b'"format_version": 1', b'"format_version": NaN'),
            "not a number"),
    "answer changed, hash recomputed": (_edit(_set_answer("BAK-01", "yes")),
                                        "fingerprint does not match"),
    "answer not allowed": (_edit(_set_answer("BAK-01", "maybe")), "not valid"),
    "number out of range": (_edit(_set_answer("BAK-02", 1e6)), "not valid"),
    # answers.0 is PRF-COUNTRY, answered by the practice's country when the draft was made
    "boolean answer": (_edit(_set_answer("BAK-01", True)), "field 'answers.1.value"),
    "unknown question": (_edit(lambda c: c["answers"][0].__setitem__(  # type: ignore[index]
        "question_id", "NOPE-01")), "is not a question of example 1.0"),
    "the same answer twice": (_edit(_duplicate_answer), "twice"),
    "missing part": (_edit(_pop("answers")), "field 'answers'"),
    "unknown field": (_edit(_put("patients", [])), "field 'patients'"),
    "bad status": (_edit(_in("assessment", "status", "archived")), "field 'assessment.status'"),
    "naive date": (_edit(_in("assessment", "created_at", "2025-01-01T10:00:00")),
                   "field 'assessment.created_at'"),
    "date out of range": (_edit(_in("assessment", "created_at", "0001-01-01T00:00:00+05:00")),
                          "date out of range"),
    "questionnaire not installed": (_edit(_in("questionnaire", "version", "9.9")),
                                    "version 9.9 is not installed"),
    "questionnaire content differs": (_edit(_in("questionnaire", "hash", "0" * 64)),
                                      "content hashes differ"),
    "proposal without dispute": (_edit(_review_item_proposal), "without disputing"),
    "NUL in a note": (_edit(lambda c: c["answers"][0].__setitem__(  # type: ignore[index]
        "note", "a\x00b")), "NUL"),
    "encrypted, wrong passphrase": (_encrypted("another long passphrase"), "passphrase is wrong"),
    "encrypted, header byte changed": (_flip_encrypted(30), "passphrase is wrong"),
    "encrypted, ciphertext byte changed": (_flip_encrypted(60), "passphrase is wrong"),
    "encrypted, cost forged": (_flip_encrypted(11), "not one CyberCabinet writes"),
    "encrypted, truncated": (lambda p: _encrypted()(p)[:50], "shorter than its header"),
    "encrypted, newer": (_newer_encryption, "newer version of CyberCabinet"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_every_kind_of_bad_file_is_refused_and_nothing_written(
        case: str, exported: tuple[str, Path], fresh: Database, tmp_path: Path) -> None:
    _, good = exported
    make, message = BAD_FILES[case]
    bad = tmp_path / "bad.ccab"
    bad.write_bytes(make(good))
    other = new_assessment(fresh, "Cabinet déjà là")  # the database is not empty
    fresh.save_answer(other, "BAK-01", "yes")
    before = counts(fresh)
    with pytest.raises(CyberCabinetError) as caught:
        fresh.import_exchange(bad, PASSPHRASE)
    assert message in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value)
    assert counts(fresh) == before


def test_an_enormous_file_is_refused_before_reading(fresh: Database, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.ccab"
    with path.open("wb") as handle:  # sparse: 50 MB + 1 byte without writing them
        handle.truncate(files.MAX_FILE_SIZE + 1)
    opened: list[object] = []
    real_open = Path.open

    def spying_open(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", spying_open)
    with pytest.raises(ExchangeError, match="bigger than 50 MB"):
        fresh.import_exchange(path)
    assert path not in opened


def test_not_a_file(fresh: Database, tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match="is not a file"):
        fresh.import_exchange(tmp_path)
    with pytest.raises(NotFoundError, match="There is no file"):
        fresh.import_exchange(tmp_path / "missing.ccab")
