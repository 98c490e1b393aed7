"""A draft started on the bank's 2026.1 continues on 2026.2: unchanged answers carried over,
changed questions asked again, the report saying which version it used; and the page of
questions the practice hands to its IT provider."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli.main import main
from app.domain.catalog import get_entry

OLD = get_entry("cabinet-medical", "2026.1").questionnaire
NEW = get_entry("cabinet-medical").questionnaire


def _out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0, args
    return capsys.readouterr().out.strip()


def test_a_2026_1_draft_continues_on_2026_2(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    assert NEW.version == "2026.2" and OLD.version == "2026.1"
    practice = _out(capsys, "practice", "add", "Cabinet du Lac", "--country", "CH")
    draft = _out(capsys, "assessment", "new", practice, "--version", "2026.1")
    for question_id, value in (("PRF-SERVER", "yes"), ("PRF-REMOTE", "yes"),
                               ("ACC-01", "partly"), ("NET-04", "no"), ("BAK-05", "yes")):
        _out(capsys, "assessment", "answer", draft, question_id, value)
    assert main(["assessment", "new", "--from", draft]) == 0
    captured = capsys.readouterr()
    continued = captured.out.strip()
    assert "carried over to version 2026.2" in captured.err
    shown = json.loads(_out(capsys, "assessment", "show", continued, "--json"))
    assert shown["questionnaire"]["version"] == "2026.2"
    kept = shown["answers"]
    assert kept["PRF-SERVER"]["value"] == "yes" and kept["BAK-05"]["value"] == "yes"
    assert "NET-04" not in kept, "NET-04 is not in 2026.2: its replacement NET-09 is asked"
    assert "NET-09" in shown["unanswered"]
    # the draft on 2026.1 is still there, unchanged
    old = json.loads(_out(capsys, "assessment", "show", draft, "--json"))
    assert old["answers"]["NET-04"]["value"] == "no"
    report = tmp_path / "report.pdf"
    _out(capsys, "report", continued, "-o", str(report), "--lang", "fr")
    text = "".join(page.extract_text() for page in PdfReader(report).pages[:2])
    assert "2026.2" in text


def test_the_provider_page_lists_the_technical_questions(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    practice = _out(capsys, "practice", "add", "Cabinet des Alpes", "--country", "CH")
    assessment = _out(capsys, "assessment", "new", practice)
    _out(capsys, "assessment", "answer", assessment, "PRF-SERVER", "yes")
    target = tmp_path / "provider.pdf"
    said = _out(capsys, "provider-questions", assessment, "-o", str(target), "--lang", "fr")
    assert str(target) in said
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    technical = [q.id for q in NEW.all_questions() if q.ask_it_provider]
    assert len(technical) >= 15
    assert "Questions pour votre prestataire informatique" in text or \
        "Questions for your IT provider" in text
    assert "NET-10" in text  # the server's updates: asked, since the practice has a server
    # once answered it is no longer open; --all lists it again, with its answer
    _out(capsys, "assessment", "answer", assessment, "NET-10", "yes")
    _out(capsys, "provider-questions", assessment, "-o", str(target))
    assert "NET-10" not in "".join(page.extract_text() for page in PdfReader(target).pages)
    _out(capsys, "provider-questions", assessment, "-o", str(target), "--all")
    assert "NET-10" in "".join(page.extract_text() for page in PdfReader(target).pages)
    assert main(["provider-questions", assessment, "-o", str(tmp_path)]) == 2
