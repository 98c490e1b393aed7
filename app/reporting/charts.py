"""The two charts: a radar of theme scores for the summary, bars for the theme section.

Every label gets the Vera font explicitly (``fonts.register_fonts`` also makes it the default),
so no chart pulls in a non-embedded Helvetica.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reporting import styles as st
from app.reporting.fonts import BOLD, REGULAR

RINGS = (25, 50, 75, 100)


def _wrap_label(text: str, width: float, size: float) -> str:
    """Break a label into lines of at most ``width`` points (charts' labels do not wrap)."""
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", REGULAR, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines[:3])


def radar_chart(labels: list[str], scores: list[float | None], *, width: float,
                height: float, margin: float = 24) -> Drawing:
    """Theme scores (0..100) on spokes, with faint rings at 25, 50, 75 and 100.

    ``labels`` should be short (the themes' numbers, with a legend beside the chart): a dozen
    theme titles around a circle overlap whatever their size.
    """
    drawing = Drawing(width, height)
    chart = SpiderChart()
    size = min(width, height) - 2 * margin
    chart.width = chart.height = size
    chart.x = (width - size) / 2
    chart.y = (height - size) / 2
    values = [s if s is not None else 0.0 for s in scores]
    chart.data = [[float(ring)] * len(values) for ring in RINGS] + [values]
    chart.labels = [_wrap_label(label, 90, 7.5) for label in labels]
    chart.strands.strokeWidth = 0.5
    chart.strands.fillColor = None
    for index in range(len(RINGS)):
        chart.strands[index].strokeColor = st.RULE
        chart.strands[index].strokeWidth = 0.8 if index == len(RINGS) - 1 else 0.4
        chart.strands[index].fillColor = None
    scores_strand = chart.strands[len(RINGS)]
    scores_strand.strokeColor = st.TEAL
    scores_strand.strokeWidth = 1.6
    scores_strand.fillColor = colors.Color(st.TEAL.red, st.TEAL.green, st.TEAL.blue, alpha=0.22)
    scores_strand.symbol = "FilledCircle"
    scores_strand.symbolSize = 4
    chart.spokes.strokeColor = st.RULE
    chart.spokes.strokeWidth = 0.4
    chart.spokes.labelRadius = 1.1
    chart.spokeLabels.fontName = BOLD
    chart.spokeLabels.fontSize = 7.5
    chart.spokeLabels.fillColor = st.NAVY
    chart.strandLabels.fontName = REGULAR
    chart.strandLabels.fontSize = 6
    drawing.add(chart)
    return drawing


def bar_chart(labels: list[str], scores: list[float | None], *, width: float,
              label_width: float = 150) -> Drawing:
    """One horizontal bar per theme, 0..100, coloured by score band, value at the bar's end."""
    bar_height = 10 if len(labels) > 8 else 14
    height = max(60, len(labels) * bar_height * 1.5 + 30)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 20
    chart.width = width - label_width - 30
    chart.height = height - 28
    values = [s if s is not None else 0.0 for s in scores]
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [_wrap_label(label, label_width - 12, 7.5)
                                        for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.fillColor = st.INK
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -6
    chart.categoryAxis.strokeColor = st.RULE
    chart.categoryAxis.visibleTicks = False
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = st.MUTED
    chart.valueAxis.strokeColor = st.RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = st.RULE
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barWidth = bar_height
    chart.groupSpacing = bar_height * 0.5
    chart.bars.strokeColor = None
    for index, value in enumerate(reversed(scores)):
        chart.bars[(0, index)].fillColor = st.score_colour(value)
    drawing.add(chart)
    # the value at the end of each bar
    step = chart.height / max(1, len(values))
    for index, value in enumerate(reversed(scores)):
        shown = "—" if value is None else f"{round(value)}"
        x = chart.x + chart.width * (value or 0.0) / 100.0 + 4
        y = chart.y + step * (index + 0.5) - 3
        drawing.add(String(x, y, shown, fontName=BOLD, fontSize=7.5, fillColor=st.INK))
    return drawing
