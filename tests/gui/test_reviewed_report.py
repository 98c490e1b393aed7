"""The auditor's side end to end, as issue 8 asks: an assessment reviewed through the widgets,
its reviewed report exported from the window carries the review, the practice signs it in the
window, the auditor countersigns it in the window, and pyHanko validates both signatures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.assessment import AssessmentStatus
from app.domain.review import ReviewItemStatus
from app.gui.main_window import Page
from app.gui.report_dialogs import ExportDialog, SignDialog, SignRequest
from tests.gui.audit_helpers import completed, go_to, key, opened, review_page
from tests.gui.conftest import WindowFactory

pytestmark = pytest.mark.gui

PASSPHRASE = "correct horse battery staple"
AUDITOR = "Marc Keller"
OPINION = "Backups exist but were never restored: test a restore."


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Where each "save as" and "open" dialog answers, in the order they are asked."""
    out = tmp_path / "out"
    out.mkdir()
    paths = {"reviewed": out / "reviewed.pdf", "signed": out / "signed.pdf",
             "countersigned": out / "countersigned.pdf"}
    saves = iter([paths["reviewed"], paths["signed"], paths["countersigned"]])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(next(saves)), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(paths["signed"]), "")))
    return paths


@pytest.fixture
def no_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_parent: object, _title: str, text: str, *_a: object, **_k: object) -> None:
        pytest.fail(f"unexpected message: {text}")

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fail))


def _identity(name: str, role: str) -> Path:
    from app.reporting.signatures import create_identity

    identity = create_identity(name=name, role=role, practice="Cabinet du Lac",
                               email="someone@example.ch", passphrase=PASSPHRASE,
                               key_type="ec-p256")
    assert identity.path is not None
    return identity.path


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def test_reviewed_report_signed_by_the_practice_and_countersigned_by_the_auditor(
        qtbot: QtBot, open_window: WindowFactory, questionnaires: Path, db_url: str,
        files: dict[str, Path], no_messages: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.reporting.signatures import verify_pdf

    with opened(db_url) as store:
        assessment = completed(store)
    physician = _identity("Dr Anne Martin", "Physician")
    auditor = _identity(AUDITOR, "Auditor")
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, parent, default: "en"))
    monkeypatch.setattr(SignDialog, "ask", classmethod(
        lambda cls, parent, default: SignRequest(physician, PASSPHRASE, "en")))
    monkeypatch.setattr(SignDialog, "ask_countersign", classmethod(
        lambda cls, parent, default: SignRequest(auditor, PASSPHRASE, "en")))

    # The auditor reviews, through the widgets.
    window = open_window()
    qtbot.keyClick(window, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.current_page() is Page.AUDITOR
    listing = window.auditor.list_page
    assert listing is not None
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    page = review_page(window)
    qtbot.keyClicks(page.opinion.auditor_edit, AUDITOR)
    page.focus_list()
    go_to(qtbot, page, "BAK-01")
    key(qtbot, page, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, page, Qt.Key.Key_2)  # the proposal: "Partly" (the practice said "No")
    go_to(qtbot, page, "SRV-01")
    key(qtbot, page, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(page.opinion.opinion_edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.opinion.opinion_edit, OPINION)
    qtbot.mouseClick(page.opinion.concluded_box, Qt.MouseButton.LeftButton)
    assert page.session.verdict("BAK-01") is ReviewItemStatus.DISPUTED
    assert page.session.concluded

    # The reviewed report, exported from the review page, carries the review.
    with qtbot.waitSignal(window.reports.exported, timeout=60_000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    reviewed = _text(files["reviewed"])
    assert AUDITOR in reviewed and "restore" in reviewed, "the review section is in the report"

    # The practice signs it in its own pages.
    window.open_assessment(assessment)
    with qtbot.waitSignal(window.reports.signed, timeout=60_000):
        window.sign_report()
    assert window.store.load_snapshot(assessment).status is AssessmentStatus.SIGNED
    assert AUDITOR in _text(files["signed"]), "the practice signs the reviewed report"

    # The auditor countersigns the file the practice sent.
    window.nav_button(Page.REVIEW).click()
    assert window.current_page() is Page.REVIEW
    with qtbot.waitSignal(window.reports.countersigned, timeout=60_000):
        qtbot.mouseClick(review_page(window).countersign_button, Qt.MouseButton.LeftButton)

    report = verify_pdf(files["countersigned"].read_bytes())
    assert [s.field for s in report.signatures] == ["SignaturePractice", "SignatureAuditor"]
    assert all(s.intact for s in report.signatures), [s.problem for s in report.signatures]
    assert report.intact and report.assessment_id == assessment
    assert [s.signer.common_name for s in report.signatures if s.signer] == [
        "Dr Anne Martin", AUDITOR]
    assert window.store.load_snapshot(assessment).status is AssessmentStatus.REVIEWED
    locked = review_page(window)
    assert locked.session.read_only
    assert not locked.detail.verdict_button(ReviewItemStatus.CONFIRMED).isEnabled(), \
        "a countersigned review can no longer change"


def test_countersigning_refuses_what_is_not_the_practices_signed_report(
        qtbot: QtBot, open_window: WindowFactory, questionnaires: Path, db_url: str,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.domain.assessment import PracticeInfo
    from app.reporting.report import build_report

    shown: list[str] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _p, _t, text, *a, **k: shown.append(text)))
    auditor = _identity(AUDITOR, "Auditor")
    monkeypatch.setattr(SignDialog, "ask_countersign", classmethod(
        lambda cls, parent, default: SignRequest(auditor, PASSPHRASE, "en")))
    target = tmp_path / "countersigned.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    with opened(db_url) as store:
        assessment = completed(store)
        other = completed(store, "Autre cabinet")
        draft = store.create_assessment(store.create_practice(PracticeInfo("Brouillon")).id,
                                        "example", "en")
        unsigned, foreign = tmp_path / "unsigned.pdf", tmp_path / "foreign.pdf"
        for path, which in ((unsigned, assessment), (foreign, other)):
            snapshot = store.load_snapshot(which)
            path.write_bytes(build_report(snapshot, store.questionnaire(snapshot),
                                          language="en"))
    window = open_window()

    assert window.open_review(draft)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(
        lambda *a, **k: pytest.fail("no file is asked for a draft")))
    qtbot.mouseClick(review_page(window).countersign_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "still answering" in shown[0]

    assert window.open_review(assessment)
    for pdf, expected in ((unsigned, "no signature yet"), (foreign, "another assessment")):
        shown.clear()
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            staticmethod(lambda *a, pdf=pdf, **k: (str(pdf), "")))
        with qtbot.waitSignal(window.reports.busy_changed, timeout=60_000,
                              check_params_cb=lambda busy: not busy):
            qtbot.mouseClick(review_page(window).countersign_button,
                             Qt.MouseButton.LeftButton)
        assert len(shown) == 1 and expected in shown[0], shown
        assert not target.exists(), "nothing written"
    assert window.store.load_snapshot(assessment).status is AssessmentStatus.COMPLETED


def test_an_auditor_with_an_imported_copy_gets_the_file_and_a_note(
        qtbot: QtBot, open_window: WindowFactory, questionnaires: Path, db_url: str,
        tmp_path: Path, files: dict[str, Path], no_messages: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The practice signed in its own database: here the assessment is only completed."""
    from app.reporting.report import build_report
    from app.reporting.signatures import sign_pdf, verify_pdf

    physician = _identity("Dr Anne Martin", "Physician")
    auditor = _identity(AUDITOR, "Auditor")
    with opened(db_url) as store:
        assessment = completed(store)
        snapshot = store.load_snapshot(assessment)
        report = build_report(snapshot, store.questionnaire(snapshot), language="en")
    files["signed"].write_bytes(sign_pdf(report, physician, PASSPHRASE))
    next_save = iter([files["countersigned"]])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(next(next_save)), "")))
    monkeypatch.setattr(SignDialog, "ask_countersign", classmethod(
        lambda cls, parent, default: SignRequest(auditor, PASSPHRASE, "en")))
    window = open_window()
    assert window.open_review(assessment)
    with qtbot.waitSignal(window.reports.countersigned, timeout=60_000) as done:
        qtbot.mouseClick(review_page(window).countersign_button, Qt.MouseButton.LeftButton)
    assert done.args == [files["countersigned"], False]
    assert "not recorded here" in window.statusBar().currentMessage()
    checked = verify_pdf(files["countersigned"].read_bytes())
    assert len(checked.signatures) == 2 and checked.intact
    assert window.store.load_snapshot(assessment).status is AssessmentStatus.COMPLETED
