"""The verdict's outcomes hold through the command line on the built-in bank, whatever else is
answered (issue 16): practice add, assessment new, assessment answer, assessment show --json."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.domain.answers import AnswerValue
from app.domain.catalog import get_entry
from tests.verdict.answer_sets import complete

BANK = get_entry("cabinet-medical").questionnaire

SWISS_GROUP: dict[str, AnswerValue] = {
    "PRF-CANTON": "vd", "PRF-TYPE": "group", "PRF-STAFF": 9.0, "PRF-WORKSTATIONS": 7.0,
    "PRF-SERVER": "yes", "PRF-SOFTWARE": "local", "PRF-REMOTE": "yes",
    "PRF-DEVICES": ("devices",), "PRF-LAPTOPS": "yes", "PRF-PROVIDER": "yes"}
FRENCH_CLOUD: dict[str, AnswerValue] = {
    "PRF-REGION": "ara", "PRF-TYPE": "single_office", "PRF-STAFF": 3.0,
    "PRF-WORKSTATIONS": 3.0, "PRF-SERVER": "no", "PRF-SOFTWARE": "cloud", "PRF-REMOTE": "yes",
    "PRF-DEVICES": ("none",), "PRF-LAPTOPS": "yes", "PRF-PROVIDER": "yes"}


def _cli_text(value: AnswerValue) -> str:
    if isinstance(value, tuple):
        return ",".join(value)
    return f"{value:g}" if isinstance(value, float) else value


def _level_through_the_cli(capsys: pytest.CaptureFixture[str], country: str,
                           profile: dict[str, AnswerValue],
                           changes: dict[str, AnswerValue]) -> dict[str, object]:
    assert main(["practice", "add", f"Cabinet {country}", "--country", country]) == 0
    practice_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["assessment", "new", practice_id]) == 0
    assessment_id = capsys.readouterr().out.strip()
    answers = complete(BANK, {"PRF-COUNTRY": country.lower(), **profile, **changes})
    order = [q.id for q in BANK.all_questions()]
    for question_id in sorted(answers, key=order.index):  # a follow-up after what opens it
        value = answers[question_id]
        if question_id == "PRF-COUNTRY":
            continue  # filled from the practice's country
        assert main(["assessment", "answer", assessment_id, question_id,
                     _cli_text(value)]) == 0, question_id
    capsys.readouterr()
    assert main(["assessment", "show", assessment_id, "--json"]) == 0
    shown: dict[str, object] = json.loads(capsys.readouterr().out)
    assert shown["unanswered"] == [], shown["unanswered"]
    return shown


def _level(shown: dict[str, object]) -> int:
    level = shown["level"]
    assert isinstance(level, dict)
    return int(level["number"])


@pytest.mark.parametrize(("country", "profile"), [("CH", SWISS_GROUP), ("FR", FRENCH_CLOUD)])
def test_every_best_answer_reaches_level_5(capsys: pytest.CaptureFixture[str], country: str,
                                           profile: dict[str, AnswerValue]) -> None:
    shown = _level_through_the_cli(capsys, country, profile, {})
    assert _level(shown) == 5 and shown["caps"] == [] and shown["critical_gaps"] == []
    assert shown["answers_to_check"] == []


@pytest.mark.parametrize(("country", "profile", "changes", "at_most", "cap"), [
    ("CH", SWISS_GROUP, {"RMT-01": "rdp_direct"}, 2, "CAP-RDP-EXPOSED"),
    ("CH", SWISS_GROUP, {"NET-09": ("rdp",)}, 2, "CAP-RDP-EXPOSED"),
    ("FR", FRENCH_CLOUD, {"GDPR-04": "no"}, 3, "CAP-HDS"),
    ("CH", SWISS_GROUP, {"ACC-05": "no"}, 3, "CAP-NO-MFA-ONLINE"),
    ("FR", FRENCH_CLOUD, {"ACC-05": "no"}, 3, "CAP-NO-MFA-ONLINE"),
    ("CH", SWISS_GROUP, {"RMT-02": "no"}, 2, "CAP-REMOTE-NO-MFA"),
    ("CH", SWISS_GROUP, {"BAK-05": "no"}, 3, "CAP-RESTORE-UNTESTED"),
    ("CH", SWISS_GROUP, {"BAK-06": 14.0}, 3, "CAP-RESTORE-UNTESTED"),
])
def test_an_open_door_caps_the_level_whatever_else_is_answered(
        capsys: pytest.CaptureFixture[str], country: str, profile: dict[str, AnswerValue],
        changes: dict[str, AnswerValue], at_most: int, cap: str) -> None:
    shown = _level_through_the_cli(capsys, country, profile, changes)
    assert _level(shown) == at_most
    caps = shown["caps"]
    assert isinstance(caps, list) and cap in [c["id"] for c in caps]
    assert set(changes) <= set(shown["critical_gaps"])  # type: ignore[arg-type]


@pytest.mark.parametrize("changes", [{"BAK-03": 1.0}, {"WKS-03": "builtin_checked"}])
def test_trivia_are_no_longer_critical(capsys: pytest.CaptureFixture[str],
                                       changes: dict[str, AnswerValue]) -> None:
    shown = _level_through_the_cli(capsys, "CH", SWISS_GROUP, changes)
    assert _level(shown) == 5
    assert shown["caps"] == [] and shown["critical_gaps"] == []
