"""The loader accepts the format and names file, question and field for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.domain.loader import QuestionnaireInvalid, content_hash, load_questionnaire
from app.domain.questionnaire import Questionnaire
from tests.conftest import EXAMPLE


def _example_data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _problems(tmp_path: Path, data: dict | str) -> list[str]:
    path = tmp_path / "broken.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True),
                    encoding="utf-8")
    with pytest.raises(QuestionnaireInvalid) as caught:
        load_questionnaire(path)
    messages = [str(p) for p in caught.value.problems]
    assert all(m.startswith(str(path)) for m in messages)
    return messages


def _question(data: dict, qid: str) -> dict:
    for theme in data["themes"]:
        for question in theme["questions"]:
            if question["id"] == qid:
                return question
    raise KeyError(qid)


def test_example_loads_with_every_answer_type(example: Questionnaire) -> None:
    types = {q.type.value for q in example.all_questions()}
    assert types == {"yes_no", "yes_partly_no", "single", "multiple", "number"}
    assert [t.id for t in example.themes] == ["BAK", "SRV", "AWR"]
    assert example.question("SRV-02") is not None
    assert example.theme_of("SRV-02").id == "SRV"  # type: ignore[union-attr]
    assert example.is_profile("PRF-SERVER")
    assert not example.is_profile("BAK-01")


def test_unknown_field_is_named(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "BAK-01")["wieght"] = 2
    assert _problems(tmp_path, data) == [
        f"{tmp_path / 'broken.yaml'}: question BAK-01: field 'wieght': unknown field "
        "(misspelt, or not part of the format)"]


def test_duplicate_question_id(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "SRV-01")["id"] = "BAK-01"
    problems = _problems(tmp_path, data)
    assert any("question BAK-01: field 'id': duplicate question id" in p for p in problems)


def test_show_if_on_missing_question(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "SRV-01")["show_if"] = {"question": "NOPE-01", "equals": "yes"}
    problems = _problems(tmp_path, data)
    assert any("question SRV-01: field 'show_if.question': refers to question 'NOPE-01'" in p
               for p in problems)


def test_show_if_on_an_answer_that_does_not_exist(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "SRV-01")["show_if"] = {"question": "PRF-SERVER", "equals": "oui"}
    problems = _problems(tmp_path, data)
    assert any("PRF-SERVER has no answer 'oui'" in p for p in problems)


def test_cycle_in_conditions(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "SRV-01")["show_if"] = {"question": "SRV-02", "equals": "provider"}
    problems = _problems(tmp_path, data)
    assert any("conditions form a cycle: SRV-01 → SRV-02 → SRV-01" in p for p in problems)


def test_missing_translation(tmp_path: Path) -> None:
    data = _example_data()
    del _question(data, "BAK-02")["help"]["en"]
    assert _problems(tmp_path, data) == [
        f"{tmp_path / 'broken.yaml'}: question BAK-02: field 'help.en': translation missing"]


def test_undeclared_language_is_allowed_while_translating(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "BAK-02")["text"]["de"] = "Wie viele?"
    path = tmp_path / "partial.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_questionnaire(path).languages == ["fr", "en"]


def test_answer_without_score(tmp_path: Path) -> None:
    data = _example_data()
    del _question(data, "SRV-02")["choices"][0]["score"]
    problems = _problems(tmp_path, data)
    assert any("question SRV-02: field 'choices.provider.score': answer without a score" in p
               for p in problems)


def test_gap_without_action(tmp_path: Path) -> None:
    data = _example_data()
    del _question(data, "BAK-01")["action"]
    problems = _problems(tmp_path, data)
    assert any("question BAK-01: field 'action': answer 'partly' leaves a gap" in p
               for p in problems)


def test_wrong_type_is_named(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "BAK-01")["weight"] = 0
    problems = _problems(tmp_path, data)
    assert problems == [f"{tmp_path / 'broken.yaml'}: question BAK-01: field 'weight': "
                        "Input should be greater than 0"]


def test_unknown_guide(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "BAK-01")["references"] = [{"guide": "MY-BLOG", "section": "1"}]
    problems = _problems(tmp_path, data)
    assert any("field 'references.0.guide': unknown guide 'MY-BLOG'" in p for p in problems)


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "id: x\nthemes: [\n")
    assert len(problems) == 1
    assert "not valid YAML: line 3" in problems[0]


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "id: x\nid: y\n")
    assert "key 'id' is given twice" in problems[0]


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "expected a mapping" in _problems(tmp_path, "- just\n- a list\n")[0]


def test_bare_yes_stays_a_string(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('equals: "yes"', "equals: yes")
    path = tmp_path / "bare.yaml"
    path.write_text(text, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    condition = questionnaire.question("SRV-01").show_if  # type: ignore[union-attr]
    assert condition is not None and condition.equals == "yes"


def test_folder_layout_names_the_theme_file(tmp_path: Path) -> None:
    data = _example_data()
    themes = data.pop("themes")
    folder = tmp_path / "bank"
    (folder / "themes").mkdir(parents=True)
    (folder / "questionnaire.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    for index, theme in enumerate(themes):
        (folder / "themes" / f"{index:02d}.yaml").write_text(yaml.safe_dump(theme),
                                                              encoding="utf-8")
    loaded = load_questionnaire(folder)
    assert content_hash(loaded) == content_hash(load_questionnaire(EXAMPLE))
    themes[1]["questions"][0]["weight"] = -1
    (folder / "themes" / "01.yaml").write_text(yaml.safe_dump(themes[1]), encoding="utf-8")
    with pytest.raises(QuestionnaireInvalid) as caught:
        load_questionnaire(folder)
    assert str(caught.value.problems[0]).startswith(
        f"{folder / 'themes' / '01.yaml'}: question SRV-01: field 'weight'")


def test_content_hash_changes_with_content(example: Questionnaire, tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "BAK-01")["weight"] = 4
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert content_hash(load_questionnaire(path)) != content_hash(example)
    assert content_hash(load_questionnaire(EXAMPLE)) == content_hash(example)


def test_unknown_article(tmp_path: Path) -> None:
    data = _example_data()
    _question(data, "BAK-01")["compliance"] = ["RGPD:99"]
    problems = _problems(tmp_path, data)
    assert any("field 'compliance.0': article 'RGPD:99' is not one" in p for p in problems)
