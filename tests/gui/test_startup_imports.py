"""What the first paint needs is light: opening the window imports neither storage nor the
domain (SQLAlchemy, pydantic, the questionnaire models), and ``cybercabinet`` without a command
does not import every command's module. Each check runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import COMMANDS, _window_arguments, build_parser, command_in, main

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "pydantic", "app.storage", "app.domain", "app.gui.store",
         "app.gui.database_store", "app.gui.questionnaire_page", "app.gui.auditor_mode",
         "app.cli.report", "importlib.metadata", "yaml")

FIRST_PAINT = """
import json, sys
from app.cli.main import _window_arguments
from app.gui.application import create_application
from app.gui.look import apply_look
from app.gui.main_window import MainWindow
from app.gui.settings import AppSettings
from app.gui.translation import LanguageSwitcher
from app.gui import startup
application = create_application()
apply_look(application)
window = MainWindow.opening(AppSettings(), LanguageSwitcher())
window.show()
painted = startup.wait_for_first_paint(window)
print(json.dumps({"painted": painted, "modules": sorted(sys.modules)}))
"""


def test_the_first_paint_imports_no_storage(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CYBERCABINET_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", FIRST_PAINT], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["painted"]
    loaded = [m for m in result["modules"] if m.startswith(HEAVY)]
    assert loaded == []


@pytest.mark.parametrize(("argv", "window"), [
    ([], True), (["--db", "x.sqlite3"], True), (["--db=x.sqlite3"], True),
    (["--help"], False), (["--version"], False), (["practice", "show"], False),
    (["--db", "x.sqlite3", "db", "check"], False), (["-h"], False),
])
def test_only_the_window_skips_the_commands(argv: list[str], window: bool) -> None:
    args = _window_arguments(argv)
    assert (args is not None) is window
    if args is not None:
        assert getattr(args, "db", None) == ("x.sqlite3" if argv else None)


def test_the_commands_still_parse(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as version:
        main(["--version"])
    assert version.value.code == 0
    assert capsys.readouterr().out.startswith("CyberCabinet ")
    with pytest.raises(SystemExit) as missing:
        main(["--db"])
    assert missing.value.code == 2
    assert "expected one argument" in capsys.readouterr().err


# --- the CLI's dispatch: a command imports its own module only ------------------------------

COMMAND = """
import json, sys
from app.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:  # --version
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.mark.parametrize(("argv", "absent"), [
    (["--db", "{db}", "practice", "list"],
     ("app.cli.report", "app.cli.identity", "app.reporting", "pyhanko", "app.gui")),
    (["identity", "list"], ("app.cli.practice", "app.storage", "reportlab", "app.gui")),
    (["--version"], ("app.cli.practice", "app.cli.report", "app.storage", "app.domain")),
])
def test_a_command_imports_its_own_module_only(argv: list[str], absent: tuple[str, ...],
                                                tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CYBERCABINET_HOME=str(tmp_path))
    argv = [a.replace("{db}", str(tmp_path / "x.sqlite3")) for a in argv]
    done = subprocess.run([sys.executable, "-c", COMMAND, *argv], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else None
    assert result is not None and result["code"] == 0, done.stderr
    assert [m for m in result["modules"] if m.startswith(absent)] == []


def test_the_command_table_is_what_the_modules_register() -> None:
    every = build_parser()
    (commands,) = [a for a in every._actions if a.dest == "command"]
    assert set(commands.choices) == set(COMMANDS)
    for name in COMMANDS:
        (one,) = [a for a in build_parser(name)._actions if a.dest == "command"]
        assert name in one.choices


@pytest.mark.parametrize(("argv", "command"), [
    (["report", "3", "-o", "r.pdf"], "report"), (["--db", "x", "db", "check"], "db"),
    (["--db=x", "import", "f.ccab"], "import"), (["--version"], None), ([], None),
])
def test_the_command_is_found_before_any_command_module(argv: list[str],
                                                        command: str | None) -> None:
    assert command_in(argv) == command
