"""The core knows no screen and the domain knows no database (DEVELOPERS.md layers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imported_after(modules: list[str]) -> set[str]:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print('\\n'.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    return {line.split(".")[0] for line in result.stdout.split()}


def _packages(layer: str) -> list[str]:
    return [f"app.{layer}." + p.stem for p in sorted((ROOT / "app" / layer).glob("*.py"))
            if p.stem != "__init__"] or [f"app.{layer}"]


@pytest.mark.parametrize("layer", ["domain", "i18n", "storage", "reporting"])
def test_core_layers_do_not_import_qt(layer: str) -> None:
    assert not {"PySide6", "shiboken6"} & _imported_after(_packages(layer))


@pytest.mark.parametrize("layer", ["domain", "i18n", "reporting"])
def test_only_storage_speaks_sql(layer: str) -> None:
    assert not {"sqlalchemy", "alembic", "sqlite3"} & _imported_after(_packages(layer))


def test_reporting_and_storage_do_not_know_each_other() -> None:
    for layer, other in (("reporting", "storage"), ("storage", "reporting")):
        for path in (ROOT / "app" / layer).rglob("*.py"):
            assert f"app.{other}" not in path.read_text(encoding="utf-8"), path
