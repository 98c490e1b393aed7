"""Two CyberCabinets on one database: the second is told, and looks read-only or not at all.

The first instance is a real process (``holding_child.py``) with the database open for writing,
as the window keeps it. Against it: the facade in this process, the CLI's writing and reading
commands, the window (``app.gui.application.run``), and several processes racing to write.
A writer that dies (SIGKILL) leaves no lock behind.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from app.cli.main import main
from app.storage import DatabaseLockedError, DatabaseReadOnlyError, open_database
from tests.reliability.conftest import fill_assessment, message_boxes
from tests.reliability.damage import files_around

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("holding_child.py")


class Holder:
    """The first instance: a process with the database open for writing."""

    def __init__(self, path: Path, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), "hold", str(path), str(folder)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=ROOT)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("ready "), line + self._stderr()
        self.pid = int(line.split()[1])

    def answer(self, assessment_id: str, question: str, value: str) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"answer {assessment_id} {question} {value}\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline() == "saved\n", self._stderr()

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._close_pipes()

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)
        self._close_pipes()

    def _stderr(self) -> str:
        self.process.kill()
        return self.process.stderr.read() if self.process.stderr else ""

    def _close_pipes(self) -> None:
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None and not stream.closed:
                stream.close()


@pytest.fixture
def database(tmp_path: Path, questionnaires: Path) -> tuple[Path, str]:
    path = tmp_path / "practice.sqlite3"
    return path, fill_assessment(str(path), questionnaires, note="before")


@pytest.fixture
def holder(database: tuple[Path, str], questionnaires: Path) -> Iterator[Holder]:
    first = Holder(database[0], questionnaires)
    yield first
    first.close()


def test_a_second_writer_is_told_who_has_it(database: tuple[Path, str], holder: Holder,
                                            questionnaires: Path) -> None:
    path, _assessment = database
    with pytest.raises(DatabaseLockedError) as caught:
        open_database(str(path), questionnaires=questionnaires)
    message = str(caught.value)
    assert f"The database {path} is already open in another CyberCabinet window or program" \
           f" (process {holder.pid} on {socket.gethostname()})" in message
    assert "open the database read-only" in message


def test_cli_writes_are_refused_reads_see_the_first_instances_answers(
        database: tuple[Path, str], holder: Holder, data_home: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path, assessment_id = database
    holder.answer(assessment_id, "BAK-01", "no")
    db = ["--db", str(path)]
    for command in (["practice", "add", "Cabinet Deux"],
                    ["assessment", "new", "--from", assessment_id],
                    ["db", "upgrade"], ["db", "restore"]):
        before = files_around(path, data_home / "backups")
        code = main([*command, *db])
        out, err = capsys.readouterr()
        assert code == 2, (command, out, err)
        assert out == "" and len(err.splitlines()) == 1, err
        assert "is already open in another CyberCabinet window or program" in err, err
        after = files_around(path, data_home / "backups")
        assert after.backups == before.backups
    code = main(["assessment", "show", assessment_id, "--json", *db])
    shown = json.loads(capsys.readouterr().out)
    assert code == 0 and shown["answers"]["BAK-01"]["value"] == "no"  # the holder's commit
    code = main(["db", "backup", *db])  # the backup API reads a live database
    assert code == 0 and Path(capsys.readouterr().out.strip()).is_file()
    # The installed command, in a third process: the same line, naming the holder.
    result = subprocess.run([sys.executable, "-m", "app", "practice", "add", "X", *db],
                            capture_output=True, text=True, check=False, timeout=120, cwd=ROOT)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"(process {holder.pid} on" in result.stderr


def test_a_killed_writer_leaves_no_lock(database: tuple[Path, str], holder: Holder,
                                        questionnaires: Path) -> None:
    path, assessment_id = database
    holder.answer(assessment_id, "BAK-01", "no")
    assert path.with_name(path.name + ".lock").exists()
    holder.kill()  # no clean-up runs: the operating system drops the lock with the process
    with open_database(str(path), questionnaires=questionnaires) as db:
        assert db.load_snapshot(assessment_id).answers["BAK-01"].value == "no"
        db.save_answer(assessment_id, "BAK-01", "yes", note="after the crash")


def test_writers_racing_for_one_database_take_turns(database: tuple[Path, str],
                                                    questionnaires: Path) -> None:
    """Four processes, each opening the database for writing again and again: never two at
    once, every answer of every turn saved, the file intact."""
    path, assessment_id = database
    turns, names = 4, ["a", "b", "c", "d"]
    children = [subprocess.Popen([sys.executable, str(CHILD), "take-turns", str(path),
                                  str(questionnaires), assessment_id, name, str(turns)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 cwd=ROOT) for name in names]
    results: list[dict[str, Any]] = []
    for child in children:
        out, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
        results += [json.loads(line) for line in out.splitlines()]
    assert len(results) == turns * len(names)
    intervals = sorted((r["start"], r["end"], r["name"]) for r in results)
    for (_s1, end1, who1), (start2, _e2, who2) in itertools.pairwise(intervals):
        assert end1 <= start2, f"{who1} and {who2} wrote at the same time"
    refused = sum(r["refused"] for r in results)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        notes = {row[0] for row in connection.execute("SELECT new_note FROM answer_history")}
    finally:
        connection.close()
    expected = {f"{n}-{t}-{i}" for n in names for t in range(turns) for i in range(5)}
    assert expected <= notes
    print(f"\nrace: {len(names)} processes, {len(results)} turns, {len(expected)} answers all "
          f"saved, {refused} refused openings (told, retried), no overlap")


# --- the window -----------------------------------------------------------------------------


@pytest.mark.gui
def test_the_second_window_offers_read_only(database: tuple[Path, str], holder: Holder,
                                            monkeypatch: pytest.MonkeyPatch,
                                            window_run: list[Any],
                                            data_home: Path) -> None:
    from app.gui.application import run

    path, assessment_id = database
    before = files_around(path, data_home / "backups")
    shown = message_boxes(monkeypatch, QMessageBox.StandardButton.Yes)

    assert run(str(path)) == 0

    kind, title, text = shown[0]
    assert (kind, title) == ("question", "The database is in use")
    assert "already open in another CyberCabinet window or program" in text
    assert "Open it read-only?" in text
    assert "Traceback" not in " ".join(t for _k, _t, t in shown)
    ((_window, store),) = window_run
    assert store.database.read_only
    assert files_around(path, data_home / "backups").backups == before.backups
    with pytest.raises(DatabaseReadOnlyError):
        store.save_answer(assessment_id, "BAK-01", "yes", "from the second window")
    holder.answer(assessment_id, "BAK-01", "no")  # the first window still writes
    assert store.load_snapshot(assessment_id).answers["BAK-01"].value == "no"


@pytest.mark.gui
def test_the_second_window_may_decline(database: tuple[Path, str], holder: Holder,
                                       monkeypatch: pytest.MonkeyPatch,
                                       window_run: list[Any]) -> None:
    from app.gui.application import run

    path, _assessment = database
    shown = message_boxes(monkeypatch, QMessageBox.StandardButton.No)
    assert run(str(path)) == 2
    assert [k for k, _t, _x in shown] == ["question"]
    assert window_run == []


def test_a_writer_may_wait_briefly_for_the_lock(database: tuple[Path, str],
                                                holder: Holder) -> None:
    """On Windows a dead process's lock is freed a moment later: openings wait a little
    (``LOCK_WAIT``, 1 s there, none on POSIX). The wait ends as soon as the lock is free."""
    import threading
    import time

    from app.storage.engine import FileLock

    path, _assessment = database
    lock = FileLock(path)
    start = time.monotonic()
    with pytest.raises(DatabaseLockedError):
        lock.acquire(wait=0.3)
    assert time.monotonic() - start >= 0.3
    threading.Timer(0.2, holder.kill).start()
    lock.acquire(wait=20)
    try:
        assert lock.held and time.monotonic() - start < 15
    finally:
        lock.release()
