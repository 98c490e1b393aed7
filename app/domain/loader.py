"""Load questionnaires from YAML and say precisely what is wrong with a broken one.

Two layouts: a single file holding everything, or a folder with ``questionnaire.yaml`` (id,
version, languages, title, profile), one file per theme in ``themes/`` (read in name order) and
the verdict rules (level caps, consistency checks) in ``verdict.yaml``,
so that authors and translators work on one theme at a time. Every problem is reported with
the file, the question (or theme) and the field, all at once rather than one per run.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic
import yaml

from app.domain.consistency import check_questionnaire
from app.domain.questionnaire import Questionnaire
from app.errors import ValidationError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAIN_FILE = "questionnaire.yaml"
VERDICT_FILE = "verdict.yaml"


@dataclass(frozen=True)
class Problem:
    file: str
    where: str | None
    field: str
    message: str

    def __str__(self) -> str:
        location = self.file
        if self.where:
            location += f": {self.where if ' ' in self.where else 'question ' + self.where}"
        if self.field:
            location += f": field '{self.field}'"
        return f"{location}: {self.message}"


class QuestionnaireInvalid(ValidationError):
    """A questionnaire file or folder has one or more problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"… and {len(self.problems) - 50} more problems")
        super().__init__("\n".join(lines))


@dataclass
class _Source:
    """The raw data and which file each theme came from."""

    data: dict[str, Any]
    main_file: str
    theme_files: list[str] = field(default_factory=list)
    verdict_file: str | None = None


# libyaml's parser (PyYAML's C extension, in its wheels) when present: the same safe
# constructor and resolvers, about ten times faster than the pure-Python parser on the
# question bank (0.07 s instead of 0.8 s), which every start of the app and the CLI reads.
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeBase):  # type: ignore[misc]
    """A safe loader that refuses a key given twice (YAML would silently keep the last)."""


def _mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                 _mapping_without_duplicates)
# YAML 1.1 reads a bare yes / no / on / off as a boolean: in a questionnaire whose answers are
# "yes" and "no" that silently corrupts conditions. Only true / false are booleans here.
_BOOL_TAG = "tag:yaml.org,2002:bool"
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_UniqueKeyLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _read_yaml(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise QuestionnaireInvalid([Problem(str(path), None, "", "file is larger than 5 MB")])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QuestionnaireInvalid([Problem(str(path), None, "", "not UTF-8 text")]) from None
    except OSError as error:
        raise QuestionnaireInvalid(
            [Problem(str(path), None, "", f"cannot be read ({error.strerror})")]) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a safe loader subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise QuestionnaireInvalid(
            [Problem(str(path), None, "", f"not valid YAML: {where}{problem}")]) from None


def _expect_mapping(path: Path, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise QuestionnaireInvalid(
            [Problem(str(path), None, "", "expected a mapping of fields (id, version, themes…)")])
    return data


def _read_source(path: Path) -> _Source:
    if path.is_dir():
        main = path / MAIN_FILE
        if not main.is_file():
            raise QuestionnaireInvalid([Problem(str(path), None, "", f"no {MAIN_FILE} in folder")])
        data = _expect_mapping(main, _read_yaml(main))
        if "themes" in data:
            raise QuestionnaireInvalid([Problem(str(main), None, "themes",
                                                "in a folder, themes go in themes/*.yaml")])
        if "verdict" in data:
            raise QuestionnaireInvalid([Problem(
                str(main), None, "verdict", f"in a folder, the verdict goes in {VERDICT_FILE}")])
        theme_paths = sorted((path / "themes").glob("*.yaml"))
        data = {**data, "themes": [_expect_mapping(p, _read_yaml(p)) for p in theme_paths]}
        verdict = path / VERDICT_FILE
        if verdict.is_file():
            data["verdict"] = _expect_mapping(verdict, _read_yaml(verdict))
        return _Source(data, str(main), [str(p) for p in theme_paths],
                       str(verdict) if verdict.is_file() else None)
    data = _expect_mapping(path, _read_yaml(path))
    themes = data.get("themes")
    count = len(themes) if isinstance(themes, list) else 0
    return _Source(data, str(path), [str(path)] * count)


def _locate(source: _Source, loc: tuple[int | str, ...]) -> tuple[str, str | None, str]:
    """Turn a pydantic error location into (file, question or theme, field path)."""
    file, where, rest = source.main_file, None, list(loc)
    node: Any = source.data
    consumed = 0
    for index, key in enumerate(rest):
        if key in ("profile", "questions") and index + 1 < len(rest):
            items = node.get(key) if isinstance(node, dict) else None
            position = rest[index + 1]
            item = items[position] if isinstance(items, list) and isinstance(
                position, int) and position < len(items) else None
            ident = item.get("id") if isinstance(item, dict) else None
            where = str(ident) if ident else f"{key} #{int(position) + 1}"
            consumed = index + 2
        elif key == "verdict" and index == 0:
            file = source.verdict_file or source.main_file
            if len(rest) > 2 and isinstance(rest[2], int):
                rules = (node.get("verdict") or {}).get(rest[1]) if isinstance(
                    node, dict) else None
                rule = rules[rest[2]] if isinstance(rules, list) and rest[2] < len(
                    rules) else None
                ident = rule.get("id") if isinstance(rule, dict) else None
                where = f"rule {ident or f'{rest[1]} #{rest[2] + 1}'}"
                consumed = 3
            else:
                consumed = 1
        elif key == "themes" and index + 1 < len(rest) and isinstance(rest[index + 1], int):
            position = int(rest[index + 1])
            if position < len(source.theme_files):
                file = source.theme_files[position]
            themes = node.get("themes") if isinstance(node, dict) else None
            theme = themes[position] if isinstance(themes, list) and position < len(
                themes) else None
            ident = theme.get("id") if isinstance(theme, dict) else None
            where = f"theme {ident}" if ident else f"theme #{position + 1}"
            consumed = index + 2
        if isinstance(node, dict) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            node = None
    field_path = ".".join(str(part) for part in rest[consumed:])
    return file, where, field_path


def _pydantic_problems(source: _Source, error: pydantic.ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        file, where, field_path = _locate(source, loc)
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (misspelt, or not part of the format)"
        elif item["type"] == "missing":
            message = "required field is missing"
        problems.append(Problem(file, where, field_path, message))
    return problems


def _file_of(source: _Source, questionnaire: Questionnaire, where: str | None) -> str:
    if where is None:
        return source.main_file
    if where.startswith("rule "):
        return source.verdict_file or source.main_file
    theme_id = where.removeprefix("theme ")
    for position, theme in enumerate(questionnaire.themes):
        if theme.id == theme_id or any(q.id == where for q in theme.questions):
            return source.theme_files[position] if position < len(
                source.theme_files) else source.main_file
    return source.main_file


def load_questionnaire(path: Path | str) -> Questionnaire:
    """Read, validate and return a questionnaire; raise ``QuestionnaireInvalid`` otherwise."""
    path = Path(path)
    if not path.exists():
        raise QuestionnaireInvalid([Problem(str(path), None, "", "no such file or folder")])
    source = _read_source(path)
    try:
        questionnaire = Questionnaire.model_validate(source.data)
    except pydantic.ValidationError as error:
        raise QuestionnaireInvalid(_pydantic_problems(source, error)) from None
    findings = check_questionnaire(questionnaire)
    if findings:
        raise QuestionnaireInvalid([
            Problem(_file_of(source, questionnaire, f.where), f.where, f.field, f.message)
            for f in findings])
    return questionnaire


def content_hash(questionnaire: Questionnaire) -> str:
    """SHA-256 of the questionnaire's canonical content: the same text gives the same hash."""
    canonical = json.dumps(questionnaire.model_dump(mode="json", by_alias=True),
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def find_questionnaires(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the questionnaires they hold (files, or folders with a main file)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / MAIN_FILE).is_file():
            for child in sorted(path.iterdir()):
                folder_questionnaire = child.is_dir() and (child / MAIN_FILE).is_file()
                file_questionnaire = child.is_file() and child.suffix in (".yaml", ".yml")
                if folder_questionnaire or file_questionnaire:
                    found.append(child)
        else:
            found.append(path)
    return found
