"""What the sections share: the layout context, headings with bookmarks, tables, paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table

from app.domain.vocabulary import Priority
from app.reporting import styles as st
from app.reporting.flowables import Heading, Para, PlacedBox
from app.reporting.hyphenation import dictionary_code, narrow_style, soften
from app.reporting.model import ReportData
from app.reporting.text import esc

PRIORITY_COLOURS: dict[Priority, colors.Color] = {
    Priority.CRITICAL: st.RED,
    Priority.HIGH: st.ORANGE,
    Priority.MEDIUM: st.AMBER,
    Priority.LOW: st.SLATE,
}


# A row may split inside only when both parts are at least this high: enough that ordinary
# rows move whole to the next page, and that a row taller than a page (a very long note)
# still splits rather than overflow.
SPLIT_IN_ROW = 280


@dataclass
class Layout:
    """The data plus what the layout collects while the document is built."""

    data: ReportData
    signature_boxes: dict[str, PlacedBox] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    """Each section's number by key, set by the report from the sections it holds (the review
    section, when there is one, shifts the ones after it)."""

    @property
    def styles(self) -> st.Styles:
        return st.styles()


def section_heading(layout: Layout, title: str, key: str) -> Heading:
    """A numbered section title (level 0 of the outline)."""
    number = layout.numbers[key]
    text = f'<font color="#2B7A8C">{number}</font>\u00a0\u00a0{esc(title)}'
    return Heading(text, layout.styles.h1, key=key, title=f"{number}. {title}", level=0)


def sub_heading(layout: Layout, title: str, key: str, *, style_name: str = "h2") -> Heading:
    """A sub-section title (level 1 of the outline)."""
    style = getattr(layout.styles, style_name)
    return Heading(esc(title), style, key=key, title=title, level=1)


def p(text: str, style: object) -> Para:
    """A paragraph of plain text (escaped)."""
    return Para(esc(text), style)


def markup(text: str, style: object) -> Para:
    """A paragraph whose text already holds ReportLab markup (escape the parts yourself)."""
    return Para(text, style)


def coloured(text: str, colour: colors.Color, *, bold: bool = False) -> str:
    inner = f"<b>{esc(text)}</b>" if bold else esc(text)
    return f'<font color="{colour.hexval().replace("0x", "#")}">{inner}</font>'


def data_table(rows: Sequence[Sequence[object]], widths: Sequence[float], *,
               header: bool = True, zebra: bool = True,
               extra: Sequence[tuple[object, ...]] = ()) -> Table:
    """A table that splits across pages with its header repeated, in the report's style."""
    table = Table([list(r) for r in rows], colWidths=list(widths),
                  repeatRows=1 if header else 0, hAlign="LEFT", splitInRow=SPLIT_IN_ROW)
    style = st.grid_table_style(header=header, zebra=zebra)
    for command in extra:
        style.add(*command)
    table.setStyle(style)
    return table


def head_cells(layout: Layout, titles: Sequence[str]) -> list[Flowable]:
    return [Para(esc(t), layout.styles.cell_head) for t in titles]


def soft(layout: Layout, text: str) -> str:
    """``text`` with soft hyphens in its long words, for narrow columns (``hyphenation``)."""
    words = layout.data.words
    return soften(text, dictionary_code(words.language, words.country))


def answer_cell(layout: Layout, answer: str, worth: float | None, note: str = "", *,
                scored: bool = True, hyphenate: bool = False) -> list[Flowable]:
    """An answer in its colour (bold when short), the note under it. ``hyphenate``: for a
    narrow column, break long words at syllables."""
    s = layout.styles
    cell_style, note_style = s.cell, s.cell_small
    bold = len(answer) <= 40
    note = note.strip()
    if hyphenate:
        answer, note = soft(layout, answer), soft(layout, note)
        cell_style, note_style = narrow_style(cell_style), narrow_style(note_style)
    colour = st.worth_colour(worth) if scored else st.INK
    cell: list[Flowable] = [markup(coloured(answer, colour, bold=bold), cell_style)]
    if note:
        cell.append(markup(f"<i>{esc(note)}</i>", note_style))
    return cell


def question_cell(layout: Layout, question_id: str, text: str, *, small: bool = False,
                  hyphenate: bool = False) -> Flowable:
    """A question's text led by its id in grey: "BAK-01  Do you back up daily?".
    ``hyphenate``: for a narrow column, break long words at syllables."""
    style = layout.styles.cell_small_ink if small else layout.styles.cell
    if hyphenate:
        text, style = soft(layout, text), narrow_style(style)
    return markup(f'<font size="7" color="#5B6B7B">{esc(question_id)}</font>\u00a0\u00a0'
                  f"{esc(text)}", style)
