"""The report's document properties: what a PDF reader shows, and what ``verify`` reads back.

Besides title, author, subject, keywords and the catalog's /Lang, the /Info dictionary carries:

- ``/CyberCabinetFingerprint``: the assessment snapshot's fingerprint (SHA-256, 64 hex digits);
- ``/CyberCabinetAssessment``: the assessment id;
- ``/CyberCabinetQuestionnaire``: ``"<questionnaire id> <version>"`` (an id has no space).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pyhanko.pdf_utils.reader import PdfFileReader

INFO_FINGERPRINT = "CyberCabinetFingerprint"
INFO_ASSESSMENT = "CyberCabinetAssessment"
INFO_QUESTIONNAIRE = "CyberCabinetQuestionnaire"
# the same keys as app.reporting.signatures._common's: importing that package here would make
# every report import the signing modules (cryptography, ~70 ms)


@dataclass(frozen=True)
class ReportMetadata:
    fingerprint: str
    assessment_id: str
    questionnaire_id: str
    questionnaire_version: str


def custom_info(fingerprint: str, assessment_id: str, questionnaire_id: str,
                questionnaire_version: str) -> dict[str, str]:
    return {
        INFO_FINGERPRINT: fingerprint,
        INFO_ASSESSMENT: assessment_id,
        INFO_QUESTIONNAIRE: f"{questionnaire_id} {questionnaire_version}",
    }


def read_metadata(pdf: bytes) -> ReportMetadata | None:
    """The CyberCabinet keys of a report (signed or not), or ``None`` if it has none."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    try:
        info = reader.trailer["/Info"]
    except KeyError:
        return None
    values = {key: str(info.get("/" + key, "")) for key in
              (INFO_FINGERPRINT, INFO_ASSESSMENT, INFO_QUESTIONNAIRE)}
    if not values[INFO_FINGERPRINT]:
        return None
    questionnaire_id, _, version = values[INFO_QUESTIONNAIRE].partition(" ")
    return ReportMetadata(values[INFO_FINGERPRINT], values[INFO_ASSESSMENT], questionnaire_id,
                          version)
