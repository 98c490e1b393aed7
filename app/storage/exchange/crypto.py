"""Passphrase protection of an exchange file: AES-256-GCM, the key derived by scrypt.

An exchange file describes a practice's weak spots. Protected, it is::

    header (41 bytes)                                   | ciphertext + 16-byte GCM tag
    "CCAB-ENC" | version 1 | kdf 1 (scrypt) | log2 N | r | p | salt (16) | nonce (12)

The whole header is the GCM's associated data: changing any byte of it (or of the ciphertext)
makes the tag check fail, exactly as a wrong passphrase does; the two cannot be told apart, and
the message says so. The scrypt parameters read from a file are bounded before use, so a forged
header cannot make the app spend gigabytes of memory.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.i18n import _
from app.storage.errors import ExchangeError, PassphraseNeededError, WrongPassphraseError

MAGIC = b"CCAB-ENC"
VERSION = 1
KDF_SCRYPT = 1
HEADER = struct.Struct(">8sBBBBB16s12s")
TAG_LENGTH = 16
KEY_LENGTH = 32  # AES-256


@dataclass(frozen=True)
class ScryptCost:
    log2_n: int = 17
    """N = 2^17, r = 8, p = 1: 128 MiB and about half a second, OWASP's recommendation."""
    r: int = 8
    p: int = 1


DEFAULT_COST = ScryptCost()
ACCEPTED_LOG2_N = range(14, 19)
ACCEPTED_R = range(1, 9)
ACCEPTED_P = range(1, 5)


def is_encrypted(data: bytes) -> bool:
    return data.startswith(MAGIC)


def encrypt(plaintext: bytes, passphrase: str, cost: ScryptCost = DEFAULT_COST) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    header = HEADER.pack(MAGIC, VERSION, KDF_SCRYPT, cost.log2_n, cost.r, cost.p, salt, nonce)
    key = _derive(passphrase, salt, cost)
    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def decrypt(data: bytes, passphrase: str | None) -> bytes:
    """The plaintext, or ``ExchangeError`` (damaged header), ``PassphraseNeededError``,
    ``WrongPassphraseError`` (wrong passphrase, or a changed file)."""
    if len(data) < HEADER.size + TAG_LENGTH:
        raise _damaged(_("it is shorter than its header"))
    magic, version, kdf, log2_n, r, p, salt, nonce = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise _damaged(_("it does not start as a protected exchange file does"))
    if version > VERSION:
        raise ExchangeError(
            _("The file was protected by a newer version of CyberCabinet (encryption format "
              "{version}); nothing was imported.").format(version=version),
            hint=_("Update CyberCabinet to import it."))
    if version != VERSION or kdf != KDF_SCRYPT or log2_n not in ACCEPTED_LOG2_N \
            or r not in ACCEPTED_R or p not in ACCEPTED_P:
        raise _damaged(_("its encryption header is not one CyberCabinet writes"))
    if passphrase is None:
        raise PassphraseNeededError(
            _("The exchange file is protected by a passphrase."),
            hint=_("Give it with --passphrase-file PATH or --passphrase-env VAR."))
    key = _derive(passphrase, salt, ScryptCost(log2_n, r, p))
    header = data[:HEADER.size]
    try:
        return AESGCM(key).decrypt(nonce, data[HEADER.size:], header)
    except InvalidTag:
        raise WrongPassphraseError(
            _("The passphrase is wrong, or the file was changed after it was protected; "
              "nothing was imported."),
            hint=_("Check the passphrase with the sender, or ask for the file again.")) from None


def _derive(passphrase: str, salt: bytes, cost: ScryptCost) -> bytes:
    try:
        secret = passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise ExchangeError(_("The passphrase holds characters that are not text.")) from None
    kdf = Scrypt(salt=salt, length=KEY_LENGTH, n=2 ** cost.log2_n, r=cost.r, p=cost.p)
    return kdf.derive(secret)


def _damaged(reason: str) -> ExchangeError:
    return ExchangeError(
        _("The exchange file is damaged or was changed: {reason}; nothing was imported.").format(
            reason=reason), hint=_("Ask the sender for the file again."))
