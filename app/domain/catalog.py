"""The questionnaires shipped with the app, loaded once and found by id and version."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.domain.loader import content_hash, find_questionnaires, load_questionnaire
from app.domain.questionnaire import Questionnaire
from app.errors import NotFoundError
from app.paths import questionnaires_dir


@dataclass(frozen=True)
class CatalogEntry:
    path: Path
    questionnaire: Questionnaire
    content_hash: str


@cache
def _load(path: Path, mtime_ns: int) -> CatalogEntry:
    questionnaire = load_questionnaire(path)
    return CatalogEntry(path, questionnaire, content_hash(questionnaire))


def _mtime(path: Path) -> int:
    """Latest change in a file or folder, so an edited questionnaire is read again."""
    if path.is_dir():
        return max((p.stat().st_mtime_ns for p in path.rglob("*.yaml")), default=0)
    return path.stat().st_mtime_ns


def builtin_entries(folder: Path | None = None) -> list[CatalogEntry]:
    """Every questionnaire of the folder; one that does not validate is an error, not a skip."""
    root = folder or questionnaires_dir()
    return [_load(path, _mtime(path)) for path in find_questionnaires([root])]


def get_entry(questionnaire_id: str, version: str | None = None,
              folder: Path | None = None) -> CatalogEntry:
    """The shipped questionnaire with this id (the newest version unless one is named)."""
    matches = [e for e in builtin_entries(folder) if e.questionnaire.id == questionnaire_id]
    if version is not None:
        matches = [e for e in matches if e.questionnaire.version == version]
    if not matches:
        wanted = questionnaire_id + (f" version {version}" if version else "")
        raise NotFoundError(f"No questionnaire {wanted} is installed.",
                            hint="See 'cybercabinet questionnaire list'.")
    return max(matches, key=lambda e: version_key(e.questionnaire.version))


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Numeric parts compare as numbers ("2026.10" after "2026.9")."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in version.split("."))


DEFAULT_QUESTIONNAIRE_ID = "cabinet-medical"
