"""What the report says: sections, practice, score, actions, fingerprint, draft, accents."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.action_plan import build_action_plan
from app.domain.answers import Answer
from app.domain.assessment import ActionItemState, ActionStatus, AssessmentSnapshot
from app.domain.compliance import Framework
from app.domain.questionnaire import Questionnaire, text_in
from app.domain.scoring import score_assessment
from app.domain.vocabulary import Owner, Priority
from app.errors import ValidationError
from app.i18n import format_date, gettext_for
from app.reporting import sections
from app.reporting.fonts import REGULAR, clean, fonts_dir
from app.reporting.metadata import read_metadata
from app.reporting.model import build_report_data
from app.reporting.sections import (
    actions,
    appendix,
    compliance,
    insurers,
    signatures,
    summary,
    themes,
)
from app.reporting.watermark import draft_word
from tests.reporting.conftest import (
    ACCENT_NOTE,
    COMPLETE,
    PRACTICE,
    render,
    snapshot_of,
)
from tests.reporting.helpers import ACCENTS_DE, ACCENTS_FR, ACCENTS_IT, GENERATED_AT
from tests.reporting.pdf_reading import flat, full_text, page_texts

SECTION_TITLES = [summary.TITLE, themes.TITLE, actions.TITLE, compliance.TITLE,
                  insurers.TITLE, appendix.TITLE, signatures.TITLE]


def test_every_section_title_practice_and_score_are_printed(
        complete_pdf: bytes, complete: AssessmentSnapshot,
        questionnaire: Questionnaire) -> None:
    text = flat(full_text(complete_pdf))
    for title in SECTION_TITLES:
        assert title in text
    assert PRACTICE.name in text
    assert "1205 Genève" in text
    score = score_assessment(questionnaire, complete.values)
    assert score.overall is not None
    assert f"{round(score.overall)} / 100" in text
    assert f"Level {score.level.number}" in text


def test_every_action_title_is_in_the_plan(complete_pdf: bytes, complete: AssessmentSnapshot,
                                           questionnaire: Questionnaire) -> None:
    text = flat(full_text(complete_pdf))
    plan = build_action_plan(score_assessment(questionnaire, complete.values))
    assert len(plan) == 5
    for planned in plan:
        assert text_in(planned.action.title, "en") in text
    # the choice's own action ("Hand over the updates"), not the question's
    assert "Hand over the updates" in text
    assert "Organise updates" not in text


def test_the_fingerprint_is_on_the_cover_in_every_footer_and_in_the_metadata(
        complete_pdf: bytes, complete: AssessmentSnapshot) -> None:
    fingerprint = complete.fingerprint
    pages = page_texts(complete_pdf)
    assert all(fingerprint in flat(page) for page in pages)
    assert flat(pages[0]).count(fingerprint) >= 2  # cover table and footer
    metadata = read_metadata(complete_pdf)
    assert metadata is not None
    assert metadata.fingerprint == fingerprint
    assert metadata.assessment_id == complete.id
    assert (metadata.questionnaire_id, metadata.questionnaire_version) == ("example", "1.0")


def test_the_fingerprint_changes_when_one_answer_changes(
        questionnaire: Questionnaire, complete: AssessmentSnapshot, complete_pdf: bytes) -> None:
    changed = snapshot_of(questionnaire, {**COMPLETE, "BAK-02": Answer(1.0)})
    pdf = render(changed, questionnaire)
    assert changed.fingerprint != complete.fingerprint
    other = read_metadata(pdf)
    assert other is not None and other.fingerprint == changed.fingerprint
    assert changed.fingerprint in flat(full_text(pdf))
    assert complete.fingerprint not in flat(full_text(pdf))


def test_every_page_has_header_and_page_x_of_y(complete_pdf: bytes) -> None:
    pages = page_texts(complete_pdf)
    date = clean(format_date(GENERATED_AT.date(), "en", country="CH"))
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert PRACTICE.name in text
        assert f"Page {number} / {len(pages)}" in text
        assert date in text


@pytest.mark.parametrize(("language", "word"),
                         [("fr", "BROUILLON"), ("de", "ENTWURF"), ("it", "BOZZA"), ("en", "DRAFT")])
def test_a_draft_carries_the_translated_watermark_on_every_page(
        incomplete: AssessmentSnapshot, questionnaire: Questionnaire, language: str,
        word: str) -> None:
    assert draft_word(language) == word
    pdf = render(incomplete, questionnaire, language)
    pages = page_texts(pdf)
    assert all(word in page.replace(" ", "") for page in pages)
    open_count = gettext_for(language, "Draft: {count} question is still open.")
    assert flat(open_count.format(count=1)) in flat(pages[0])


def test_a_complete_assessment_has_no_watermark(complete: AssessmentSnapshot,
                                                questionnaire: Questionnaire) -> None:
    for language, word in (("fr", "BROUILLON"), ("en", "DRAFT")):
        text = full_text(render(complete, questionnaire, language)).replace(" ", "")
        assert word not in text
    assert "is still open" not in flat(full_text(render(complete, questionnaire, "en")))


@pytest.mark.parametrize("language", ["fr", "de", "it"])
def test_accents_of_french_german_and_italian_survive(
        incomplete: AssessmentSnapshot, questionnaire: Questionnaire, language: str) -> None:
    text = flat(full_text(render(incomplete, questionnaire, language)))
    assert PRACTICE.name in text
    assert flat(ACCENT_NOTE) in text
    for accents in (ACCENTS_FR, ACCENTS_DE, ACCENTS_IT):
        assert all(ch in text for ch in accents.replace(" ", ""))
    assert "Hameçonnage" in text  # content falls back to French where it has no translation


def test_every_printed_character_has_a_glyph_in_vera(draft_pdf: bytes) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    glyphs = TTFont(REGULAR, str(fonts_dir() / "Vera.ttf")).face.charToGlyph
    missing = {ch for ch in full_text(draft_pdf) if not ch.isspace() and ord(ch) not in glyphs}
    assert not missing


def test_the_french_narrow_space_is_replaced() -> None:
    assert clean("1\u202f234\u00a0%") == "1\u00a0234\u00a0%"


def test_swiss_practice_gets_nlpd_and_opdo_french_gets_rgpd(
        questionnaire: Questionnaire, complete_pdf: bytes) -> None:
    text = flat(full_text(complete_pdf))
    assert "nLPD — Swiss Federal Act" in text and "OPDo — Swiss" in text
    assert "RGPD — EU General" not in text
    assert "not a legal opinion" in text
    both = flat(full_text(render(snapshot_of(questionnaire, COMPLETE), questionnaire,
                                 frameworks={Framework.RGPD, Framework.NLPD})))
    assert "RGPD — EU General" in both and "nLPD — Swiss" in both and "OPDo —" not in both


def test_country_comes_from_the_profile_when_the_practice_has_none(
        questionnaire: Questionnaire) -> None:
    from dataclasses import replace

    practice = replace(PRACTICE, country="")
    french = {**COMPLETE, "PRF-COUNTRY": Answer("fr")}
    text = flat(full_text(render(snapshot_of(questionnaire, french, practice=practice),
                                 questionnaire)))
    assert "RGPD — EU General" in text and "nLPD" not in text.replace("nLPD:", "")


def test_action_dates_and_owner_come_from_the_practice_when_it_set_them(
        questionnaire: Questionnaire) -> None:
    state = ActionItemState("AWR-01", Owner.IT_PROVIDER, Priority.MEDIUM,
                            due_date=dt.date(2027, 1, 15), status=ActionStatus.IN_PROGRESS,
                            comment="Formation prévue chez « CyberÉcole »")
    snapshot = snapshot_of(questionnaire, COMPLETE, actions={"AWR-01": state})
    text = flat(full_text(render(snapshot, questionnaire)))
    assert "15 Jan 2027" in text
    assert "In progress" in text
    assert "Formation prévue chez « CyberÉcole »" in text
    # without a state: the suggested date from the priority (30 days for critical)
    assert snapshot.updated_at is not None
    assert "3 Dec 2026" in text  # 2026-11-03 + 30 days


def test_appendix_lists_answers_notes_and_questions_not_asked(
        questionnaire: Questionnaire) -> None:
    no_server = {"PRF-COUNTRY": Answer("ch"), "PRF-SERVER": Answer("no"),
                 "BAK-01": Answer("yes"), "BAK-02": Answer("unknown"),
                 "AWR-01": Answer("not_applicable", "Cabinet sans personnel")}
    text = flat(full_text(render(snapshot_of(questionnaire, no_server), questionnaire)))
    assert "Questions not asked" in text
    assert "Is the server in a locked room?" in text
    assert "Not applicable" in text and "Cabinet sans personnel" in text
    assert "I don't know" in text


def test_long_texts_wrap_and_tables_split_without_overflow(
        questionnaire: Questionnaire) -> None:
    from dataclasses import replace

    long_note = " ".join(f"Ligne {n} d’une très longue note sur la sauvegarde." for n in
                         range(400))
    practice = replace(PRACTICE, name="Cabinet " + "très " * 40 + "long",
                       address="\n".join(f"Bâtiment {n}" for n in range(8)))
    answers = {**COMPLETE, "BAK-01": Answer("partly", long_note)}
    pdf = render(snapshot_of(questionnaire, answers, practice=practice), questionnaire)
    text = flat(full_text(pdf))
    assert "Ligne 0 d’une" in text and "Ligne 399 d’une" in text


def test_unsupported_language_is_refused(complete: AssessmentSnapshot,
                                         questionnaire: Questionnaire) -> None:
    with pytest.raises(ValidationError):
        render(complete, questionnaire, "es")


def test_sections_are_small_modules() -> None:
    from pathlib import Path

    root = Path(sections.__file__).parent.parent
    for path in root.rglob("*.py"):
        if "signatures" in path.relative_to(root).parts[:-1]:
            continue  # the signature engineer's package
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path



def test_an_assessment_without_any_answer_still_makes_a_report(
        questionnaire: Questionnaire) -> None:
    from dataclasses import replace

    empty = replace(snapshot_of(questionnaire, {}), created_at=None, updated_at=None)
    text = flat(full_text(render(empty, questionnaire)))
    assert "— / 100" in text
    assert "No answer counts yet" in text
    assert "DRAFT" in text.replace(" ", "")
    assert "No action so far: every question answered has full marks." in text
    assert "critical question is still open" in text


@pytest.mark.parametrize(("language", "opening", "closing", "last_joint"), [
    ("en", "“", "”", " and "), ("fr", "«\u00a0", "\u00a0»", " et "),
    ("de", "„", "“", " und "), ("it", "«", "»", " e ")])
def test_the_summary_names_the_top_actions_as_a_sentence_of_the_reports_language(
        complete: AssessmentSnapshot, questionnaire: Questionnaire, language: str,
        opening: str, closing: str, last_joint: str) -> None:
    """Read aloud, the three actions are quoted titles joined as the language joins a list,
    not a '; '-separated run of capitalised titles."""
    data = build_report_data(complete, questionnaire, language=language, frameworks=None,
                             generated_at=GENERATED_AT)
    titles = [f"{opening}{data.words.text(row.planned.action.title)}{closing}"
              for row in data.actions[:3]]
    assert len(titles) == 3
    assert f"{titles[0]}, {titles[1]}{last_joint}{titles[2]}." in summary.read_aloud(data)
