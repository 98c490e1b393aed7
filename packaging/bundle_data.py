"""What the bundle carries besides the Python code PyInstaller finds by itself.

``cybercabinet.spec`` builds its data list, hidden imports and filters from this module, and
``tests/packaging`` checks the same lists without building anything, so that a resource folder
someone adds (or a migration, or a catalog) cannot be forgotten silently. Standard library only:
the tests import it without PyInstaller.

Inside the bundle every resource sits where ``app/paths.py`` looks for it: ``questionnaires/``,
``i18n/<lang>/LC_MESSAGES/*.mo`` and ``assets/`` at the root of ``sys._MEIPASS`` (the
``_internal`` folder of a one-folder build), and the package data of ``app`` (the Alembic
migrations with their ``.py`` files, any ``.ini`` or ``.mako``) under ``app/`` as in a checkout.
"""

from __future__ import annotations

import ast
import importlib.util
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"

# The interface and report languages (app/i18n/translation.py LANGUAGES; a test keeps them equal).
LANGUAGES: tuple[str, ...] = ("fr", "de", "it", "en")

# Resource folders at the top of the checkout, bundled whole (hidden and editor files aside).
RESOURCE_DIRS: tuple[str, ...] = ("questionnaires", "assets")
CATALOGS_DIR = "i18n"
MIGRATIONS_DIR = "app/storage/migrations"

# Never shipped, wherever they are.
_SKIPPED_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo", ".po", ".pot", ".orig", ".rej", ".swp", ".bak"}

# Modules the app never needs but that dependencies could drag in.
EXCLUDES: tuple[str, ...] = (
    "tkinter", "_tkinter", "turtle", "idlelib", "pydoc_data",
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "pip", "IPython",
    # Build tools (cffi would bring them for compiling, which the app never does), Mako's
    # Pygments plugin, psycopg's optional NumPy adapters.
    "setuptools", "pkg_resources", "distutils", "pygments", "numpy",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtWebView",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput", "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation", "PySide6.Qt3DExtras",
    "PySide6.QtQuick", "PySide6.QtQuick3D", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.QtQml", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets",
    "PySide6.QtBluetooth", "PySide6.QtPositioning", "PySide6.QtLocation",
    "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtCharts", "PySide6.QtDataVisualization",
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtTest",
    "PySide6.QtSql", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
)

# Libraries loaded by name at run time, which PyInstaller's import analysis cannot see.
_HIDDEN_IMPORTS: tuple[str, ...] = (
    # Alembic: what the migration runner and the version modules use.
    "alembic", "alembic.op", "alembic.context", "alembic.command", "alembic.config",
    "alembic.runtime.migration", "alembic.runtime.environment", "alembic.script",
    "alembic.ddl", "alembic.ddl.impl", "alembic.ddl.sqlite", "alembic.ddl.postgresql",
    "mako", "mako.template",
    # SQLAlchemy dialects, chosen by the database URL.
    "sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql", "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg", "psycopg_binary", "psycopg_binary.pq", "psycopg_binary._psycopg",
    # Signatures.
    "pyhanko", "pyhanko.sign", "pyhanko.sign.signers", "pyhanko.sign.validation",
    "pyhanko.sign.fields", "pyhanko.keys", "pyhanko.pdf_utils.reader",
    "pyhanko.pdf_utils.incremental_writer",
    "pyhanko_certvalidator", "pyhanko_certvalidator.context", "pyhanko_certvalidator.registry",
    # Babel's formatting modules and locale data loader, pydantic, platformdirs.
    "babel.dates", "babel.numbers", "babel.plural", "babel.localedata", "babel.support",
    "pydantic", "pydantic.deprecated.decorator", "platformdirs",
    # Time zones: pyHanko's timestamps read the local zone (tzdata is what Windows needs).
    "tzlocal", "zoneinfo",
    # The database passphrase: SQLCipher's driver is imported by name when a file is encrypted.
    "sqlcipher3", "sqlcipher3.dbapi2",
)


def project_version(root: Path = ROOT) -> str:
    """The version, from ``pyproject.toml`` (the only place it is written)."""
    with (root / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def _shipped_files(folder: Path, *, keep_python: bool) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in _SKIPPED_DIRS or part.startswith(".") for part in relative.parts):
            continue
        if not path.is_file() or path.name.endswith("~") or path.suffix in _SKIPPED_SUFFIXES:
            continue
        if path.suffix == ".py" and not keep_python:
            continue
        yield path


def _entry(path: Path, root: Path) -> tuple[str, str]:
    """PyInstaller's (source file, destination folder inside the bundle)."""
    return str(path), path.parent.relative_to(root).as_posix()


def catalog_sources(root: Path = ROOT) -> list[Path]:
    """The compiled catalogs the bundle needs: one ``.mo`` next to every ``.po``.

    Listed from the ``.po`` files so that a catalog nobody compiled is reported missing instead of
    silently left out (``make catalogs`` compiles them; ``.mo`` files are not committed).
    """
    catalogs = sorted((root / CATALOGS_DIR).glob("*/LC_MESSAGES/*.po"))
    return [po.with_suffix(".mo") for po in catalogs]


def migration_files(root: Path = ROOT) -> list[Path]:
    folder = root / MIGRATIONS_DIR
    return list(_shipped_files(folder, keep_python=True)) if folder.is_dir() else []


def resource_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """Every resource file of the checkout, as PyInstaller ``datas`` entries."""
    entries: list[tuple[str, str]] = []
    for name in RESOURCE_DIRS:
        folder = root / name
        if folder.is_dir():
            entries += [_entry(path, root) for path in _shipped_files(folder, keep_python=False)]
    entries += [_entry(path, root) for path in catalog_sources(root)]
    # Package data of the app (.ini, .mako, stylesheets, images...), then the migrations whole:
    # Alembic reads the version modules from files, not from the bundle's archive.
    migrations = root / MIGRATIONS_DIR
    for path in _shipped_files(root / "app", keep_python=False):
        if migrations not in path.parents:
            entries.append(_entry(path, root))
    entries += [_entry(path, root) for path in migration_files(root)]
    return entries


def missing_sources(entries: list[tuple[str, str]]) -> list[str]:
    return [source for source, _destination in entries if not Path(source).is_file()]


def bundled_paths(entries: list[tuple[str, str]]) -> set[str]:
    """Where each entry lands inside the bundle, relative to its root (``sys._MEIPASS``)."""
    return {f"{destination}/{Path(source).name}" for source, destination in entries}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules(root: Path = ROOT) -> list[str]:
    """Every module of ``app`` (the CLI imports its command groups by name) but the migrations."""
    migrations = root / MIGRATIONS_DIR
    return sorted(_module_name(path, root) for path in (root / "app").rglob("*.py")
                  if "__pycache__" not in path.parts and migrations not in path.parents)


def migration_imports(root: Path = ROOT) -> list[str]:
    """The absolute imports of the migration scripts (``env.py`` and the versions).

    Alembic loads them from files at run time, so PyInstaller never sees what they import; every
    module named here goes into the bundle as a hidden import.
    """
    found: set[str] = set()
    for path in migration_files(root):
        if path.suffix != ".py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                # "from alembic import op": op is a module, "from sqlalchemy import Column" is not.
                found.update(name for name in (f"{node.module}.{alias.name}"
                                               for alias in node.names if alias.name != "*")
                             if _is_module(name))
    return sorted(found)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def hidden_imports(root: Path = ROOT) -> list[str]:
    names = set(_HIDDEN_IMPORTS) | set(app_modules(root)) | set(migration_imports(root))
    return sorted(name for name in names if name != "__future__")


def keep_data(destination: str) -> bool:
    """Whether a data file collected by a library's hook is worth shipping.

    Babel's locale data (32 MB for every language of the world) and Qt's own translations are
    cut down to our four languages and their regional variants (fr_CH, de_CH, en_GB...) plus
    Babel's ``root`` they all inherit from.
    """
    path = destination.replace("\\", "/")
    if path.startswith("babel/locale-data/"):
        stem = Path(path).stem
        return stem == "root" or stem.split("_")[0] in LANGUAGES
    if "/Qt/translations/" in path and path.endswith(".qm"):
        # qtbase_fr.qm, qt_help_pt_BR.qm: the language is what follows the last module name.
        parts = Path(path).stem.rsplit("_", 2)
        code = parts[-2] if len(parts) > 2 and parts[-1].isupper() else parts[-1]
        return code in LANGUAGES
    return True
