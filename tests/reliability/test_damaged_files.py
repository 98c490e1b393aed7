"""Damaged, foreign, newer, read-only or misplaced databases: one clear line, exit 2, nothing
written, nothing lost — through the real ``cybercabinet`` command and in the window.

Every database starts as a real one (a practice, an assessment, answers), then is damaged.
Each command is run on it: the readers (``practice list``, ``assessment list``, ``assessment
show``) and the writers (``practice add``, ``assessment answer``, ``db upgrade``, ``db backup``,
``db restore`` without a backup). After each run the database's bytes, the other files beside it
and the backups folder are compared with what they were.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from tests.reliability.conftest import fill_assessment
from tests.reliability.damage import DAMAGES, assert_nothing_written, files_around

ROOT = Path(__file__).resolve().parents[2]


def _commands(assessment_id: str) -> list[list[str]]:
    return [
        ["practice", "list"],
        ["assessment", "list", "--json"],
        ["assessment", "show", assessment_id],
        ["practice", "add", "Cabinet Nouveau"],
        ["assessment", "answer", assessment_id, "BAK-01", "yes", "--note", "x"],
        ["db", "upgrade"],
        ["db", "backup"],
    ]


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def call(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return call


@pytest.fixture
def database(tmp_path: Path, questionnaires: Path) -> tuple[Path, str]:
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "practice.sqlite3"
    assessment_id = fill_assessment(str(path), questionnaires)
    for sidecar in folder.iterdir():  # a cleanly closed database: the file alone
        if sidecar != path:
            sidecar.unlink()
    return path, assessment_id


def _one_clear_line(err: str) -> None:
    assert err.startswith("cybercabinet: error: "), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and "internal error" not in err, err


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_every_command_on_a_damaged_database(damage: str, database: tuple[Path, str],
                                             data_home: Path, run: Run) -> None:
    path, assessment_id = database
    make, expected = DAMAGES[damage]
    make(path)
    for command in _commands(assessment_id):
        before = files_around(path, data_home / "backups")
        code, out, err = run(*command, "--db", str(path))
        assert code == 2, (command, out, err)
        _one_clear_line(err)
        assert expected in err, (command, err)
        assert out == "", (command, out)
        if path.is_file():
            assert_nothing_written(before, files_around(path, data_home / "backups"), path)


def test_the_way_out_is_offered_for_damage(database: tuple[Path, str], data_home: Path,
                                           run: Run) -> None:
    """A damaged database names the restore command; newer and foreign ones do not."""
    path, _assessment = database
    code, out, _err = run("db", "backup", "--db", str(path))
    assert code == 0
    backup = Path(out.strip())
    DAMAGES["truncated-half"][0](path)
    code, _out, err = run("practice", "list", "--db", str(path))
    assert code == 2
    assert f'cybercabinet db restore --db "{path}" "{backup}"' in err
    damaged = path.read_bytes()
    code, out, err = run("db", "restore", "--db", str(path))
    assert code == 0, err
    code, out, _err = run("assessment", "list", "--json", "--db", str(path))
    assert code == 0 and "Cabinet Dupont" in out
    kept = [p for p in (data_home / "backups").iterdir() if p.read_bytes() == damaged
            or p.name.endswith("-damaged.sqlite3")]
    assert kept, "the damaged file was set aside, not deleted"


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_read_only_file_is_read_but_never_written(database: tuple[Path, str],
                                                    data_home: Path, run: Run) -> None:
    path, assessment_id = database
    path.chmod(0o400)
    for command in _commands(assessment_id):
        before = files_around(path, data_home / "backups")
        code, out, err = run(*command, "--db", str(path))
        writes = command[0] in ("db",) or command[1] in ("add", "answer")
        if writes and command[1] != "backup":
            assert code == 2, (command, out, err)
            _one_clear_line(err)
            assert "is read-only" in err and "open it read-only" in err, err
            assert_nothing_written(before, files_around(path, data_home / "backups"), path)
        else:  # reading (and backing up: it only reads the database) works
            assert code == 0, (command, err)
        assert stat.S_IMODE(path.stat().st_mode) == 0o400


def test_a_missing_folder_and_an_unknown_url(tmp_path: Path, run: Run) -> None:
    for url, expected in ((str(tmp_path / "nowhere" / "db.sqlite3"), "does not exist"),
                          ("mysql://someone@host/db", "Unsupported database mysql"),
                          ("sqlite:///:memory:", "needs a database file")):
        code, _out, err = run("practice", "add", "X", "--db", url)
        assert code == 2
        _one_clear_line(err)
        assert expected in err
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("damage", ["garbage", "newer-schema", "folder"])
def test_the_installed_command_says_it_in_one_line(damage: str, database: tuple[Path, str],
                                                   questionnaires: Path) -> None:
    """The real entry point in its own process: stderr is the one line, nothing else."""
    path, _assessment = database
    DAMAGES[damage][0](path)
    result = subprocess.run([sys.executable, "-m", "app", "practice", "add", "X", "--db",
                             str(path)], capture_output=True, text=True, check=False,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 2
    assert result.stdout == ""
    _one_clear_line(result.stderr)
    assert DAMAGES[damage][1] in result.stderr
