"""The question bank in four languages: complete, faithful in its figures, in local terms.

The loader already refuses a declared language with a missing text; these tests add what a
careful reviewer checks by hand: every figure of the French source (days, hours, characters,
copies) survives in each translation, Swiss German spells "ss", and each translation names the
laws as practices in its country do (nLPD / revDSG / nLPD, RGPD / DSGVO / GDPR).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.consistency import localized_fields
from app.domain.loader import load_questionnaire
from app.domain.questionnaire import LocalizedText, Questionnaire
from app.i18n import gettext_for

BANK = Path(__file__).parents[1] / "questionnaires" / "cabinet-medical"
TRANSLATIONS = ("de", "it", "en")
NUMBER = re.compile(r"\d+")
# Where a translation says the figure in words, as its language does ("rund um die Uhr").
FIGURES_SAID_IN_WORDS = {("INS-01", "guidance", "de"), ("INS-01", "guidance", "en")}
# French term in the source → what each translation must use instead.
LAW_TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "nLPD": {"de": ("DSG",), "it": ("LPD",), "en": ("FADP",)},
    "RGPD": {"de": ("DSGVO",), "it": ("RGPD",), "en": ("GDPR",)},
    "PFPDT": {"de": ("EDÖB",), "it": ("IFPDT",), "en": ("FDPIC",)},
}


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_questionnaire(BANK)


def texts(bank: Questionnaire) -> Iterator[tuple[str, str, LocalizedText]]:
    for theme in bank.themes:
        yield f"theme {theme.id}", "title", theme.title
        if theme.description is not None:
            yield f"theme {theme.id}", "description", theme.description
    for question in bank.all_questions():
        for path, text in localized_fields(question):
            yield question.id, path, text


def test_the_bank_is_offered_in_four_languages(bank: Questionnaire) -> None:
    assert bank.languages == ["fr", "de", "it", "en"]


def test_every_text_exists_in_every_language(bank: Questionnaire) -> None:
    missing = [(where, path, language) for where, path, text in texts(bank)
               for language in bank.languages if not str(text.get(language, "")).strip()]
    assert missing == []


def test_translations_keep_every_figure(bank: Questionnaire) -> None:
    wrong = []
    for where, path, text in texts(bank):
        source = sorted(NUMBER.findall(text["fr"]))
        for language in TRANSLATIONS:
            figures = sorted(NUMBER.findall(text[language]))
            if figures != source and (where, path, language) not in FIGURES_SAID_IN_WORDS:
                wrong.append((where, path, language, source, figures))
    assert wrong == []


def test_swiss_german_writes_ss(bank: Questionnaire) -> None:
    assert [(where, path) for where, path, text in texts(bank) if "ß" in text["de"]] == []


def test_laws_are_named_as_each_country_does(bank: Questionnaire) -> None:
    wrong = []
    for where, path, text in texts(bank):
        for term, expected in LAW_TERMS.items():
            if term not in text["fr"]:
                continue
            for language, spellings in expected.items():
                if not any(spelling in text[language] for spelling in spellings):
                    wrong.append((where, path, language, term))
    assert wrong == []


def test_the_practice_is_called_what_each_country_calls_it(bank: Questionnaire) -> None:
    wrong = [(where, path) for where, path, text in texts(bank)
             if "Kabinett" in text["de"] or "gabinetto" in text["it"].lower()]
    assert wrong == []


@pytest.mark.parametrize(("french", "english"), [
    ("Je ne sais pas", "I don't know"), ("Non applicable", "Not applicable")])
def test_quoted_answers_are_the_labels_on_the_buttons(bank: Questionnaire, french: str,
                                                      english: str) -> None:
    """When a text says « answer 'I don't know' », it names the button as the interface does."""
    wrong = []
    for where, path, text in texts(bank):
        if f"« {french} »" not in text["fr"].replace("\u00a0", " "):
            continue
        for language in TRANSLATIONS:
            if gettext_for(language, english) not in text[language]:
                wrong.append((where, path, language))
    assert wrong == []
