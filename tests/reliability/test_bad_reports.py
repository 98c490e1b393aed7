"""``cybercabinet verify`` on files that are not what they claim: one line, the right exit code.

Exit 2 for what is not a report at all (not a PDF, empty, enormous, a folder, missing); exit 1
for a report that was truncated or altered (a failed check, which is what the insurer must see);
0 for the untouched report. The file is never modified, and nothing is written anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from tests.reliability.conftest import SignedReport


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (and no time to write)."""
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(size)


def _middle_flip(pdf: bytes) -> bytes:
    data = bytearray(pdf)
    data[len(data) // 3] ^= 0x20
    return bytes(data)


def _text_changed(pdf: bytes) -> bytes:
    """A word of the report replaced by another of the same length (a forger's edit)."""
    index = pdf.find(b"/Producer")
    assert index > 0
    return pdf[:index] + b"/Producex" + pdf[index + len(b"/Producer"):]


CASES: dict[str, tuple[Callable[[bytes, Path], None], int, str]] = {
    # name: (write the file from the signed report, exit code, what stderr or stdout says)
    "untouched": (lambda pdf, p: p.write_bytes(pdf), 0, ""),
    "truncated-half": (lambda pdf, p: p.write_bytes(pdf[: len(pdf) // 2]), 1, "damaged"),
    "truncated-end": (lambda pdf, p: p.write_bytes(pdf[:-200]), 1, "damaged"),
    "header-cut": (lambda pdf, p: p.write_bytes(pdf[100:]), 1, "header is missing"),
    "byte-flipped": (lambda pdf, p: p.write_bytes(_middle_flip(pdf)), 1, ""),
    "info-tampered": (lambda pdf, p: p.write_bytes(_text_changed(pdf)), 1, ""),
    "not-a-pdf": (lambda pdf, p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4000)), 2,
                  "not a PDF"),
    "text-file": (lambda pdf, p: p.write_text("Rapport de cybersécurité\n" * 100,
                                              encoding="utf-8"), 2, "not a PDF"),
    "empty": (lambda pdf, p: p.write_bytes(b""), 2, "not a PDF"),
    "enormous": (lambda pdf, p: _sparse(p, 3 * 1024 ** 3), 2, "too large"),
    "a-folder": (lambda pdf, p: p.mkdir(), 2, "is a folder"),
    "missing": (lambda pdf, p: None, 2, "no such file"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_verify_answers_every_kind_of_file(case: str, signed_report: SignedReport,
                                           tmp_path: Path, data_home: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    write, expected_code, expected_text = CASES[case]
    path = tmp_path / "report.pdf"
    write(signed_report.pdf, path)
    before = path.read_bytes() if path.is_file() and path.stat().st_size < 10 ** 8 else None
    listing = sorted(p.name for p in tmp_path.iterdir())
    home = sorted(str(p.relative_to(data_home)) for p in data_home.rglob("*")
                  if "logs" not in p.parts)

    code = main(["verify", str(path)])
    out, err = capsys.readouterr()

    assert code == expected_code, (out, err)
    assert "Traceback" not in out + err and "internal error" not in err
    if expected_code == 2:
        assert out == "" and err.startswith("cybercabinet: error: ")
        assert len(err.splitlines()) == 1, err
    assert expected_text in out + err
    if before is not None:
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    assert sorted(str(p.relative_to(data_home)) for p in data_home.rglob("*")
                  if "logs" not in p.parts) == home, "verify wrote to the data folder"
