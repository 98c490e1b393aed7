"""Property tests: whatever happens to a signed report's bytes, verification answers sensibly.

Either a verification result (which never passes when a signed byte changed) or the app's own
error with a message — never another exception, never a traceback in the user's face.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.reporting.signatures import (
    IdentityInfo,
    LoadedIdentity,
    SignatureError,
    VerificationReport,
    verify_pdf,
)
from tests.signatures.helpers import PASSPHRASE

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@st.composite
def mutations(draw: st.DrawFn, size: int) -> list[tuple[str, int, bytes]]:
    kinds = st.sampled_from(["flip", "delete", "insert", "truncate", "overwrite"])
    return draw(st.lists(st.tuples(kinds, st.integers(0, size - 1), st.binary(min_size=1,
                                                                               max_size=16)),
                         min_size=1, max_size=4))


def _apply(data: bytes, changes: list[tuple[str, int, bytes]]) -> bytes:
    result = bytearray(data)
    for kind, where, blob in changes:
        where = min(where, max(len(result) - 1, 0))
        if kind == "flip" and result:
            result[where] ^= blob[0] or 1
        elif kind == "delete":
            del result[where:where + len(blob)]
        elif kind == "insert":
            result[where:where] = blob
        elif kind == "truncate":
            del result[where:]
        else:
            result[where:where + len(blob)] = blob
    return bytes(result)


def _verify(data: bytes) -> VerificationReport | SignatureError:
    """The result, or the app's own error (any other exception fails the test)."""
    try:
        return verify_pdf(data)
    except SignatureError as error:
        return error


@SETTINGS
@given(data=st.data())
def test_mutated_reports_give_a_result_or_our_error(countersigned: bytes,
                                                    data: st.DataObject) -> None:
    changes = data.draw(mutations(len(countersigned)))
    mutated = _apply(countersigned, changes)
    outcome = _verify(mutated)
    if isinstance(outcome, SignatureError):
        assert str(outcome).strip()  # a message for people


@pytest.fixture(scope="module")
def signed_ranges(signed: bytes) -> list[tuple[int, int]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    (signature,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    start1, length1, start2, length2 = (int(v) for v in signature.byte_range)
    return [(start1, start1 + length1), (start2, start2 + length2)]


@SETTINGS
@given(data=st.data())
def test_a_changed_signed_byte_never_passes(signed: bytes, signed_ranges: list[tuple[int, int]],
                                            data: st.DataObject) -> None:
    start, end = data.draw(st.sampled_from(signed_ranges))
    where = data.draw(st.integers(start, end - 1))
    mask = data.draw(st.integers(1, 255))
    mutated = bytearray(signed)
    mutated[where] ^= mask
    outcome = _verify(bytes(mutated))
    if isinstance(outcome, VerificationReport):
        assert not outcome.passed(require_trust=False)
    else:
        assert outcome.exit_code == 1  # damaged: a failed check, never "bad input"


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_signing_a_mutated_report_signs_or_says_why(report: bytes, auditor: IdentityInfo,
                                                    data: st.DataObject) -> None:
    from app.reporting.signatures import sign_pdf

    identity = _loaded(auditor)
    mutated = _apply(report, data.draw(mutations(len(report))))
    try:
        signed = sign_pdf(mutated, identity, "")
    except SignatureError as error:
        message = str(error)
    else:
        message = "signed"
        assert isinstance(verify_pdf(signed), VerificationReport)
    assert message.strip()


_IDENTITIES: dict[str, LoadedIdentity] = {}


def _loaded(identity: IdentityInfo) -> LoadedIdentity:
    from app.reporting.signatures import load_identity

    assert identity.path is not None
    key = str(identity.path)
    if key not in _IDENTITIES:
        _IDENTITIES[key] = load_identity(identity.path, PASSPHRASE)
    return _IDENTITIES[key]
