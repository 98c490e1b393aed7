"""The install is reproducible: the lock covers pyproject.toml, a wheel works alone, the window's
system libraries are checked, and a library's warning never reaches the user's terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def _pins() -> dict[str, str]:
    return {canonicalize_name(m[1]): m[2] for line in LOCK.read_text().splitlines()
            if (m := _PIN.match(line))}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        names += extra
    build = (ROOT / "requirements" / "build.in").read_text().splitlines()
    names += [line for line in build if line.strip() and not line.startswith("#")]
    return [Requirement(name) for name in names]


def test_the_lock_pins_every_declared_dependency_within_its_range() -> None:
    pins = _pins()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {LOCK.name}: run make upgrade"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} is outside {requirement.specifier}: run make upgrade")


def test_every_pin_carries_its_hashes() -> None:
    text = LOCK.read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    pinned = [block for block in blocks if _PIN.match(block)]
    assert len(pinned) == len(_pins()) > 30
    for block in pinned:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_installed_versions_are_the_locked_ones() -> None:
    from importlib.metadata import PackageNotFoundError, version

    for name, pinned in _pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # a platform-only pin (pywin32-ctypes on Windows)
        assert installed == pinned, f"{name} {installed} installed, {pinned} locked"


@pytest.mark.slow
def test_a_wheel_carries_its_compiled_catalogs_and_resources(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(tmp_path / "wheel"), str(ROOT)],
                   check=True, capture_output=True, timeout=300, cwd=tmp_path)
    (wheel,) = (tmp_path / "wheel").glob("cybercabinet-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in ("fr", "de", "it", "en"):
        assert f"app/_resources/i18n/{language}/LC_MESSAGES/cybercabinet.mo" in names
    assert "app/_resources/questionnaires/cabinet-medical/questionnaire.yaml" in names
    assert not any(name.endswith(".po") for name in names)
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "LANGUAGE": "fr",
           "LC_ALL": "fr_FR.UTF-8", "CYBERCABINET_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-m", "app", "questionnaire", "list"], env=env,
                            capture_output=True, text=True, check=False, timeout=120,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cabinet-medical" in result.stdout
    assert result.stderr == ""
    log = (tmp_path / "home" / "logs" / "cybercabinet.log")
    assert "no compiled catalog" not in (log.read_text() if log.exists() else "")


def test_missing_qt_libraries_are_named_with_the_apt_command(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ldconfig").write_text("#!/bin/sh\necho '1 libs found in cache'\n")
    (fake / "ldconfig").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}
    result = subprocess.run(["bash", str(ROOT / "packaging" / "install-qt-deps.sh"), "--check"],
                            env=env, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 1
    assert "apt-get install" in result.stderr
    for package in ("libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0"):
        assert package in result.stderr


def test_a_library_warning_goes_to_the_log_not_to_the_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = ("import sys, warnings; from app.cli import main as m; "
            "m.COMMAND_MODULES = m.COMMAND_MODULES; "
            "import app.cli.questionnaire as q; real = q.register\n"
            "def register(commands, parents):\n"
            "    warnings.warn('DSA is deprecated', DeprecationWarning, stacklevel=1)\n"
            "    warnings.warn('a library grumbles', UserWarning, stacklevel=1)\n"
            "    real(commands, parents)\n"
            "q.register = register\n"
            "sys.exit(m.main(['questionnaire', 'list']))")
    env = {**os.environ, "CYBERCABINET_HOME": str(home), "PYTHONWARNINGS": "always"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=False, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    log = (home / "logs" / "cybercabinet.log").read_text()
    assert "DSA is deprecated" in log and "a library grumbles" in log


@pytest.mark.parametrize("script", ["build.sh", "build.ps1"])
def test_the_installer_builds_install_from_the_lock(script: str) -> None:
    text = (ROOT / "packaging" / script).read_text(encoding="utf-8")
    assert "--require-hashes" in text and "requirements" in text and "lock.txt" in text
    assert "--no-build-isolation" in text
    assert ".[packaging]" not in text, "an unpinned install of the packaging extra"
