"""The built-in question bank (questionnaires/cabinet-medical): complete, consistent, well-scored.

What the bank promises in docs/question-bank.md, checked: it loads; it is big enough; every seed
recommendation, every FMH minimum requirement and every chapter of the ANSSI hygiene guide is
covered; every question explains itself; the critical questions are those the caps of
verdict.yaml are about; skip logic hides what does not concern a practice; and the best possible
answers score 100 while the worst give level 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.domain.action_plan import build_action_plan
from app.domain.answers import AnswerValue, value_score
from app.domain.compliance import ARTICLES, framework_of, frameworks_for_country
from app.domain.loader import load_questionnaire
from app.domain.questionnaire import Condition, Question, Questionnaire
from app.domain.scoring import score_assessment
from app.domain.skip_logic import visible_question_ids
from app.domain.vocabulary import UNKNOWN, Priority, QuestionType
from tests.conftest import require

ROOT = Path(__file__).parents[1]
BANK = ROOT / "questionnaires" / "cabinet-medical"
COVERAGE = BANK / "coverage.yaml"
VERDICT = BANK / "verdict.yaml"
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

# Questions whose every real answer is worth more than 0, and why: for them only "I don't know"
# (which they must accept) gives 0.
LOWEST_ANSWER_ABOVE_ZERO = {
    "BAK-12": "a restore tested without an agreed recovery time still proved the backup works "
              "(0.25); only not knowing how long a full restore takes is worth 0",
}

# Questions that concern only a practice with a server (and so are hidden without one).
SERVER_QUESTIONS = {"NET-10", "NET-11", "NET-17", "NET-08", "PHY-01"}
# Questions asked in one country only: they cite that country's laws only (data protection and
# health law: France RGPD, CSP, CPFR; Switzerland nLPD, OPDo, CPCH, LDEP).
CH_ONLY = {"GDPR-03", "MAIL-04", "INC-03", "ACC-11"}
FR_ONLY = {"GDPR-04", "GDPR-10", "MAIL-05", "INC-04", "ACC-10"}

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
    assert bank.version == "2026.2"
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
    """One exclusive "none", at one end of the scale: either the choices are good things (each
    worth something, together full marks; "none" worth 0, e.g. AWR-01's topics) or they are
    exposures (each worth 0; "none" is the best answer, worth 1, e.g. NET-09)."""
    kinds = set()
    for question in scored(bank):
        if question.type is QuestionType.MULTIPLE:
            exclusive = [c for c in question.choices if c.exclusive]
            others = [c.score or 0 for c in question.choices if not c.exclusive]
            assert len(exclusive) == 1 and others, question.id
            if exclusive[0].score == 0:
                kinds.add("good things")
                assert all(worth > 0 for worth in others) and sum(others) >= 1, question.id
            else:
                kinds.add("exposures")
                assert exclusive[0].score == 1 and not any(others), question.id
    assert kinds == {"good things", "exposures"}


def test_every_question_can_score_zero_and_full_marks(bank: Questionnaire) -> None:
    for question in scored(bank):
        worths = [worth(question, value) for value in real_answers(question)]
        assert max(worths) == 1, question.id
        if question.id in LOWEST_ANSWER_ABOVE_ZERO:
            assert min(worths) > 0, f"{question.id} now has an answer worth 0: unlist it"
            assert question.allow_unknown, f"{question.id}: nothing would be worth 0"
            assert worth(question, UNKNOWN) == 0
        else:
            assert min(worths) == 0, question.id


# --- seeds and guides ------------------------------------------------------------------------

def test_the_hard_coded_seed_ids_match_the_shared_file() -> None:
    if not SEEDS_FILE.is_file():
        require("shared/seed-recommendations.md", "CI lays shared/ next to the repository")
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
    by_country = {q.id for q in scored(bank) if "PRF-COUNTRY" in references_in(q.show_if)}
    assert by_country == CH_ONLY | FR_ONLY, "a new country-specific question: list it above"
    for country, question_ids in (("ch", CH_ONLY), ("fr", FR_ONLY)):
        laws = frameworks_for_country(country)
        for question_id in question_ids:
            question = bank.question(question_id)
            assert question is not None and question.compliance, question_id
            cited = {framework_of(article) for article in question.compliance}
            assert cited <= laws, f"{question_id} cites {sorted(cited - laws)}"


def cap_rule_questions() -> set[str]:
    """The scored questions the caps of verdict.yaml are about, read from the file itself: the
    rule's ``about``, else every question its condition reads (profile questions excepted)."""
    def read(condition: Any) -> set[str]:
        if not isinstance(condition, dict):
            return set()
        found = {condition["question"]} if "question" in condition else set()
        for child in [*condition.get("all", []), *condition.get("any", []),
                      condition.get("not")]:
            found |= read(child)
        return found
    rules = yaml.safe_load(VERDICT.read_text(encoding="utf-8"))["caps"]
    named = {qid for rule in rules for qid in (rule.get("about") or read(rule["when"]))}
    return {qid for qid in named if not qid.startswith("PRF-")}


def test_critical_questions_are_the_caps_and_matter(bank: Questionnaire) -> None:
    """A question is critical because a cap of verdict.yaml is about it (no `critical: true`
    in the theme files any more); each matters (an insurer topic or a weight of 3 or more), and
    its worst answer alone, everything else at its best, caps the level and puts its action
    first, as a critical one."""
    critical = {question.id for question in scored(bank) if question.critical}
    assert critical == cap_rule_questions()
    assert len(critical) >= 8
    for question_id in sorted(critical):
        question = bank.question(question_id)
        assert question is not None and question.action is not None, question_id
        assert question.insurer is not None or question.weight >= 3, question_id
        profile = next(p for p in (FULL_PROFILE, FRENCH_PROFILE, SMALL_PROFILE)
                       if question_id in visible(bank, best_answers(bank, p)))
        answers = {**best_answers(bank, profile), question_id: worst_answer(question)}
        result = score_assessment(bank, answers)
        assert result.level.number < 5, f"{question_id}: its worst answer caps nothing"
        assert [r.question.id for r in result.critical_gaps] == [question_id]
        plan = build_action_plan(result)
        assert plan[0].question.id == question_id, question_id
        assert plan[0].cap_level == result.level.number, question_id
        # critical when it holds the level at 3 or lower; at least high when it only keeps the
        # practice from "Exemplary" (a level-4 cap)
        wanted = Priority.CRITICAL if result.level.number <= 3 else Priority.HIGH
        assert plan[0].priority.rank <= wanted.rank, question_id


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
    # Only the follow-ups that wait for an answer (restore test, recovery time, recovery keys),
    # the no-provider question and the cloud vendor's backups (the software is local).
    assert hidden == {"BAK-06", "BAK-12", "BAK-11", "ENC-06", "ENC-07", "GOV-05", "BAK-09"}


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
    assert {"MED-10", "MED-11", "MED-02", "MED-03", "MED-12"} <= ecg_only
    assert not {"MED-04", "MED-05", "MED-06", "MED-07", "MED-08", "MED-09"} & ecg_only


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
    assert {"BAK-06", "BAK-12"} <= visible(bank, FULL_PROFILE, BAK_05="yes")
    assert not {"BAK-06", "BAK-12"} & visible(bank, FULL_PROFILE, BAK_05="no")
    assert "BAK-11" in visible(bank, FULL_PROFILE, BAK_10="partly")
    assert "BAK-11" not in visible(bank, FULL_PROFILE, BAK_10="no")
    assert {"ENC-06", "ENC-07"} <= visible(bank, FULL_PROFILE, ENC_03="partly")
    assert not {"ENC-06", "ENC-07"} & visible(bank, FULL_PROFILE, ENC_01="no", ENC_02="no",
                                                ENC_03="no")
    # The practice's own copy of the recovery keys is asked only when a provider holds them.
    without_provider = visible(bank, FULL_PROFILE, ENC_03="partly", PRF_PROVIDER="no")
    assert "ENC-06" in without_provider and "ENC-07" not in without_provider
    assert "ACC-08" not in visible(bank, FULL_PROFILE, PRF_SOFTWARE="none")


# --- scoring ---------------------------------------------------------------------------------

def real_answers(question: Question) -> list[AnswerValue]:
    """Every distinct kind of answer (not "I don't know" nor "not applicable"): each choice, each
    number band's lower end, and for a multiple question each choice alone and every
    non-exclusive choice together."""
    if question.type is QuestionType.NUMBER:
        assert question.number is not None
        return [float(band.min) for band in question.number.bands]
    if question.type is QuestionType.MULTIPLE:
        alone: list[AnswerValue] = [(c.value,) for c in question.choices]
        return [*alone, tuple(c.value for c in question.choices if not c.exclusive)]
    return list(question.option_scores())


def worth(question: Question, value: AnswerValue) -> float:
    score = value_score(question, value)
    assert score is not None, f"{question.id}: {value!r} does not count"
    return score


def best_answer(question: Question) -> AnswerValue:
    """The answer worth most, by score (a multiple question's exclusive "none" may be it)."""
    return max(real_answers(question), key=lambda value: worth(question, value))


def worst_answer(question: Question) -> AnswerValue:
    """The answer worth least, by score: a real one worth 0 when there is one, else "I don't
    know" where it is allowed."""
    candidates = real_answers(question) + ([UNKNOWN] if question.allow_unknown else [])
    return min(candidates, key=lambda value: worth(question, value))


def best_answers(bank: Questionnaire, profile: Mapping[str, AnswerValue]
                 ) -> dict[str, AnswerValue]:
    return {**profile, **{q.id: best_answer(q) for q in scored(bank)}}


@pytest.mark.parametrize("profile", [FULL_PROFILE, FRENCH_PROFILE, SMALL_PROFILE],
                         ids=["swiss-imaging", "french-imaging", "french-single-office"])
def test_best_answers_score_100_and_level_5(bank: Questionnaire,
                                            profile: dict[str, AnswerValue]) -> None:
    answers = best_answers(bank, profile)
    result = score_assessment(bank, answers)
    assert result.overall == pytest.approx(100.0)
    assert result.level.number == 5
    assert not result.critical_gaps and not result.gaps and result.is_complete
    assert not result.caps and not result.checks  # best answers never contradict each other


@pytest.mark.parametrize("profile", [FULL_PROFILE, FRENCH_PROFILE, SMALL_PROFILE],
                         ids=["swiss-imaging", "french-imaging", "french-single-office"])
def test_worst_answers_give_level_1(bank: Questionnaire, profile: dict[str, AnswerValue]) -> None:
    answers = {**profile, **{q.id: worst_answer(q) for q in scored(bank)}}
    result = score_assessment(bank, answers)
    assert result.overall == pytest.approx(0.0)
    assert result.level.number == 1
    assert result.critical_gaps


@pytest.mark.parametrize(("profile", "question_id", "answer", "level"), [
    (FULL_PROFILE, "BAK-05", "no", 3),  # never tried to restore a backup
    (FULL_PROFILE, "BAK-06", 13.0, 3),  # the last test restore is over a year old
    (FULL_PROFILE, "NET-09", ("rdp",), 2),  # Remote Desktop reachable from the internet
    (FULL_PROFILE, "RMT-01", "rdp_direct", 2),
    (FULL_PROFILE, "RMT-02", "no", 2),  # remote access without a second factor
    (SMALL_PROFILE, "ACC-05", "no", 3),  # online software and e-mail without MFA
    (FRENCH_PROFILE, "GDPR-04", "no", 3),  # health data outside a certified HDS host
], ids=["restore-never", "restore-old", "rdp-exposed", "rdp-direct", "remote-no-mfa",
        "online-no-mfa", "no-hds"])
def test_one_failed_critical_question_caps_an_otherwise_perfect_practice(
        bank: Questionnaire, profile: dict[str, AnswerValue], question_id: str,
        answer: AnswerValue, level: int) -> None:
    answers = {**best_answers(bank, profile), question_id: answer}
    result = score_assessment(bank, answers)
    assert result.overall is not None and result.overall > 90
    assert result.level.number == level
    assert question_id in {r.question.id for r in result.critical_gaps}


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
