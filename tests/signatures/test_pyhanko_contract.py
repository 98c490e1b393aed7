"""Signing overrides pyHanko's ``SimpleSigner.sign_raw`` to sign with the identity's key already
opened (``sign._open_key_signer``): it stays only while it pays (issue 20: at least 10 % of the
report + signature row; the gain is written beside it). These tests catch pyHanko changing
under it: the overridden method and what it calls are there with the same signatures, pyHanko
still reaches the signature through ``sign_raw``, the override's signatures are pyHanko's own,
and pyHanko is the version pinned in pyproject.toml."""

from __future__ import annotations

import inspect
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.sign import signers
from pyhanko_certvalidator import util

from app.reporting.signatures import IdentityInfo, load_identity, sign_pdf, verify_pdf
from app.reporting.signatures import sign as sign_module
from tests.signatures.helpers import PASSPHRASE

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
DATA = b"signed attributes of a CMS signature" * 10


def pinned(distribution: str) -> str:
    found = re.search(rf'"{re.escape(distribution)}(?:\[[^\]]*\])?==([^";]+)"',
                      PYPROJECT.read_text(encoding="utf-8"))
    assert found, f"{distribution} is not pinned with == in pyproject.toml"
    return found.group(1)


@pytest.mark.parametrize("distribution", ["pyhanko", "pyhanko-certvalidator"])
def test_pyhanko_is_the_pinned_version(distribution: str) -> None:
    assert version(distribution) == pinned(distribution)


def test_the_overridden_method_and_its_helpers_are_there() -> None:
    assert list(inspect.signature(signers.SimpleSigner.sign_raw).parameters) == [
        "self", "data", "digest_algorithm"]
    assert list(inspect.signature(signers.SimpleSigner.__init__).parameters)[:4] == [
        "self", "signing_cert", "signing_key", "cert_registry"]
    assert callable(signers.SimpleSigner.get_signature_mechanism_for_digest)
    assert callable(util.get_pyca_cryptography_hash)
    # pyHanko's asynchronous signing goes through sign_raw, where the override sits
    assert "self.sign_raw(" in inspect.getsource(signers.SimpleSigner.async_sign_raw)


def test_the_overrides_rsa_signature_is_pyhankos(physician: IdentityInfo) -> None:
    assert physician.path is not None
    signer = sign_module._simple_signer(load_identity(physician.path, PASSPHRASE))
    plain = signers.SimpleSigner(signing_cert=signer.signing_cert,
                                 signing_key=signer.signing_key,
                                 cert_registry=signer.cert_registry)
    # RSA PKCS#1 v1.5 is deterministic: the same bytes
    assert signer.sign_raw(DATA, "sha256") == plain.sign_raw(DATA, "sha256")


def test_the_overrides_ecdsa_signature_verifies(auditor: IdentityInfo) -> None:
    assert auditor.path is not None
    identity = load_identity(auditor.path, PASSPHRASE)
    signature = sign_module._simple_signer(identity).sign_raw(DATA, "sha256")
    public = identity.certificate.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(signature, DATA, ec.ECDSA(hashes.SHA256()))  # raises if wrong


def test_signing_a_report_never_opens_the_key_again(
        report: bytes, physician: IdentityInfo, monkeypatch: pytest.MonkeyPatch) -> None:
    """pyHanko's own sign_raw reads the key from DER at every signature: were the override no
    longer reached, this would fail."""
    assert physician.path is not None
    identity = load_identity(physician.path, PASSPHRASE)

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("pyHanko opened the private key again")

    monkeypatch.setattr(serialization, "load_der_private_key", refused)
    signed = sign_pdf(report, identity, "")
    monkeypatch.undo()
    (signature,) = verify_pdf(signed, trust=[]).signatures
    assert signature.intact
