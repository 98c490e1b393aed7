"""An answer reported saved survives the app being killed the next instant."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.conftest import OpenDb

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import itertools, sys
from pathlib import Path
from app.storage import open_database

url, folder, assessment_id, first = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
db = open_database(url, questionnaires=folder)
values = ["yes", "partly", "no"]
for i in itertools.count(first):
    db.save_answer(assessment_id, "BAK-01", values[i % 3], note=f"n{i}", by="child")
    print(i, flush=True)  # after the commit: this answer is reported saved
"""


@pytest.mark.parametrize("kill_after", [1, 40])
def test_answers_reported_saved_survive_sigkill(tmp_path: Path, open_db: OpenDb,
                                                questionnaires: Path, kill_after: int) -> None:
    path = tmp_path / "cabinet.sqlite3"
    url = str(path)
    db = open_db(url)
    assessment = db.create_assessment(db.create_practice("P").id, questionnaire_id="example")
    db.close()

    reported: list[int] = []
    for _session in range(2):  # killed twice, the second run continues where the first stopped
        first = _saved(open_db, url, assessment.id)[-1] + 1 if reported else 0
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, url, str(questionnaires), assessment.id, str(first)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        assert child.stdout is not None
        for count, line in enumerate(child.stdout, start=1):
            reported.append(int(line))
            if count == kill_after:
                os.kill(child.pid, signal.SIGKILL)
                break
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""

    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    saved = _saved(open_db, url, assessment.id)  # opened for writing: the dead lock is gone
    assert set(reported) <= set(saved)  # every answer reported saved is there
    assert saved == sorted(set(saved))  # in order, nothing twice
    assert len(saved) <= len(reported) + 2  # plus at most the one in flight in each session
    db = open_db(url, read_only=True)
    assert db.load_snapshot(assessment.id).answers["BAK-01"].note == f"n{saved[-1]}"


def _saved(open_db: OpenDb, url: str, assessment_id: str) -> list[int]:
    db = open_db(url, backup=False)
    try:
        notes = [h.new_note for h in db.answer_history(assessment_id, "BAK-01")]
    finally:
        db.close()
    return [int(n[1:]) for n in notes if n]
