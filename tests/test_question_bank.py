"""The built-in question bank (questionnaires/cabinet-medical): complete, consistent, well-scored.

What the bank promises in docs/question-bank.md, checked: it loads; it is big enough; every seed
recommendation, every FMH minimum requirement and every chapter of the ANSSI hygiene guide is
covered; every question explains itself; skip logic hides what does not concern a practice; and
the best possible answers score 100 while the worst give level 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.domain.answers import AnswerValue
from app.domain.compliance import ARTICLES
from app.domain.loader import load_questionnaire
from app.domain.questionnaire import Condition, Question, Questionnaire
from app.domain.scoring import score_assessment
from app.domain.skip_logic import visible_question_ids
from app.domain.vocabulary import Priority, QuestionType

ROOT = Path(__file__).parents[1]
BANK = ROOT / "questionnaires" / "cabinet-medical"
COVERAGE = BANK / "coverage.yaml"
DOC = ROOT / "docs" / "question-bank.md"
SEEDS_FILE = Path(__file__).parents[2] / "shared" / "seed-recommendations.md"

# The 28 recommendations of the two seed documents (shared/seed-recommendations.md), kept here
# so that the test runs without the shared folder; when the file is there, both must agree.
SEED_IDS = frozenset(
    [f"S1-{n:02d}" for n in range(1, 14)] + [f"S2-{n:02d}" for n in range(1, 16)])

# Questions that cite no RGPD / nLPD / OPDo article, and why.
NO_COMPLIANCE_ARTICLE = {
    "INS-01": "a cyber insurance is a financial choice, not a data-protection obligation",
}

# Questions that concern only a practice with a server (and so are hidden without one).
SERVER_QUESTIONS = {"NET-06", "NET-07", "NET-08", "PHY-01"}
CH_ONLY = {"GDPR-03", "MAIL-04", "INC-03"}
FR_ONLY = {"GDPR-04", "GDPR-10", "MAIL-05", "INC-04"}

# A practice for which (almost) everything is asked: a Swiss imaging centre with it all.
FULL_PROFILE: dict[str, AnswerValue] = {
    "PRF-COUNTRY": "ch",
    "PRF-CANTON": "vd",
    "PRF-TYPE": "imaging",
    "PRF-STAFF": 25.0,
    "PRF-WORKSTATIONS": 30.0,
    "PRF-SERVER": "yes",
    "PRF-SOFTWARE": "local",
    "PRF-REMOTE": "yes",
    "PRF-DEVICES": ("modalities", "pacs", "devices"),
    "PRF-LAPTOPS": "yes",
    "PRF-PROVIDER": "yes",
}
FRENCH_PROFILE: dict[str, AnswerValue] = {
    **{k: v for k, v in FULL_PROFILE.items() if k != "PRF-CANTON"},
    "PRF-COUNTRY": "fr",
    "PRF-REGION": "ara",
}
# A single doctor's office with paper-light habits: no server, no remote access, no devices.
SMALL_PROFILE: dict[str, AnswerValue] = {
    "PRF-COUNTRY": "fr",
    "PRF-REGION": "idf",
    "PRF-TYPE": "single_office",
    "PRF-STAFF": 2.0,
    "PRF-WORKSTATIONS": 2.0,
    "PRF-SERVER": "no",
    "PRF-SOFTWARE": "cloud",
    "PRF-REMOTE": "no",
    "PRF-DEVICES": ("none",),
    "PRF-LAPTOPS": "no",
    "PRF-PROVIDER": "no",
}


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_questionnaire(BANK)


@pytest.fixture(scope="module")
def coverage() -> dict[str, Any]:
    data = yaml.safe_load(COVERAGE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def scored(bank: Questionnaire) -> list[Question]:
    return [question for _theme, question in bank.scored_questions()]


def references_in(condition: Condition | None) -> set[str]:
    return set(condition.referenced_questions()) if condition is not None else set()


# --- the bank as a whole ---------------------------------------------------------------------

def test_bank_loads_with_its_identity(bank: Questionnaire) -> None:
    assert bank.id == "cabinet-medical"
    assert bank.version == "2026.1"
    assert bank.languages == ["fr", "de", "it", "en"]


def test_bank_is_big_enough(bank: Questionnaire) -> None:
    assert len(scored(bank)) >= 70
    assert len(bank.themes) >= 12
    assert all(len(theme.questions) >= 3 for theme in bank.themes)


def test_question_ids_start_with_their_theme(bank: Questionnaire) -> None:
    for theme, question in bank.scored_questions():
        assert question.id.startswith(theme.id + "-"), question.id
    assert all(question.id.startswith("PRF-") for question in bank.profile)


def test_answer_types_are_mixed(bank: Questionnaire) -> None:
    types = [question.type for question in scored(bank)]
    assert types.count(QuestionType.SINGLE) >= 5
    assert types.count(QuestionType.MULTIPLE) >= 2
    assert types.count(QuestionType.NUMBER) >= 2
    assert types.count(QuestionType.YES_PARTLY_NO) + types.count(QuestionType.YES_NO) >= 50


def test_multiple_choices_have_an_exclusive_none(bank: Questionnaire) -> None:
    for question in scored(bank):
        if question.type is QuestionType.MULTIPLE:
            exclusive = [c for c in question.choices if c.exclusive]
            assert len(exclusive) == 1 and exclusive[0].score == 0, question.id
            assert sum(c.score or 0 for c in question.choices if not c.exclusive) >= 1


def test_every_question_can_score_zero_and_full_marks(bank: Questionnaire) -> None:
    for question in scored(bank):
        if question.type is QuestionType.NUMBER:
            assert question.number is not None
            worths = [band.score for band in question.number.bands]
        elif question.type is QuestionType.MULTIPLE:
            worths = [0.0, min(1.0, sum(c.score or 0 for c in question.choices))]
        else:
            worths = [w for w in question.option_scores().values() if w is not None]
        assert min(worths) == 0 and max(worths) == 1, question.id


# --- seeds and guides ------------------------------------------------------------------------

def test_the_hard_coded_seed_ids_match_the_shared_file() -> None:
    if not SEEDS_FILE.is_file():
        pytest.skip("shared/seed-recommendations.md is not next to the repository")
    listed = set(re.findall(r"^\|\s*(S\d+-\d{2})\s*\|", SEEDS_FILE.read_text(encoding="utf-8"),
                            re.MULTILINE))
    assert listed == SEED_IDS


def test_every_seed_recommendation_is_covered(bank: Questionnaire) -> None:
    covered = {source for question in scored(bank) for source in question.sources}
    assert SEED_IDS - covered == set()
    assert covered - SEED_IDS == set(), "a question cites an unknown seed ID"


def test_coverage_file_names_every_fmh_area_and_anssi_chapter(
        coverage: dict[str, Any]) -> None:
    assert [area["recommendation"] for area in coverage["fmh"]] == list(range(1, 12))
    chapters = [chapter["chapter"] for chapter in coverage["anssi"]]
    assert chapters[:9] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    for entry in coverage["fmh"] + coverage["anssi"]:
        assert entry["questions"], entry


def _cited(question: Question, guide: str, pattern: str) -> set[int]:
    return {int(match.group(1)) for reference in question.references if reference.guide == guide
            for match in [re.search(pattern, reference.section)] if match}


def test_fmh_mapping_matches_the_references(
        bank: Questionnaire, coverage: dict[str, Any]) -> None:
    ids = {question.id for question in scored(bank)}
    for area in coverage["fmh"]:
        number = area["recommendation"]
        listed = set(area["questions"])
        assert listed <= ids, f"FMH {number}: unknown questions {sorted(listed - ids)}"
        citing = {q.id for q in scored(bank)
                  if number in _cited(q, "FMH-MINIMUM", r"Recommandation (\d+)")}
        assert listed == citing, f"FMH recommendation {number}"


def test_anssi_mapping_matches_the_references(
        bank: Questionnaire, coverage: dict[str, Any]) -> None:
    ids = {question.id for question in scored(bank)}
    for chapter in coverage["anssi"]:
        low, high = chapter["measures"]
        listed = set(chapter["questions"])
        assert listed <= ids, f"ANSSI {chapter['chapter']}: unknown {sorted(listed - ids)}"
        citing = {q.id for q in scored(bank)
                  if any(low <= m <= high for m in _cited(q, "ANSSI-HYGIENE", r"Mesure (\d+)"))}
        assert listed == citing, f"ANSSI chapter {chapter['chapter']}"


# --- each question ---------------------------------------------------------------------------

def test_every_question_explains_why_how_and_where_from(bank: Questionnaire) -> None:
    for question in scored(bank):
        assert question.help and question.help["fr"].strip(), question.id
        assert question.guidance and question.guidance["fr"].strip(), question.id
        assert question.references, question.id
        assert question.action is not None, question.id


def test_every_question_cites_a_known_article_or_says_why_not(bank: Questionnaire) -> None:
    for question in scored(bank):
        assert set(question.compliance) <= set(ARTICLES), question.id
        if question.id in NO_COMPLIANCE_ARTICLE:
            assert not question.compliance, f"{question.id} now cites an article"
        else:
            assert question.compliance, f"{question.id}: cite an article or give a reason"


def test_country_specific_questions_cite_their_own_law(bank: Questionnaire) -> None:
    for question_id in CH_ONLY:
        question = bank.question(question_id)
        assert question is not None
        assert all(not a.startswith("RGPD:") for a in question.compliance), question_id
    for question_id in FR_ONLY:
        question = bank.question(question_id)
        assert question is not None
        assert all(a.startswith("RGPD:") for a in question.compliance), question_id


def test_critical_questions_matter_to_insurers_or_weigh(bank: Questionnaire) -> None:
    critical = [question for question in scored(bank) if question.critical]
    assert len(critical) >= 8
    for question in critical:
        assert question.insurer is not None or question.weight >= 3, question.id
        assert question.action is not None
        assert question.action.priority in (Priority.CRITICAL, Priority.HIGH), question.id


def test_weights_stay_between_one_and_five(bank: Questionnaire) -> None:
    for question in scored(bank):
        assert 1 <= question.weight <= 5, question.id


def test_profile_questions_are_simple_to_answer(bank: Questionnaire) -> None:
    profile = {question.id: question for question in bank.profile}
    assert set(FULL_PROFILE) | {"PRF-REGION"} == set(profile)
    assert [c.value for c in profile["PRF-COUNTRY"].choices] == ["ch", "fr"]
    # Only the technical facts a physician may honestly not know accept "I don't know".
    knowable = {qid for qid, question in profile.items() if question.allow_unknown}
    assert knowable == {"PRF-SERVER", "PRF-REMOTE"}
    for question_id in ("PRF-STAFF", "PRF-WORKSTATIONS"):
        spec = profile[question_id].number
        assert spec is not None and spec.max > spec.min


def test_french_texts_use_french_punctuation(bank: Questionnaire) -> None:
    for question in bank.all_questions():
        for text in filter(None, (question.text, question.help, question.guidance)):
            value = text["fr"]
            assert value.count("«") == value.count("»"), question.id
            assert not re.search(r"«\S|\S»", value), f"{question.id}: « and » take spaces"
            assert not re.search(r"\S[?;]", value), f"{question.id}: a space before ? and ;"
        assert question.text["fr"].rstrip().endswith("?"), question.id


# --- skip logic ------------------------------------------------------------------------------

def visible(bank: Questionnaire, profile: Mapping[str, AnswerValue], **changes: AnswerValue
            ) -> set[str]:
    answers = dict(profile)
    answers.update({key.replace("_", "-"): value for key, value in changes.items()})
    return visible_question_ids(bank, answers)


def test_a_full_profile_asks_almost_everything(bank: Questionnaire) -> None:
    shown = visible(bank, FULL_PROFILE) | visible(bank, FRENCH_PROFILE)
    hidden = {question.id for question in scored(bank)} - shown
    # Only the follow-ups that wait for an answer, and the no-provider question.
    assert hidden == {"BAK-06", "ENC-05", "GOV-05", "BAK-09"}


def test_no_server_hides_every_server_question(bank: Questionnaire) -> None:
    on_server = {q.id for q in scored(bank) if "PRF-SERVER" in references_in(q.show_if)}
    assert on_server == SERVER_QUESTIONS
    assert visible(bank, FULL_PROFILE) >= SERVER_QUESTIONS
    assert visible(bank, FULL_PROFILE, PRF_SERVER="unknown") >= SERVER_QUESTIONS
    assert not SERVER_QUESTIONS & visible(bank, FULL_PROFILE, PRF_SERVER="no")


def test_no_remote_access_hides_the_remote_access_theme(bank: Questionnaire) -> None:
    theme = next(theme for theme in bank.themes if theme.id == "RMT")
    remote = {question.id for question in theme.questions}
    assert remote <= visible(bank, FULL_PROFILE)
    assert remote <= visible(bank, FULL_PROFILE, PRF_REMOTE="unknown")
    assert not remote & visible(bank, FULL_PROFILE, PRF_REMOTE="no")


def test_no_medical_devices_hides_the_device_questions(bank: Questionnaire) -> None:
    theme = next(theme for theme in bank.themes if theme.id == "MED")
    devices = {question.id for question in theme.questions}
    assert devices <= visible(bank, FULL_PROFILE)
    assert not devices & visible(bank, FULL_PROFILE, PRF_DEVICES=("none",))
    ecg_only = visible(bank, FULL_PROFILE, PRF_DEVICES=("devices",))
    assert {"MED-01", "MED-02", "MED-03"} <= ecg_only
    assert not {"MED-04", "MED-05"} & ecg_only


def test_no_laptops_hides_laptop_encryption(bank: Questionnaire) -> None:
    assert "ENC-01" in visible(bank, FULL_PROFILE)
    assert "ENC-01" not in visible(bank, FULL_PROFILE, PRF_LAPTOPS="no")


def test_the_provider_questions_follow_the_profile(bank: Questionnaire) -> None:
    with_provider = visible(bank, FULL_PROFILE)
    without = visible(bank, FULL_PROFILE, PRF_PROVIDER="no")
    assert "GOV-04" in with_provider and "GOV-05" not in with_provider
    assert "GOV-05" in without and "GOV-04" not in without


def test_country_decides_between_nlpd_and_rgpd_questions(bank: Questionnaire) -> None:
    swiss, french = visible(bank, FULL_PROFILE), visible(bank, FRENCH_PROFILE)
    assert swiss >= CH_ONLY and not FR_ONLY & swiss
    assert french >= FR_ONLY and not CH_ONLY & french
    assert "PRF-CANTON" in swiss and "PRF-REGION" not in swiss
    assert "PRF-REGION" in french and "PRF-CANTON" not in french


def test_a_single_office_is_not_asked_what_does_not_concern_it(bank: Questionnaire) -> None:
    shown = visible(bank, SMALL_PROFILE)
    for question_id in SERVER_QUESTIONS | {"GDPR-09", "GDPR-10", "INS-03", "ENC-01", "GOV-04"}:
        assert question_id not in shown, question_id
    assert {"GOV-05", "BAK-09", "ACC-08"} <= shown
    asked = [q for q in scored(bank) if q.id in shown]
    assert 55 <= len(asked) < len(scored(bank))


def test_follow_up_questions_open_on_the_right_answers(bank: Questionnaire) -> None:
    assert "BAK-06" in visible(bank, FULL_PROFILE, BAK_05="yes")
    assert "BAK-06" not in visible(bank, FULL_PROFILE, BAK_05="no")
    assert "ENC-05" in visible(bank, FULL_PROFILE, ENC_03="partly")
    assert "ENC-05" not in visible(bank, FULL_PROFILE, ENC_01="no", ENC_02="no", ENC_03="no")
    assert "ACC-08" not in visible(bank, FULL_PROFILE, PRF_SOFTWARE="none")


# --- scoring ---------------------------------------------------------------------------------

def best_answer(question: Question) -> AnswerValue:
    if question.type is QuestionType.NUMBER:
        assert question.number is not None
        return float(max(question.number.bands, key=lambda band: band.score).min)
    if question.type is QuestionType.MULTIPLE:
        return tuple(c.value for c in question.choices if not c.exclusive)
    scores = question.option_scores()
    return max(scores, key=lambda value: scores[value] or 0.0)


def worst_answer(question: Question) -> AnswerValue:
    if question.type is QuestionType.NUMBER:
        assert question.number is not None
        return float(min(question.number.bands, key=lambda band: band.score).min)
    if question.type is QuestionType.MULTIPLE:
        return tuple(c.value for c in question.choices if c.exclusive)
    scores = question.option_scores()
    return min(scores, key=lambda value: scores[value] or 0.0)


@pytest.mark.parametrize("profile", [FULL_PROFILE, FRENCH_PROFILE, SMALL_PROFILE],
                         ids=["swiss-imaging", "french-imaging", "french-single-office"])
def test_best_answers_score_100_and_level_5(bank: Questionnaire,
                                            profile: dict[str, AnswerValue]) -> None:
    answers = {**profile, **{q.id: best_answer(q) for q in scored(bank)}}
    result = score_assessment(bank, answers)
    assert result.overall == pytest.approx(100.0)
    assert result.level.number == 5
    assert not result.critical_gaps and not result.gaps and result.is_complete


@pytest.mark.parametrize("profile", [FULL_PROFILE, FRENCH_PROFILE, SMALL_PROFILE],
                         ids=["swiss-imaging", "french-imaging", "french-single-office"])
def test_worst_answers_give_level_1(bank: Questionnaire, profile: dict[str, AnswerValue]) -> None:
    answers = {**profile, **{q.id: worst_answer(q) for q in scored(bank)}}
    result = score_assessment(bank, answers)
    assert result.overall == pytest.approx(0.0)
    assert result.level.number == 1
    assert result.critical_gaps


def test_one_failed_critical_question_caps_an_otherwise_perfect_practice(
        bank: Questionnaire) -> None:
    answers = {**FULL_PROFILE, **{q.id: best_answer(q) for q in scored(bank)}}
    answers["BAK-05"] = "no"  # never tried to restore a backup
    result = score_assessment(bank, answers)
    assert result.overall is not None and result.overall > 90
    assert result.level.number == 2


# --- the documentation -----------------------------------------------------------------------

def test_the_doc_lists_every_theme_with_its_question_count(bank: Questionnaire) -> None:
    doc = DOC.read_text(encoding="utf-8")
    for theme in bank.themes:
        row = re.search(rf"^\| {theme.id} \|.*\| {len(theme.questions)} \|", doc, re.MULTILINE)
        assert row, f"docs/question-bank.md: no row '| {theme.id} | … | {len(theme.questions)} |'"


def test_the_doc_prints_the_coverage_mapping(
        coverage: dict[str, Any]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    for entry in coverage["fmh"] + coverage["anssi"]:
        ids = ", ".join(entry["questions"])
        assert ids in doc, f"docs/question-bank.md does not list {ids} for {entry['title']}"
