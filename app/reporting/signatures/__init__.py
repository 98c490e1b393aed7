"""Real PDF signatures (PAdES) for reports: identities, signing, countersigning, verification.

No Qt, no database: the faces (CLI, GUI) open the identity file, hand over the PDF bytes and
write what comes back. pyHanko and ``cryptography`` do all the cryptography.

    create_identity(...) / import_identity(path, passphrase)   -> IdentityInfo
    sign_pdf(pdf, identity, passphrase, ...)                    -> signed bytes (practice)
    countersign(pdf, identity, passphrase, ...)                 -> signed bytes (auditor)
    verify_pdf(pdf, trust=[certificate, ...])                   -> VerificationReport
"""

from app.reporting.signatures._common import INFO_ASSESSMENT, INFO_FINGERPRINT, INFO_QUESTIONNAIRE
from app.reporting.signatures.errors import (
    CertificateNotUsable,
    IdentityError,
    NotAReport,
    PdfDamaged,
    PdfNotAccepted,
    SignatureError,
    SigningFailed,
    WrongPassphrase,
)
from app.reporting.signatures.identity import (
    KEY_TYPES,
    IdentityInfo,
    LoadedIdentity,
    check_certificate,
    create_identity,
    describe_certificate,
    export_certificate_pem,
    import_identity,
    list_identities,
    load_certificates,
    load_identity,
)
from app.reporting.signatures.sign import (
    AUDITOR_FIELD,
    PRACTICE_FIELD,
    countersign,
    make_timestamper,
    sign_pdf,
)
from app.reporting.signatures.verify import (
    SignatureReport,
    SignerInfo,
    TrustStatus,
    VerificationReport,
    verify_pdf,
)

__all__ = [
    "AUDITOR_FIELD",
    "INFO_ASSESSMENT",
    "INFO_FINGERPRINT",
    "INFO_QUESTIONNAIRE",
    "KEY_TYPES",
    "PRACTICE_FIELD",
    "CertificateNotUsable",
    "IdentityError",
    "IdentityInfo",
    "LoadedIdentity",
    "NotAReport",
    "PdfDamaged",
    "PdfNotAccepted",
    "SignatureError",
    "SignatureReport",
    "SignerInfo",
    "SigningFailed",
    "TrustStatus",
    "VerificationReport",
    "WrongPassphrase",
    "check_certificate",
    "countersign",
    "create_identity",
    "describe_certificate",
    "export_certificate_pem",
    "import_identity",
    "list_identities",
    "load_certificates",
    "load_identity",
    "make_timestamper",
    "sign_pdf",
    "verify_pdf",
]
