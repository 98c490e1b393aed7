"""Reading a paragraph's markup once per shape, not once per paragraph.

A report sets ~1,100 paragraphs, nearly all made by the same few helpers: a question id in grey
then its text, an answer in its colour and bold, a label then a value. ReportLab reads each one
with ``html.parser`` and resolves every ``color="#5B6B7B"`` through its slowest colour path:
~20 % of a report's time. The fragments it makes depend only on the tags and on where the text
runs are, not on the text itself. So the text is cut into tags and text runs here (a regular
expression), each run is replaced by a placeholder, ReportLab's own parser reads that skeleton
once per style, and each paragraph gets copies of those fragments with its own text put back.

Only the markup the report writes is read this way: ``<b>``, ``<i>``, ``<font …>`` with
double-quoted attributes, ``<br/>`` and the entities ``&amp; &lt; &gt; &quot;``, which split
the text as ``html.parser`` does (one fragment per run, one per entity). Anything else (another
tag, a stray ``<`` or ``&``, a character of the placeholders' private-use range, a style that
transforms the text) returns ``None``: ReportLab then reads the text itself, as before.

Measured gain (issue 20: kept for >= 10 %): 63 ms of 0.58 s, 11 % of the report + signature
row (CPU, median of 41 paired rounds; five runs gave 10.5-12.9 %: near the line), with
``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hack_gains.py report``. It calls ReportLab's
``ParaParser.parse`` and copies its fragments (reportlab pinned;
tests/reporting/test_reportlab_contract.py checks the parser and that the report's bytes are
the same without this module).
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any

from reportlab.platypus.paraparser import ParaParser

_TOKEN = re.compile(
    r'<(?:/?(?:b|i|font)|br)(?:\s+[a-z]+="[^"<>&]*")*\s*/?>'  # a tag the report writes
    r"|&(?:amp|lt|gt|quot);"  # an entity ``esc`` writes
    r"|[<&\ue000-\uf8ff]"  # anything else that is markup, or a placeholder: not for us
)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_FIRST = 0xE000
"""Placeholders are private-use characters, written as character references."""
_MOST = 0x1000


@lru_cache(maxsize=256)
def _skeleton_frags(skeleton: str, style: Any) -> tuple[tuple[Any, int | None], ...] | None:
    """ReportLab's fragments for ``skeleton``, each with the run it stands for (or ``None``)."""
    parser = ParaParser()
    parser.caseSensitive = 1
    _style, frags, bullet = parser.parse(skeleton, style)
    if frags is None or bullet or _style is not style:
        return None
    result: list[tuple[Any, int | None]] = []
    for frag in frags:
        text = getattr(frag, "text", "")
        if len(text) == 1 and _FIRST <= ord(text) < _FIRST + _MOST:
            result.append((frag, ord(text) - _FIRST))
        elif text:
            return None  # text the skeleton did not put there: let ReportLab read it
        else:
            result.append((frag, None))  # a line break's
    # one fragment per run, in order, as html.parser gives them
    if [index for _frag, index in result if index is not None] != list(
            range(skeleton.count("&#"))):
        return None
    return tuple(result)


def fragments(text: str, style: Any) -> list[Any] | None:
    """ReportLab's fragments for ``text`` (already cleaned of line breaks), or ``None`` when
    this text needs ReportLab's own parser."""
    if getattr(style, "textTransform", None):
        return None
    parts: list[str] = []
    runs: list[str] = []

    def run(value: str) -> None:
        parts.append(f"&#{_FIRST + len(runs)};")
        runs.append(value)

    position = 0
    for match in _TOKEN.finditer(text):
        start, token = match.start(), match.group()
        if start > position:
            run(text[position:start])
        if token[0] == "<":
            if len(token) == 1:
                return None
            parts.append(token)
        elif token[0] == "&":
            if len(token) == 1:
                return None
            run(_ENTITIES[token])
        else:
            return None
        position = match.end()
    if position < len(text):
        run(text[position:])
    if not runs or len(runs) >= _MOST:
        return None
    skeleton = _skeleton_frags("".join(parts), style)
    if skeleton is None:
        return None
    frags = []
    for frag, index in skeleton:
        mine = copy.copy(frag)
        if index is not None:
            mine.text = runs[index]
        frags.append(mine)
    return frags
