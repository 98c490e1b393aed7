"""What can go wrong with identities, signing and verification, in words meant for people.

Every failure raised by this package is a ``SignatureError`` (a ``CyberCabinetError``): the CLI
prints it on one line, the GUI shows it in a dialog. Bad input (a wrong passphrase, a file that
is not a PDF, an expired certificate) exits 2; a report whose bytes were damaged or altered so
that its signatures cannot even be read is a failed check and exits 1.
"""

from __future__ import annotations

from app.errors import CheckFailed, CyberCabinetError, ValidationError


class SignatureError(CyberCabinetError):
    """Root of every error of the signatures package."""


class IdentityError(SignatureError, ValidationError):
    """A signing identity (PKCS#12 file) cannot be used: unreadable, wrong, incomplete."""


class WrongPassphrase(IdentityError):
    """The passphrase does not open the identity."""


class CertificateNotUsable(IdentityError):
    """The certificate is expired, not yet valid, or not allowed to sign documents."""


class PdfNotAccepted(SignatureError, ValidationError):
    """The input is not a PDF we can work on: not a PDF, too large, encrypted, not a report."""


class NotAReport(PdfNotAccepted):
    """The PDF is not a CyberCabinet report (it carries no assessment fingerprint)."""


class PdfDamaged(SignatureError, CheckFailed):
    """The file starts like a PDF but cannot be read: truncated, damaged or altered."""


class SigningFailed(SignatureError):
    """Signing could not be completed (field already signed, timestamping service down…)."""
