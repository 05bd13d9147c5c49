"""QtCharts line charts for the Progress page: weekly accuracy per domain, mock-exam scores by date.

Charts draw only what core's frozen values hold (`DomainSeries`, `MockRow`); they never query.
Colours come from the active palette (light or dark), re-read whenever the palette or font
changes, so a theme switch never leaves a dark chart on a light page. Series differ by line style
as well as colour, and the legend is made of ordinary wrapped labels (a QChart legend elides long
domain names at large text sizes), so nothing depends on colour alone or gets cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QVBoxLayout, QWidget

from quizapp.core.percent import percent
from quizapp.core.stats.rows import MockRow
from quizapp.core.stats.shape import DomainSeries
from quizapp.ui.widgets.common import label

# Categorical line colours with at least 4.5:1 contrast on each theme's base colour.
LIGHT_SERIES = ("#1f5f9b", "#b8560f", "#1e7a44", "#8e3b8f", "#a3352a", "#0b7a80", "#6b5a00", "#5a4fcf")
DARK_SERIES = ("#6cb4ff", "#ffa657", "#6fdc9a", "#e59be6", "#ff8a7a", "#4fd1d9", "#e3c65b", "#b3a8ff")
LINE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
MARKER_SIZE = 7.0
STYLE_WORDS = {Qt.PenStyle.SolidLine: "solid line", Qt.PenStyle.DashLine: "dashed line",
               Qt.PenStyle.DotLine: "dotted line", Qt.PenStyle.DashDotLine: "dash-dot line"}


@dataclass(frozen=True)
class ChartColours:
    """What a chart paints with, read from the application palette at the moment of painting."""

    background: QColor
    text: QColor
    grid: QColor
    series: tuple[str, ...]

    @property
    def dark(self) -> bool:
        return self.background.lightnessF() < 0.5


def chart_colours() -> ChartColours:
    palette = QApplication.palette()
    background = palette.color(QPalette.ColorRole.Base)
    dark = background.lightnessF() < 0.5
    return ChartColours(background, palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Mid),
                        DARK_SERIES if dark else LIGHT_SERIES)


def series_pen(colours: ChartColours, index: int, width: float = 2.5) -> QPen:
    pen = QPen(QColor(colours.series[index % len(colours.series)]))
    pen.setWidthF(width)
    pen.setStyle(LINE_STYLES[(index // 2) % len(LINE_STYLES)] if index else Qt.PenStyle.SolidLine)
    return pen


def _msecs(moment: datetime) -> float:
    return float(int(moment.timestamp() * 1000))




class _LegendEntry(QWidget):
    """A short sample of a series' line beside its name, so the legend reads without colour."""

    def __init__(self, text: str) -> None:
        super().__init__()
        row = QGridLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setHorizontalSpacing(8)
        self.sample = QLabel()
        self.text = label(text)
        row.addWidget(self.sample, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.text, 0, 1)
        row.setColumnStretch(1, 1)

    def paint_sample(self, pen: QPen) -> None:
        height = max(12, self.text.fontMetrics().height())
        pixmap = QPixmap(36, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.drawLine(2, height // 2, 34, height // 2)
        painter.end()
        self.sample.setPixmap(pixmap)
        self.sample.setFixedSize(pixmap.size())


class ChartPanel(QWidget):
    """A chart with its own legend, or a sentence saying why there is nothing to draw yet."""

    LEGEND_COLUMNS = 2
    POINT_LABELS = False  # write each point's value beside it (few points only)

    def __init__(self, name: str, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart.setBackgroundRoundness(0)
        self.chart.setMargins(QMargins(4, 8, 12, 4))
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(name)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table below holds the same figures
        self.view.setFrameShape(QChartView.Shape.NoFrame)
        self.legend = QWidget()
        self.legend_grid = QGridLayout(self.legend)
        self.legend_grid.setContentsMargins(0, 0, 0, 0)
        self.legend_grid.setHorizontalSpacing(24)
        self.empty = label(empty_text, role="muted", name=f"{name}: no data")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.view)
        column.addWidget(self.legend)
        column.addWidget(self.empty)
        # Axes and series are made once and reused: QtCharts deletes removed ones only when the
        # event loop next runs, and until then their stale labels stay in the picture.
        self.x_axis = QCategoryAxis()
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.y_axis = QValueAxis()
        self.y_axis.setRange(0, 100)
        self.y_axis.setTickCount(6)
        self.y_axis.setLabelFormat("%d%")
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self._pool: list[QLineSeries] = []
        self._lines: list[QLineSeries] = []
        self._entries: list[_LegendEntry] = []
        self._restyling = False
        self._size_view()
        self._set_empty(True)

    # -- drawing -------------------------------------------------------------------------------
    def _set_empty(self, empty: bool) -> None:
        self.view.setVisible(not empty)
        self.legend.setVisible(not empty and bool(self._entries))
        self.empty.setVisible(empty)

    def _clear(self) -> None:
        for series in self._pool:
            series.clear()
            series.setVisible(False)
        self._lines.clear()
        for text in self.x_axis.categoriesLabels():
            self.x_axis.remove(text)
        while self.legend_grid.count():
            item = self.legend_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self._entries.clear()

    def _add_line(self, name: str, points: Sequence[tuple[float, float]]) -> None:
        if len(self._lines) == len(self._pool):
            series = QLineSeries()
            series.setPointsVisible(True)
            series.setPointLabelsVisible(self.POINT_LABELS)
            series.setPointLabelsFormat("@yPoint%")
            series.setPointLabelsClipping(False)
            self.chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
            self._pool.append(series)
        series = self._pool[len(self._lines)]
        series.setName(name)
        series.replace([QPointF(x, y) for x, y in points])
        series.setVisible(True)
        self._lines.append(series)
        entry = _LegendEntry(name)
        index = len(self._entries)
        self.legend_grid.addWidget(entry, index // self.LEGEND_COLUMNS, index % self.LEGEND_COLUMNS)
        self._entries.append(entry)

    def _finish(self, description: str) -> None:
        self.view.setAccessibleDescription(description)
        self.restyle()
        self._set_empty(not self._lines)

    # -- palette and size ----------------------------------------------------------------------
    def restyle(self) -> None:
        """Repaints with the current palette and font (theme or text size changed)."""
        if self._restyling:
            return
        self._restyling = True
        try:
            colours = chart_colours()
            font = QFont(self.font())
            self.chart.setBackgroundBrush(colours.background)
            self.chart.setPlotAreaBackgroundVisible(False)
            self.view.setBackgroundBrush(colours.background)
            for axis in self.chart.axes():
                axis.setLabelsBrush(colours.text)
                axis.setLabelsFont(font)
                axis.setLinePen(QPen(colours.grid))
                axis.setGridLinePen(QPen(colours.grid, 1, Qt.PenStyle.DotLine))
                axis.setTitleBrush(colours.text)
            for index, series in enumerate(self._lines):
                pen = series_pen(colours, index)
                series.setPen(pen)
                series.setColor(pen.color())
                series.setMarkerSize(MARKER_SIZE)
                series.setPointLabelsColor(colours.text)
                series.setPointLabelsFont(font)
                self._entries[index].paint_sample(pen)
            self._size_view()
            self.view.viewport().update()
        finally:
            self._restyling = False

    def _size_view(self) -> None:
        self.view.setMinimumHeight(self.fontMetrics().height() * 16)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.restyle()
        super().changeEvent(event)


class DomainAccuracyChart(ChartPanel):
    """Percent correct per week for each domain with answers in the chart's weeks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Percent correct per week by domain",
                         "No answers in the last 12 weeks yet. Each week you practise adds a point per domain.",
                         parent)

    def show_series(self, series: Sequence[DomainSeries]) -> None:
        self._clear()
        weeks = series[0].points if series else ()
        if not weeks or not any(p.answered for s in series for p in s.points):
            self._finish("")
            return
        x_axis = self.x_axis
        x_axis.setStartValue(-0.3)
        step = 1 if len(weeks) <= 6 else 2
        for i, point in enumerate(weeks):
            if (len(weeks) - 1 - i) % step == 0:  # the current week always has a label
                x_axis.append(f"{point.start.day} {point.start:%b}", i)
        x_axis.setRange(-0.3, len(weeks) - 0.7)
        described = []
        for domain in series:
            points = [(i, 100 * p.accuracy) for i, p in enumerate(domain.points) if p.accuracy is not None]
            if not points:
                continue
            self._add_line(domain.name, points)
            last = next(p for p in reversed(domain.points) if p.accuracy is not None)
            described.append(f"{domain.name}: {percent(last.accuracy)} in the week of {last.start:%d %b}")
        style_words = [STYLE_WORDS[series_pen(chart_colours(), i).style()] for i in range(len(self._lines))]
        self._finish(f"Weekly percent correct over {len(weeks)} weeks. Latest per domain: "
                     + "; ".join(f"{d} ({w})" for d, w in zip(described, style_words, strict=False)) + ".")


class MockExamChart(ChartPanel):
    """Mock-exam scores (percent of scored items right) by the date each was submitted."""

    POINT_LABELS = True  # at most ten exams: their scores fit beside the points

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Mock exam scores by date",
                         "No mock exams yet. Each mock exam you submit adds its score here by date.", parent)

    def show_exams(self, exams: Sequence[MockRow]) -> None:
        self._clear()
        if not exams:
            self._finish("")
            return
        ordered = sorted(exams, key=lambda m: m.submitted_at)
        first, last = _msecs(ordered[0].submitted_at), _msecs(ordered[-1].submitted_at)
        day = 86_400_000.0
        pad = max(day / 2, (last - first) * 0.06)
        x_axis = self.x_axis
        x_axis.setStartValue(first - pad)
        years = {m.submitted_at.astimezone().year for m in ordered}
        pattern = "%d %b %Y" if len(years) > 1 else "%d %b"
        labels = min(5, len(ordered)) if last - first >= day else 1
        for i in range(labels):  # evenly spaced dates inside the range, never on its edges
            at = first + (last - first) * (i / (labels - 1) if labels > 1 else 0.5)
            x_axis.append(datetime.fromtimestamp(at / 1000).astimezone().strftime(pattern).lstrip("0"), at)
        x_axis.setRange(first - pad, last + pad)
        by_blueprint: dict[str, list[MockRow]] = {}
        for exam in ordered:
            by_blueprint.setdefault(exam.blueprint or "exam", []).append(exam)
        for name, rows in sorted(by_blueprint.items()):
            self._add_line(name, [(_msecs(m.submitted_at), round(100 * m.score)) for m in rows])
        self._finish("Mock exam scores, oldest first: " + "; ".join(
            f"{m.blueprint} on {m.submitted_at.astimezone():%d %b %Y}: {percent(m.score)}" for m in ordered)
            + ". Percent correct is not an NHA scaled score.")
