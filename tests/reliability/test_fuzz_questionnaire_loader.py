"""The questionnaire loader, fed with mutated files: a questionnaire or our own error, nothing else.

Counts of inputs tried are printed with ``-s`` and recorded in docs/reliability.md.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.loader import QuestionnaireInvalid, load_questionnaire
from app.errors import CyberCabinetError
from tests.conftest import EXAMPLE

SOURCE = EXAMPLE.read_bytes()
DATA = yaml.safe_load(SOURCE.decode("utf-8"))
FUZZ = settings(max_examples=400, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _load(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzzed.yaml"
    path.write_bytes(content)
    problems: list[str] = []
    try:
        load_questionnaire(path)
    except QuestionnaireInvalid as error:
        problems = [str(p) for p in error.problems] or ["<empty>"]
    except CyberCabinetError:
        return
    # An error says what is wrong, and where: every line starts with the file's name.
    assert all(p.startswith(str(path)) for p in problems), problems


@FUZZ
@given(st.data())
def test_byte_mutations(tmp_path: Path, data: st.DataObject) -> None:
    content = bytearray(SOURCE)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(content) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        if action == "flip":
            content[position] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del content[position]
        elif action == "insert":
            content[position:position] = data.draw(st.binary(min_size=1, max_size=4))
        else:
            del content[position:]
        if not content:
            break
    _load(tmp_path, bytes(content))


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 1000), st.floats(allow_nan=True),
                     st.text(max_size=12), st.lists(st.text(max_size=5), max_size=3),
                     st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3))


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(DATA)


def _mutate(tree: object, path: tuple[object, ...], value: object, delete: bool) -> object:
    import copy

    result = copy.deepcopy(tree)
    parent: object = result
    for key in path[:-1]:
        parent = parent[key]  # type: ignore[index]
    last = path[-1]
    if delete:
        del parent[last]  # type: ignore[attr-defined]
    else:
        parent[last] = value  # type: ignore[index]
    return result


@FUZZ
@given(st.sampled_from(PATHS), _SCALARS, st.booleans())
def test_structural_mutations(tmp_path: Path, path: tuple[object, ...], value: object,
                              delete: bool) -> None:
    mutated = _mutate(DATA, path, value, delete)
    _load(tmp_path, yaml.safe_dump(mutated, allow_unicode=True).encode("utf-8"))
