"""The core knows no screen and the domain knows no database (docs/architecture.md layers).

Every module below app/ is checked, in every subpackage (app/reporting/signatures/,
app/storage/exchange/, app/storage/migrations/versions/…), twice:

- statically: every import statement of every module, those inside functions too (the lazy
  ones a fresh interpreter never runs), relative ones resolved, and ``importlib.import_module``
  with a literal name, against the rules below (``layer_violations``);
- in a fresh interpreter: importing all the modules of a layer loads neither Qt nor, outside
  storage, an SQL library, through whatever chain of imports.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"

QT = frozenset({"PySide6", "shiboken6"})
SQL = frozenset({"sqlalchemy", "alembic", "sqlite3", "psycopg", "sqlcipher3"})
LAYERS = ("domain", "i18n", "storage", "reporting", "gui", "cli")
# What each part of app/ must not import: a top-level name, or an app package. The modules
# directly in app/ (errors, paths, logs, atomic_files…) are shared by all: the key "".
FORBIDDEN: dict[str, frozenset[str]] = {
    "": QT | SQL,
    "i18n": QT | SQL | {"app.domain", "app.storage", "app.reporting", "app.gui", "app.cli"},
    "domain": QT | SQL | {"app.storage", "app.reporting", "app.gui", "app.cli"},
    "storage": QT | {"app.reporting", "app.gui", "app.cli"},
    "reporting": QT | SQL | {"app.storage", "app.gui", "app.cli"},
    "cli": QT,  # the window is started through app.gui, which alone speaks Qt
    "gui": frozenset(),
}
# Alembic runs env.py as a script inside its own context; importing it elsewhere fails.
NOT_IMPORTABLE = frozenset({"app.storage.migrations.env"})


def module_name(path: Path, app_dir: Path) -> str:
    parts = list(path.relative_to(app_dir.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    """``app.storage.exchange.crypto`` → ``storage``; ``app.errors`` → ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else ""


def imported_names(path: Path, module: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every import in the file, wherever it is."""
    is_package = path.name == "__init__.py"
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            yield node.lineno, source
            for alias in node.names:  # from app import storage: the package app.storage
                yield node.lineno, f"{source}.{alias.name}"
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and (getattr(node.func, "attr", None) == "import_module"
                   or getattr(node.func, "id", None) in {"import_module", "__import__"})):
            yield node.lineno, node.args[0].value


def _matches(name: str, forbidden: str) -> bool:
    return name == forbidden or name.startswith(forbidden + ".")


def layer_violations(app_dir: Path) -> list[str]:
    """Every import that breaks ``FORBIDDEN``, in every module below ``app_dir``."""
    found = []
    for path in sorted(app_dir.rglob("*.py")):
        module = module_name(path, app_dir)
        layer = layer_of(module)
        for line, name in imported_names(path, module):
            for forbidden in sorted(FORBIDDEN.get(layer, frozenset())):
                if _matches(name, forbidden):
                    where = path.relative_to(app_dir.parent).as_posix()
                    found.append(f"{where}:{line}: {module} imports {name} "
                                 f"({layer or 'app/*.py'} must not import {forbidden})")
    return sorted(set(found))


def modules(layer: str, app_dir: Path = APP) -> list[str]:
    """Every module of the layer (``""``: the modules directly in app/), subpackages included."""
    paths = (app_dir / layer).rglob("*.py") if layer else app_dir.glob("*.py")
    names = {module_name(p, app_dir) for p in paths}
    return sorted(n for n in names - NOT_IMPORTABLE if layer or n != "app.__main__")


def imported_after(names: list[str], root: Path = ROOT) -> set[str]:
    """The top-level names in ``sys.modules`` once a fresh interpreter imported ``names``
    (from ``root``: its app/ comes first)."""
    code = ("import importlib, sys\n"
            "sys.path.insert(0, sys.argv[1])\n"
            "for name in sys.argv[2:]:\n"
            "    importlib.import_module(name)\n"
            "print('\\n'.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code, str(root), *names],
                            capture_output=True, text=True, check=False, cwd=root, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return {line.split(".")[0] for line in result.stdout.split()}


def test_no_module_below_app_breaks_its_layer() -> None:
    assert layer_violations(APP) == []


@pytest.mark.parametrize("layer", ["", "domain", "i18n", "storage", "reporting", "cli"])
def test_importing_every_module_of_a_core_layer_loads_no_qt(layer: str) -> None:
    assert not QT & imported_after(modules(layer))


@pytest.mark.parametrize("layer", ["", "domain", "i18n", "reporting"])
def test_only_storage_loads_sql(layer: str) -> None:
    assert not SQL & imported_after(modules(layer))


def test_the_walk_reaches_every_subpackage() -> None:
    storage, reporting = modules("storage"), modules("reporting")
    assert {"app.storage.exchange.importing", "app.storage.migrations.versions"} <= set(storage)
    assert any(m.startswith("app.storage.migrations.versions.0001") for m in storage)
    assert {"app.reporting.signatures.verify", "app.reporting.sections.cover"} <= set(reporting)
    on_disk = {module_name(p, APP) for p in APP.rglob("*.py")}
    walked = {m for layer in ("", *LAYERS) for m in modules(layer)}
    assert on_disk - walked == NOT_IMPORTABLE | {"app.__main__"}


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_static_walk_catches_a_violation_deep_in_a_subpackage(tmp_path: Path) -> None:
    """The checker itself, on a made-up app/: a violation three packages down, inside a
    function, relative or through importlib, is found; what the rules allow is not."""
    app = tmp_path / "app"
    for package in ("", "storage", "storage/exchange", "storage/exchange/deep", "reporting",
                    "reporting/signatures", "domain", "domain/inner", "gui", "gui/pages"):
        _write(app, f"{package}/__init__.py".lstrip("/"), "")
    _write(app, "storage/exchange/deep/leak.py",
           "def show():\n    from PySide6.QtWidgets import QMessageBox\n")
    _write(app, "reporting/signatures/stamp.py", "from ...storage import database\n")
    _write(app, "domain/inner/cache.py",
           "import importlib\nengine = importlib.import_module('sqlalchemy.orm')\n")
    _write(app, "paths.py", "import shiboken6\n")
    _write(app, "storage/exchange/fine.py", "import sqlalchemy\nfrom ...domain import x\n")
    _write(app, "gui/pages/page.py", "from PySide6 import QtWidgets\nfrom app import storage\n")
    assert [v.split(": ", 1)[0] for v in layer_violations(app)] == [
        "app/domain/inner/cache.py:2",
        "app/paths.py:1",
        "app/reporting/signatures/stamp.py:1",
        "app/reporting/signatures/stamp.py:1",
        "app/storage/exchange/deep/leak.py:2",
        "app/storage/exchange/deep/leak.py:2",
    ]
    joined = "\n".join(layer_violations(app))
    assert "app.storage.exchange.deep.leak imports PySide6.QtWidgets" in joined
    assert "app.reporting.signatures.stamp imports app.storage" in joined
    assert "app.domain.inner.cache imports sqlalchemy.orm" in joined


def test_the_import_check_catches_qt_loaded_deep_in_a_subpackage(tmp_path: Path) -> None:
    """The fresh-interpreter check on a made-up app/: a module two packages down that loads Qt
    only through another module's import is seen."""
    app = tmp_path / "app"
    for package in ("", "storage", "storage/exchange", "storage/exchange/deep"):
        _write(app, f"{package}/__init__.py".lstrip("/"), "")
    _write(app, "storage/exchange/deep/relay.py", "import json\nfrom PySide6 import QtCore\n")
    _write(app, "storage/exchange/caller.py", "from app.storage.exchange.deep import relay\n")
    names = modules("storage", app)
    assert "app.storage.exchange.caller" in names
    assert QT & imported_after(names, tmp_path)
    assert not QT & imported_after(["app.storage.exchange"], tmp_path)
