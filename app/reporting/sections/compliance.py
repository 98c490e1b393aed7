"""Data protection: RGPD with the health-law articles of the public health and penal codes
(France), or nLPD + OPDo with professional secrecy and the electronic patient record act
(Switzerland), or both when asked: per article, its status and the answers behind it; and a
clear note that this is no legal opinion."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table

from app.domain.compliance import STATUS_LABELS, ArticleStatus, ComplianceStatus, Framework
from app.i18n import N_
from app.reporting import styles as st
from app.reporting.flowables import callout
from app.reporting.sections.common import (
    Layout,
    coloured,
    data_table,
    markup,
    p,
    question_cell,
    section_heading,
    sub_heading,
)
from app.reporting.text import Words, esc

TITLE = N_("Data protection compliance")
FRAMEWORK_TITLES: dict[Framework, str] = {
    Framework.RGPD: N_("RGPD — EU General Data Protection Regulation (2016/679)"),
    Framework.NLPD: N_("nLPD — Swiss Federal Act on Data Protection (revFADP)"),
    Framework.OPDO: N_("OPDo — Swiss Data Protection Ordinance"),
    Framework.CSP: N_("CSP — French Public Health Code (code de la santé publique)"),
    Framework.CPFR: N_("French Penal Code (code pénal)"),
    Framework.CPCH: N_("SCC — Swiss Criminal Code"),
    Framework.LDEP: N_("LDEP — Swiss Federal Act on the Electronic Patient Record (EPRA)"),
}
ARTICLE = N_("Art. {number}")
FULL_MARKS = N_("In place (full marks):")


def _article_table(layout: Layout, article: ArticleStatus) -> Table:
    """One table per article: the article and its status as the header row (repeated when the
    table runs onto the next page), one row per answer that holds it back, then the questions
    in place on one line. The questions in full are in the appendix."""
    s, w = layout.styles, layout.data.words
    title = (f"<b>{esc(w(ARTICLE).format(number=article.number))}</b>"
             f" — {esc(w(article.title))}")
    rows: list[list[object]] = [[
        markup(title, s.cell),
        markup(coloured(w(STATUS_LABELS[article.status]), st.STATUS_COLOURS[article.status],
                        bold=True), s.cell)]]
    full = [r for r in article.evidence if r.score is not None and r.score >= 1.0]
    for result in article.evidence:
        if result in full:
            continue
        answer = w.answer(result.question, result.value, result.status)
        rows.append([question_cell(layout, result.question.id, w.text(result.question.text),
                                   small=True),
                     markup(coloured(answer, st.worth_colour(result.score)), s.cell_small_ink)])
    if full:
        ids = ", ".join(r.question.id for r in full)
        rows.append([markup(f'<font color="#5B6B7B">{esc(w(FULL_MARKS))}</font> {esc(ids)}',
                            s.cell_small_ink), ""])
    widths = [st.CONTENT_WIDTH - 42 * st.MM, 42 * st.MM]
    return data_table(rows, widths, zebra=False, extra=[
        ("TOPPADDING", (0, 1), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, st.RULE),
    ])


def status_count(w: Words, status: ComplianceStatus, count: int) -> str:
    """"3 articles compliant", agreeing in number in every language ("5 partiellement
    conformes", not "5 partiellement conforme"). One literal call per status, for extraction."""
    if status is ComplianceStatus.COMPLIANT:
        text = w.ngettext("{count} article compliant", "{count} articles compliant", count)
    elif status is ComplianceStatus.PARTLY:
        text = w.ngettext("{count} article partly compliant",
                          "{count} articles partly compliant", count)
    elif status is ComplianceStatus.NOT_COMPLIANT:
        text = w.ngettext("{count} article not compliant", "{count} articles not compliant",
                          count)
    else:
        text = w.ngettext("{count} article to be checked", "{count} articles to be checked",
                          count)
    return text.format(count=count)


def _framework(layout: Layout, framework: Framework) -> list[Flowable]:
    s, w = layout.styles, layout.data.words
    articles = [a for a in layout.data.articles if a.framework is framework]
    story: list[Flowable] = [sub_heading(layout, w(FRAMEWORK_TITLES[framework]),
                                         f"compliance-{framework.value.lower()}")]
    if not articles:
        story.append(p(w(N_("No question asked bears on this framework.")), s.body))
        return story
    counts = [(status, sum(1 for a in articles if a.status is status))
              for status in ComplianceStatus]
    summary = " · ".join(coloured(status_count(w, status, count),
                                  st.STATUS_COLOURS[status], bold=count > 0)
                         for status, count in counts)
    story.append(markup(summary, s.small))
    story.append(Spacer(1, 2 * st.MM))
    for article in articles:
        story.append(_article_table(layout, article))
        story.append(Spacer(1, 3 * st.MM))
    return story


def build(layout: Layout) -> list[Flowable]:
    s, w = layout.styles, layout.data.words
    story: list[Flowable] = [
        section_heading(layout, w(TITLE), "compliance"),
        callout([
            markup("<b>" + esc(w(N_("A self-assessment, not a legal opinion"))) + "</b>", s.body),
            p(w(N_("This summary maps the practice's own answers onto the articles they bear "
                   "on. It is not a legal opinion and does not certify compliance; for that, "
                   "consult a data-protection specialist or your data protection officer.")),
              s.small),
        ], fill=st.PANEL, edge=st.TEAL),
        Spacer(1, 2 * st.MM),
        p(w(N_("An article is compliant when every answer behind it has full marks, not "
               "compliant when one of them is a clear “no”, to be checked when an answer is "
               "“I don't know” or still open, and partly compliant otherwise.")), s.small),
    ]
    for framework in layout.data.frameworks:
        story.extend(_framework(layout, framework))
    return story
