"""RGPD and nLPD articles, and the status the answers give each one.

A question lists the articles it bears on (``compliance: [RGPD:32, nLPD:8]``). An article's
status comes from the answers of the asked questions that cite it: all full marks → compliant;
any "no" → not compliant; an "I don't know" with no "no" → to be checked; otherwise partly.
This is a self-assessment, never a legal opinion: the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.scoring import AnswerStatus, AssessmentScore, QuestionResult
from app.i18n import N_


class Framework(StrEnum):
    RGPD = "RGPD"
    NLPD = "nLPD"
    OPDO = "OPDo"


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
    "RGPD:15": N_("Right of access by the data subject"),
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
}


def framework_of(article: str) -> Framework:
    return Framework(article.split(":", 1)[0])


def article_sort_key(article: str) -> tuple[str, int, str]:
    framework, number = article.split(":", 1)
    digits = "".join(ch for ch in number if ch.isdigit())
    return framework, int(digits or 0), number


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
        return self.article.split(":", 1)[1]

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
    """Swiss practices answer to the nLPD and its ordinance; French ones to the RGPD."""
    if (country or "").upper() == "CH":
        return {Framework.NLPD, Framework.OPDO}
    return {Framework.RGPD}
