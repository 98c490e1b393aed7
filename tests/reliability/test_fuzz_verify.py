"""``cybercabinet verify`` fed with a real signed report, mutated: a verdict or our own error.

The report is the app's own (conftest: answered through the facade, rendered by app.reporting,
signed with sign_pdf). Hypothesis flips bits, truncates, inserts and overwrites bytes — anywhere,
and more often in the last kilobytes where the signature dictionary, the cross-reference table
and the trailer are. Each mutated file goes through the real command (``app.cli.main.main``):

- the exit code is 0 (verified), 1 (a check failed: damaged, altered, signature broken) or 2
  (not a PDF, too large…) — nothing else, with a one-line message on stderr for 1 and 2 when it
  is an error, never a traceback, never "internal error";
- a file whose signed bytes changed never passes (exit 0);
- the file given is never modified.

Also ``verify_pdf`` itself: a ``VerificationReport`` or a ``SignatureError``, nothing else.
Each test counts its outcomes and fails unless the mutations reached both kinds of verdict (a file
refused, a signature found broken). Counts are printed with ``-s``;
``CYBERCABINET_FUZZ_EXAMPLES`` raises them (docs/reliability.md).
"""

from __future__ import annotations

import io
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli.main import main
from tests.reliability.conftest import SignedReport

EXAMPLES = int(os.environ.get("CYBERCABINET_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        size = len(data)
        near_end = draw(st.booleans())
        low = max(0, size - 4096) if near_end else 0
        where = draw(st.integers(low, size - 1))
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "overwrite", "delete",
                                     "duplicate"]))
        if kind == "flip":
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[where:]
        elif kind == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "overwrite":
            blob = draw(st.binary(min_size=1, max_size=64))
            data[where:where + len(blob)] = blob
        elif kind == "delete":
            del data[where:where + draw(st.integers(1, 64))]
        else:
            length = draw(st.integers(1, 512))
            data[where:where] = data[where:where + length]
    return bytes(data)


def _signed_ranges(pdf: bytes) -> list[tuple[int, int]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    start1, length1, start2, length2 = (int(v) for v in signature.byte_range)
    return [(start1, start1 + length1), (start2, start2 + length2)]


@pytest.fixture(scope="module")
def ranges(signed_report: SignedReport) -> list[tuple[int, int]]:
    return _signed_ranges(signed_report.pdf)


def _show(what: str, tally: Counter[str], request: pytest.FixtureRequest,
          capsys: pytest.CaptureFixture[str]) -> None:
    """The figures for docs/reliability.md, with ``pytest -s``."""
    if request.config.getoption("capture") == "no":
        with capsys.disabled():
            print(f"\nverify fuzz, {what}: {sum(tally.values())} mutated reports; "
                  f"outcomes {dict(sorted(tally.items()))}")


def test_verify_command_on_mutated_reports(signed_report: SignedReport, tmp_path: Path,
                                           ranges: list[tuple[int, int]],
                                           request: pytest.FixtureRequest,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    tally: Counter[str] = Counter()

    @FUZZ
    @given(data=st.data())
    def verify_one(data: st.DataObject) -> None:
        pdf = data.draw(mutated(signed_report.pdf))
        path = tmp_path / "mutated.pdf"
        path.write_bytes(pdf)
        code = main(["verify", str(path), "--db", str(tmp_path / "none.sqlite3")])
        out, err = capsys.readouterr()
        tally[f"exit {code}"] += 1
        assert code in (0, 1, 2), (code, err)
        assert "Traceback" not in err + out and "internal error" not in err, err
        if err:
            assert err.startswith("cybercabinet: error: ") and len(err.splitlines()) == 1, err
        if code == 0:
            # Passing is allowed only if every signed byte is where it was and unchanged.
            original = signed_report.pdf
            assert all(pdf[a:b] == original[a:b] for a, b in ranges), "a changed report passed"
        assert path.read_bytes() == pdf, "verify changed the file"

    verify_one()
    _show("the command", tally, request, capsys)
    # The mutations reached both verdicts: refused as a file (2) and a signature check that
    # failed (1). A fuzzer whose files all stop at the first byte would prove nothing.
    assert tally["exit 1"] and tally["exit 2"], tally
    assert sum(tally.values()) >= EXAMPLES // 2, tally


def test_verify_pdf_gives_a_report_or_our_error(signed_report: SignedReport,
                                                request: pytest.FixtureRequest,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from app.reporting.signatures import SignatureError, VerificationReport, verify_pdf

    tally: Counter[str] = Counter()

    @FUZZ
    @given(data=st.data())
    def verify_one(data: st.DataObject) -> None:
        pdf = data.draw(mutated(signed_report.pdf))
        try:
            outcome: VerificationReport | SignatureError = verify_pdf(pdf)
        except SignatureError as error:
            outcome = error
        if isinstance(outcome, SignatureError):
            tally[type(outcome).__name__] += 1
            assert str(outcome).strip()
            return
        assert isinstance(outcome, VerificationReport)
        tally["report passed" if outcome.passed(require_trust=False) else "report failed"] += 1

    verify_one()
    _show("verify_pdf", tally, request, capsys)
    # Some mutated files were read as signed PDFs and their signature found broken (a report
    # that failed), others refused with our error: both paths were exercised.
    assert tally["report failed"], tally
    assert sum(v for k, v in tally.items() if not k.startswith("report ")), tally
    assert sum(tally.values()) >= EXAMPLES // 2, tally
