"""Data-protection and health-law articles, and the status the answers give each one.

A question lists the articles it bears on (``compliance: [RGPD:32, nLPD:8, CPCH:321]``): the
data-protection laws (RGPD in France; nLPD and its ordinance, the OPDo, in Switzerland) and the
health-specific legal bases beside them (France: the public health code, CSP, and the penal
code's professional secrecy, CPFR; Switzerland: professional secrecy in the criminal code, CPCH,
and the electronic patient record act, LDEP). An article's
status comes from the answers of the asked questions that cite it: all full marks → compliant;
any "no" → not compliant; an "I don't know" with no "no" → to be checked; otherwise partly.
This is a self-assessment, never a legal opinion: the report says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from app.domain.scoring import AnswerStatus, AssessmentScore, QuestionResult
from app.i18n import N_


class Framework(StrEnum):
    RGPD = "RGPD"
    CSP = "CSP"
    """French public health code (code de la santé publique)."""
    CPFR = "CPFR"
    """French penal code (code pénal): professional secrecy."""
    NLPD = "nLPD"
    OPDO = "OPDo"
    CPCH = "CPCH"
    """Swiss criminal code (Strafgesetzbuch / code pénal suisse): professional secrecy."""
    LDEP = "LDEP"
    """Swiss Federal Act on the Electronic Patient Record (EPDG / LDEP, SR 816.1)."""


class ComplianceStatus(StrEnum):
    COMPLIANT = "compliant"
    PARTLY = "partly"
    NOT_COMPLIANT = "not_compliant"
    TO_CHECK = "to_check"


STATUS_LABELS: dict[ComplianceStatus, str] = {
    ComplianceStatus.COMPLIANT: N_("Compliant"),
    ComplianceStatus.PARTLY: N_("Partly compliant"),
    ComplianceStatus.NOT_COMPLIANT: N_("Not compliant"),
    ComplianceStatus.TO_CHECK: N_("To be checked"),
}

ARTICLES: dict[str, str] = {
    "RGPD:5": N_("Principles relating to processing of personal data"),
    "RGPD:9": N_("Processing of special categories of data (health)"),
    "RGPD:12": N_("Transparent information for the data subject"),
    "RGPD:13": N_("Information to be provided where data are collected from the data subject"),
    "RGPD:14": N_("Information to be provided where data have not been obtained from the data "
                  "subject"),
    "RGPD:15": N_("Right of access by the data subject"),
    "RGPD:16": N_("Right to rectification"),
    "RGPD:17": N_("Right to erasure"),
    "RGPD:24": N_("Responsibility of the controller"),
    "RGPD:25": N_("Data protection by design and by default"),
    "RGPD:28": N_("Processor"),
    "RGPD:29": N_("Processing under the authority of the controller"),
    "RGPD:30": N_("Records of processing activities"),
    "RGPD:32": N_("Security of processing"),
    "RGPD:33": N_("Notification of a breach to the supervisory authority"),
    "RGPD:34": N_("Communication of a breach to the data subject"),
    "RGPD:35": N_("Data protection impact assessment"),
    "RGPD:37": N_("Designation of the data protection officer"),
    "RGPD:44": N_("Transfers to third countries"),
    "CSP:L1110-4": N_("Private life and secrecy of the patient's health information"),
    "CSP:L1111-7": N_("Patient's access to their health information"),
    "CSP:L1111-8": N_("Hosting of health data by a certified host (HDS)"),
    "CSP:L1115-1": N_("Penalty for hosting health data without certification"),
    "CPFR:226-13": N_("Breach of professional secrecy"),
    "nLPD:6": N_("Principles (lawfulness, proportionality, retention)"),
    "nLPD:7": N_("Data protection by design and by default"),
    "nLPD:8": N_("Data security"),
    "nLPD:9": N_("Processing by processors"),
    "nLPD:12": N_("Records of processing activities"),
    "nLPD:16": N_("Disclosure abroad"),
    "nLPD:19": N_("Duty to inform when collecting personal data"),
    "nLPD:22": N_("Data protection impact assessment"),
    "nLPD:24": N_("Notification of data security breaches"),
    "nLPD:25": N_("Right of access"),
    "nLPD:32": N_("Rectification and erasure"),
    "OPDo:1": N_("Principles of data security"),
    "OPDo:2": N_("Objectives of data security"),
    "OPDo:3": N_("Technical and organisational measures"),
    "OPDo:4": N_("Logging"),
    "OPDo:5": N_("Processing regulations of private persons"),
    "OPDo:7": N_("Processing by processors"),
    "CPCH:321": N_("Breach of professional secrecy"),
    "LDEP:7": N_("Electronic identity of patients and health professionals"),
    "LDEP:9": N_("Access rights to the electronic patient record"),
    "LDEP:11": N_("Certification of communities and of issuers of means of identification"),
}


def framework_of(article: str) -> Framework:
    return Framework(article.split(":", 1)[0])


def article_sort_key(article: str) -> tuple[str, tuple[int, ...], str]:
    """Articles in the order of the law: ``RGPD:9`` before ``RGPD:12``, ``CSP:L1110-4`` before
    ``CSP:L1111-7`` before ``CSP:L1115-1``, ``CPFR:226-13`` as 226 then 13."""
    framework, number = article.split(":", 1)
    parts = tuple(int(digits) for digits in re.findall(r"\d+", number))
    return framework, parts or (0,), number


def article_number(article: str) -> str:
    """The article's number as the law writes it: ``L. 1110-4`` for the French codes'
    legislative articles (``CSP:L1110-4``), the number itself otherwise (``32``, ``226-13``)."""
    number = article.split(":", 1)[1]
    match = re.fullmatch(r"([A-Z])(\d.*)", number)
    return f"{match.group(1)}. {match.group(2)}" if match else number


@dataclass(frozen=True)
class ArticleStatus:
    article: str
    status: ComplianceStatus
    evidence: list[QuestionResult]
    """The asked questions behind the status, in questionnaire order."""

    @property
    def framework(self) -> Framework:
        return framework_of(self.article)

    @property
    def number(self) -> str:
        return article_number(self.article)

    @property
    def title(self) -> str:
        return ARTICLES.get(self.article, "")


def _status(results: list[QuestionResult]) -> ComplianceStatus:
    counted = [r for r in results if r.score is not None]
    if any(r.status is AnswerStatus.UNANSWERED for r in results):
        return ComplianceStatus.TO_CHECK
    if any(r.status is AnswerStatus.ANSWERED and r.score == 0.0 for r in counted):
        return ComplianceStatus.NOT_COMPLIANT
    if any(r.status is AnswerStatus.UNKNOWN for r in counted):
        return ComplianceStatus.TO_CHECK
    if all((r.score or 0.0) >= 1.0 for r in counted):
        return ComplianceStatus.COMPLIANT if counted else ComplianceStatus.TO_CHECK
    return ComplianceStatus.PARTLY


def compliance_summary(score: AssessmentScore,
                       frameworks: set[Framework]) -> list[ArticleStatus]:
    """One status per article of ``frameworks`` that an asked question cites."""
    by_article: dict[str, list[QuestionResult]] = {}
    for result in score.results:
        if result.status in (AnswerStatus.HIDDEN, AnswerStatus.NOT_APPLICABLE):
            continue
        for article in result.question.compliance:
            if framework_of(article) in frameworks:
                by_article.setdefault(article, []).append(result)
    return [ArticleStatus(article, _status(results), results)
            for article, results in sorted(by_article.items(),
                                           key=lambda item: article_sort_key(item[0]))]


def frameworks_for_country(country: str | None) -> set[Framework]:
    """Swiss practices answer to the nLPD and its ordinance, professional secrecy in the Swiss
    criminal code and the electronic patient record act; French ones to the RGPD, the public
    health code and professional secrecy in the French penal code."""
    if (country or "").upper() == "CH":
        return {Framework.NLPD, Framework.OPDO, Framework.CPCH, Framework.LDEP}
    return {Framework.RGPD, Framework.CSP, Framework.CPFR}
