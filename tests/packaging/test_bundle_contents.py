"""The installer's contents, checked without building it (a build takes minutes: `make bundle`).

``packaging/cybercabinet.spec`` takes its data files, hidden imports and filters from
``packaging/bundle_data.py``; these tests check that those lists cover every resource the app
reads (questionnaires, compiled catalogs, assets, the Alembic migrations and what they import),
that the resources land where ``app/paths.py`` looks for them in a bundle, and that the version,
icons, desktop entry and Windows installer script are consistent.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import struct
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _load_bundle_data() -> ModuleType:
    # Loaded from its file: a top-level "packaging" name would be the PyPI library's.
    spec = importlib.util.spec_from_file_location("cybercabinet_bundle_data",
                                                  PACKAGING / "bundle_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bd = _load_bundle_data()


@pytest.fixture(scope="module")
def datas() -> list[tuple[str, str]]:
    return bd.resource_datas()


@pytest.fixture(scope="module")
def bundled(datas: list[tuple[str, str]]) -> set[str]:
    return bd.bundled_paths(datas)


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts
                  and not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
                  and not p.name.endswith(("~", ".pyc")))


def test_the_spec_builds_from_these_lists() -> None:
    spec = (PACKAGING / "cybercabinet.spec").read_text(encoding="utf-8")
    for use in ("bundle_data.resource_datas()", "bundle_data.missing_sources(",
                "bundle_data.hidden_imports()", "bundle_data.EXCLUDES", "bundle_data.keep_data(",
                'copy_metadata("cybercabinet")', "bundle_data.project_version()",
                'collect_data_files("reportlab"', '"fonts/Vera*.ttf"'):
        assert use in spec, f"cybercabinet.spec no longer uses {use}"


def test_every_resource_folder_of_paths_py_is_bundled() -> None:
    """A folder app/paths.py finds under resource_root() is one the bundle carries."""
    source = (ROOT / "app" / "paths.py").read_text(encoding="utf-8")
    folders = set(re.findall(r'resource_root\(\) / "([^"/]+)"', source))
    assert folders >= {"questionnaires", "i18n", "assets"}
    assert folders <= {*bd.RESOURCE_DIRS, bd.CATALOGS_DIR}, "add the new folder to bundle_data"


@pytest.mark.parametrize("folder", ["questionnaires", "assets"])
def test_every_resource_file_is_bundled(folder: str, bundled: set[str]) -> None:
    files = _files(ROOT / folder)
    assert files, f"{folder}/ is empty"
    missing = [f for f in files if f not in bundled]
    assert not missing, f"not in the bundle: {missing}"


def test_every_catalog_is_bundled_compiled(bundled: set[str]) -> None:
    pos = sorted((ROOT / "i18n").glob("*/LC_MESSAGES/*.po"))
    assert {p.parent.parent.name for p in pos} >= {"fr", "de", "it"}
    for po in pos:
        mo = po.with_suffix(".mo").relative_to(ROOT).as_posix()
        assert mo in bundled, f"{mo} is not in the bundle"
    assert not [p for p in bundled if p.endswith((".po", ".pot"))], "sources are not shipped"


def test_every_migration_file_is_bundled_as_data(bundled: set[str]) -> None:
    files = _files(ROOT / bd.MIGRATIONS_DIR)
    assert f"{bd.MIGRATIONS_DIR}/env.py" in files
    assert any(f.startswith(f"{bd.MIGRATIONS_DIR}/versions/") and f.endswith(".py")
               for f in files), "no migration version found"
    missing = [f for f in files if f not in bundled]
    assert not missing, f"migrations not in the bundle: {missing}"


def test_what_the_migrations_import_is_a_hidden_import() -> None:
    hidden = set(bd.hidden_imports())
    for path in (ROOT / bd.MIGRATIONS_DIR).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module
                     and node.level == 0 else [])
            for name in names:
                if name != "__future__":
                    assert name in hidden, f"{path.name} imports {name}, not a hidden import"
                    assert importlib.util.find_spec(name) is not None, name


def test_every_app_module_is_a_hidden_import() -> None:
    """The CLI imports its command groups by name, which PyInstaller cannot follow."""
    from app.cli.main import COMMAND_MODULES

    hidden = set(bd.hidden_imports())
    assert set(COMMAND_MODULES) <= hidden
    assert "app.storage.migrate" in hidden or not (ROOT / "app/storage/migrate.py").exists()
    assert not [m for m in hidden if m.startswith("app.storage.migrations")], (
        "the migrations are data files that Alembic loads, not modules of the archive")


def test_nothing_missing_once_the_catalogs_are_compiled(datas: list[tuple[str, str]]) -> None:
    missing = bd.missing_sources(datas)
    if missing and all(m.endswith(".mo") for m in missing):
        require("the compiled catalogs", f"{', '.join(missing)} (make catalogs)")
    assert not missing


def test_resources_land_where_the_app_looks_in_a_bundle(
        datas: list[tuple[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lay the data out as PyInstaller does, set sys._MEIPASS, and let the app find it."""
    from babel.support import Translations

    from app import paths
    from app.domain.loader import find_questionnaires

    for source, destination in datas:
        if Path(source).is_file():
            (tmp_path / destination).mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tmp_path / destination)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_root() == tmp_path
    found = find_questionnaires([paths.questionnaires_dir()])
    assert found, "no questionnaire where the app looks"  # their validity is tested elsewhere
    assert all(tmp_path in Path(q).parents for q in found)
    if (tmp_path / "i18n/fr/LC_MESSAGES/cybercabinet.mo").exists():
        loaded = Translations.load(str(paths.catalogs_dir()), ["fr"], "cybercabinet")
        assert isinstance(loaded, Translations)
    assert (paths.assets_dir() / "app-icon.png").is_file()
    migrations = tmp_path / bd.MIGRATIONS_DIR
    assert (migrations / "env.py").is_file()
    if (ROOT / "app/storage/migrate.py").exists():
        from app.storage import migrate

        relative = Path(migrate.__file__).resolve().parent.relative_to(ROOT)
        assert (tmp_path / relative / "migrations") == migrations


def test_languages_are_the_apps() -> None:
    from app.i18n.translation import LANGUAGES

    assert bd.LANGUAGES == LANGUAGES


@pytest.mark.parametrize(("destination", "kept"), [
    ("babel/locale-data/root.dat", True),
    ("babel/locale-data/fr_CH.dat", True),
    ("babel/locale-data/en_150.dat", True),
    ("babel/locale-data/it.dat", True),
    ("babel/locale-data/ja.dat", False),
    ("babel/locale-data/frr.dat", False),
    ("babel/global.dat", True),
    ("PySide6/Qt/translations/qtbase_fr.qm", True),
    ("PySide6/Qt/translations/qt_help_de.qm", True),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", False),
    ("PySide6/Qt/translations/qt_pt_BR.qm", False),
    ("reportlab/fonts/Vera.ttf", True),
])
def test_only_our_languages_of_babel_and_qt(destination: str, kept: bool) -> None:
    assert bd.keep_data(destination) is kept


def test_babel_has_what_the_app_formats_with() -> None:
    """Every locale the app formats dates and numbers in, and its parents, survives the filter."""
    from babel import Locale
    from babel.core import get_global

    from app.i18n import formatting

    parents = get_global("parent_exceptions")
    for name in [*formatting._LOCALES.values(), *formatting._SWISS_LOCALES.values()]:
        Locale.parse(name)
        chain = [name]
        while chain[-1] != "root":
            current = chain[-1]
            chain.append(parents.get(current) or (current.rsplit("_", 1)[0]
                                                 if "_" in current else "root"))
        for locale in chain:
            assert bd.keep_data(f"babel/locale-data/{locale}.dat"), locale


def test_the_version_is_written_once() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    assert bd.project_version() == version
    iss = (PACKAGING / "windows" / "cybercabinet.iss").read_text(encoding="utf-8")
    assert version not in iss, "the installer script takes the version from build.ps1"
    assert "AppVersion" in iss and "#error" in iss
    build_ps1 = (PACKAGING / "build.ps1").read_text(encoding="utf-8")
    assert "/DAppVersion=" in build_ps1 and "pyproject.toml" in build_ps1


def test_icons() -> None:
    assets = ROOT / "assets"
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = (assets / f"app-icon-{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)
    ico = (assets / "app-icon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert sizes == {16, 24, 32, 48, 64, 128, 256}
    assert (assets / "app-icon.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_desktop_entry() -> None:
    lines = (ROOT / "assets" / "cybercabinet.desktop").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    entry = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "CyberCabinet"
    assert entry["Exec"].split()[0] == "cybercabinet"
    assert entry["Icon"] == "cybercabinet"
    assert entry["Categories"] == "Office;MedicalSoftware;"
    for language in ("en", "fr", "de", "it"):
        assert entry.get(f"Comment[{language}]"), language


_RESOURCE_LITERAL = re.compile(r"^\.?[/\\]?(questionnaires|i18n|assets)([/\\]|$)")


def test_the_app_never_reads_resources_relative_to_the_current_folder() -> None:
    """Resources go through app/paths.py, which works the same in a checkout and a bundle."""
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        if path.name == "paths.py" or bd.MIGRATIONS_DIR in path.as_posix():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and _RESOURCE_LITERAL.match(node.value)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
            if isinstance(node, ast.Attribute) and node.attr in ("getcwd", "cwd"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
    assert not offenders, offenders
