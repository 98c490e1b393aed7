"""Helpers shared by identities, signing and verification (internal).

- ``quiet_pyhanko``: pyHanko and its certificate validator log every untrusted certificate and
  every odd PDF construct as warnings with tracebacks; the user gets our report instead.
- ``open_pdf``: size, header, encryption and parse checks turned into our own errors.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from app.i18n import _
from app.reporting.signatures.errors import PdfDamaged, PdfNotAccepted

INFO_FINGERPRINT = "CyberCabinetFingerprint"
INFO_ASSESSMENT = "CyberCabinetAssessment"
INFO_QUESTIONNAIRE = "CyberCabinetQuestionnaire"
"""The report's own keys in the document information (``app.reporting.metadata`` writes them)."""

MAX_PDF_BYTES = 50 * 1024 * 1024
"""Reports are a few hundred kilobytes; anything beyond 50 MB is refused unread."""

_NOISY_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "fontTools")


@contextlib.contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """Silence pyHanko's (and fontTools') own logging for the duration of the block."""
    loggers = [logging.getLogger(name) for name in _NOISY_LOGGERS]
    saved = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, saved, strict=True):
            logger.setLevel(level)


def check_pdf_bytes(data: bytes) -> None:
    """Refuse, without parsing, what cannot be a report: too large, or not a PDF at all.

    A file that ends like a PDF but lost its header was damaged or altered (a failed check);
    one that neither starts nor ends like a PDF is something else (bad input).
    """
    if len(data) > MAX_PDF_BYTES:
        raise PdfNotAccepted(_("The file is too large to be a report ({size} MB; the limit is "
                               "{limit} MB).").format(size=len(data) // (1024 * 1024),
                                                      limit=MAX_PDF_BYTES // (1024 * 1024)))
    if b"%PDF-" not in data[:1024]:
        if b"%%EOF" in data[-1024:]:  # a PDF's end without its beginning: damaged, not foreign
            raise PdfDamaged(_("The PDF is damaged or was altered: its header is missing."))
        raise PdfNotAccepted(_("The file is not a PDF."))


def open_pdf(data: bytes) -> Any:
    """A pyHanko ``PdfFileReader`` over ``data``, or one of our errors, never another one.

    The reader is strict: an ambiguous or broken construct is refused rather than guessed at,
    as pyHanko's own ``sign validate`` does by default.
    """
    # lazy: pyHanko's reader takes ~0.12 s to import; listing identities does not need it
    from pyhanko.pdf_utils.reader import PdfFileReader

    check_pdf_bytes(data)
    try:
        with quiet_pyhanko():
            reader = PdfFileReader(BytesIO(data), strict=True)
            encrypted = reader.encrypted
            reader.root  # noqa: B018  (parses the catalog now, not later)
    except Exception as error:  # any parse failure of untrusted bytes
        raise PdfDamaged(_("The PDF is damaged, truncated or was altered: it cannot be read "
                           "({error}).").format(error=_short(error))) from error
    if encrypted:
        raise PdfNotAccepted(_("The PDF is encrypted: reports are never encrypted, so this is "
                               "not a report this app made."))
    return reader


def read_info(reader: Any) -> dict[str, str]:
    """The document Info dictionary as text (keys without the slash); empty when unreadable."""
    try:
        with quiet_pyhanko():
            info = reader.trailer_view.get("/Info")
            if info is None:
                return {}
            info = info.get_object()
            result: dict[str, str] = {}
            for key, value in info.items():
                value = value.get_object()
                if isinstance(value, str | bytes):
                    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    result[str(key).lstrip("/")] = text
            return result
    except Exception:  # a damaged Info dictionary is reported as "no information"
        return {}


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]
