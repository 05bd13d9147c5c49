"""Line charts for the Progress page, painted with QPainter: weekly accuracy per domain, and
mock-exam scores by date. (QtCharts did this before; it alone needed PySide6-Addons, 418 MB.)

Charts draw only what core's frozen values hold (`DomainSeries`, `MockRow`); they never query.
What a chart shows is plain data (`ChartLine`s, x ticks, an x range) set once per redraw; the
painting reads the palette and font at paint time, so a theme or text-size change never leaves
a dark chart on a light page. Series differ by line style and marker shape as well as colour;
points that would cover one another stand side by side (`dodge`); the legend is made
of ordinary wrapped labels with a sample of each line, and each chart carries an accessible name
and a description that says in words what it shows (the table below the charts holds every
figure), so nothing depends on colour or sight alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from quizapp.core.percent import percent
from quizapp.core.stats.rows import MockRow
from quizapp.core.stats.shape import DomainSeries
from quizapp.core.wording import plural
from quizapp.ui.widgets.common import label

# Categorical line colours with at least 4.5:1 contrast on each theme's base colour.
LIGHT_SERIES = ("#1f5f9b", "#b8560f", "#1e7a44", "#8e3b8f", "#a3352a", "#0b7a80", "#6b5a00", "#5a4fcf")
DARK_SERIES = ("#6cb4ff", "#ffa657", "#6fdc9a", "#e59be6", "#ff8a7a", "#4fd1d9", "#e3c65b", "#b3a8ff")
LINE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
STYLE_WORDS = {Qt.PenStyle.SolidLine: "solid line", Qt.PenStyle.DashLine: "dashed line",
               Qt.PenStyle.DotLine: "dotted line", Qt.PenStyle.DashDotLine: "dash-dot line"}
Y_TICKS = (0, 20, 40, 60, 80, 100)


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


MARKERS = ("circle", "square", "triangle", "diamond")  # a series' marker differs by shape as well as colour


def marker_shape(index: int) -> str:
    return MARKERS[index % len(MARKERS)]


def paint_marker(painter: QPainter, shape: str, at: QPointF, radius: float) -> None:
    """One point's marker; the pen and brush are the caller's."""
    if shape == "circle":
        painter.drawEllipse(at, radius, radius)
        return
    if shape == "square":
        side = radius * 1.7
        painter.drawRect(QRectF(at.x() - side / 2, at.y() - side / 2, side, side))
        return
    r = radius * 1.25
    corners = ([(0.0, -r), (r, r * 0.8), (-r, r * 0.8)] if shape == "triangle"
               else [(0.0, -r), (r, 0.0), (0.0, r), (-r, 0.0)])
    painter.drawPolygon(QPolygonF([QPointF(at.x() + dx, at.y() + dy) for dx, dy in corners]))


def dodge(series: Sequence[Sequence[tuple[float, float]]], radius: float) -> list[list[tuple[float, float]]]:
    """Screen points moved sideways just enough that no two markers cover each other: two exams
    on the same day with the same score stand side by side instead of one hiding the other. Each
    point keeps its height (its value); points are placed in order, each at the nearest free spot
    (right, left, further right…)."""
    gap = 2 * radius + 2
    placed: list[tuple[float, float]] = []
    moved: list[list[tuple[float, float]]] = []
    for points in series:
        line = []
        for x, y in points:
            for step in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
                at = (x + step * gap, y)
                if all((at[0] - px) ** 2 + (at[1] - py) ** 2 >= (gap - 1) ** 2 for px, py in placed):
                    break
            placed.append(at)
            line.append(at)
        moved.append(line)
    return moved


def _msecs(moment: datetime) -> float:
    return float(int(moment.timestamp() * 1000))


@dataclass(frozen=True)
class ChartLine:
    """One series as drawn: its name and its points (x in the chart's own units, y in percent)."""

    name: str
    points: tuple[tuple[float, float], ...]


class LineChart(QWidget):
    """Percent (0-100) against x: a grid, labelled ticks, one line with round markers per series,
    and optionally each point's value beside it. Holds no data of its own beyond what it draws."""

    def __init__(self, name: str, point_labels: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table below holds the same figures
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.point_labels = point_labels
        self.lines: tuple[ChartLine, ...] = ()
        self.x_ticks: tuple[tuple[float, str], ...] = ()
        self.x_range = (0.0, 1.0)
        self.drawn_markers: list[tuple[int, QPointF]] = []  # (series, centre) as last painted
        self.drawn_labels: list[tuple[str, QRectF]] = []  # each value written beside its point

    def set_data(self, lines: Sequence[ChartLine], x_ticks: Sequence[tuple[float, str]],
                 x_range: tuple[float, float]) -> None:
        self.lines = tuple(lines)
        self.x_ticks = tuple(x_ticks)
        self.x_range = x_range if x_range[1] > x_range[0] else (x_range[0] - 0.5, x_range[0] + 0.5)
        self.update()

    # -- size ----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(40 * self.fontMetrics().averageCharWidth(), self.fontMetrics().height() * 16)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(20 * self.fontMetrics().averageCharWidth(), self.fontMetrics().height() * 16)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
        super().changeEvent(event)

    # -- geometry --------------------------------------------------------------------------------
    def plot_rect(self) -> QRectF:
        """Where the lines go: inside the axis labels, with room above for the top label."""
        metrics = QFontMetricsF(self.font())
        left = metrics.horizontalAdvance("100%") + metrics.averageCharWidth() * 1.5
        top = metrics.height() * (1.4 if self.point_labels else 0.8)
        right = metrics.averageCharWidth() * 3
        bottom = metrics.height() * 1.8
        return QRectF(left, top, max(1.0, self.width() - left - right), max(1.0, self.height() - top - bottom))

    def to_screen(self, x: float, y: float) -> QPointF:
        plot = self.plot_rect()
        lo, hi = self.x_range
        return QPointF(plot.left() + (x - lo) / (hi - lo) * plot.width(), plot.bottom() - y / 100 * plot.height())

    def marker_radius(self) -> float:
        return min(7.0, max(3.5, QFontMetricsF(self.font()).height() * 0.28))

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        colours = chart_colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colours.background)
        painter.setFont(self.font())
        self._paint_axes(painter, colours)
        screen = [[(p.x(), p.y()) for p in (self.to_screen(x, y) for x, y in line.points)] for line in self.lines]
        self.drawn_markers, self.drawn_labels = [], []
        placed = [[QPointF(x, y) for x, y in points] for points in dodge(screen, self.marker_radius())]
        for index, points in enumerate(placed):  # every line first, then every marker: none hides a marker
            pen = series_pen(colours, index)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(points)
        for index, (line, points) in enumerate(zip(self.lines, placed, strict=True)):
            self._paint_points(painter, colours, index, line, points)
        painter.end()

    def _paint_axes(self, painter: QPainter, colours: ChartColours) -> None:
        plot = self.plot_rect()
        metrics = QFontMetricsF(self.font())
        grid = QPen(colours.grid, 1, Qt.PenStyle.DotLine)
        gap = metrics.averageCharWidth() * 0.8
        for value in Y_TICKS:
            y = self.to_screen(0, value).y()
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(colours.text)
            painter.drawText(QRectF(0, y - metrics.height() / 2, plot.left() - gap, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value}%")
        free_until = float(self.width())  # labels go right to left; one that would touch the last is left out
        for x, text in sorted(self.x_ticks, reverse=True):
            at = self.to_screen(x, 0).x()
            painter.setPen(grid)
            painter.drawLine(QPointF(at, plot.top()), QPointF(at, plot.bottom()))
            width = metrics.horizontalAdvance(text) + 2
            left = min(max(0.0, at - width / 2), self.width() - width)
            if left + width + gap > free_until:
                continue
            free_until = left
            painter.setPen(colours.text)
            painter.drawText(QRectF(left, plot.bottom() + gap / 2, width, metrics.height()),
                             Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(colours.grid, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

    def _paint_points(self, painter: QPainter, colours: ChartColours, index: int, line: ChartLine,
                      points: list[QPointF]) -> None:
        pen = series_pen(colours, index)
        radius = self.marker_radius()
        painter.setPen(QPen(colours.background, 1.5))
        painter.setBrush(pen.color())
        for point in points:
            paint_marker(painter, marker_shape(index), point, radius)
            self.drawn_markers.append((index, point))
        if not self.point_labels:
            return
        metrics = QFontMetricsF(self.font())
        painter.setPen(colours.text)
        for point, (_, value) in zip(points, line.points, strict=True):
            text = f"{round(value)}%"
            box = self._free_label_box(metrics, point, text, radius)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            self.drawn_labels.append((text, box))

    def _free_label_box(self, metrics: QFontMetricsF, point: QPointF, text: str, radius: float) -> QRectF:
        """Where a value goes: above its point, else below, else further up or down, inside the
        plot (clear of the date labels), so that no value covers another value or a marker: the
        values stay readable when points crowd."""
        width, height = metrics.horizontalAdvance(text) + 2, metrics.height()
        left = min(max(0.0, point.x() - width / 2), self.width() - width)
        markers = [QRectF(p.x() - radius, p.y() - radius, 2 * radius, 2 * radius) for _, p in self.drawn_markers]
        taken = [box for _, box in self.drawn_labels] + markers
        above, below = point.y() - radius - height - 2, point.y() + radius + 2
        floor = self.plot_rect().bottom()
        tops = [above, below] + [t for k in range(1, 4) for t in (above - k * height, below + k * height)]
        for top in tops:
            box = QRectF(left, top, width, height)
            if top >= 0 and box.bottom() <= floor and not any(box.intersects(t) for t in taken):
                return box
        return QRectF(left, above if above >= 0 else below, width, height)


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

    def paint_sample(self, pen: QPen, shape: str = "circle", radius: float = 5.0) -> None:
        height = max(12, self.text.fontMetrics().height())
        pixmap = QPixmap(36, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.drawLine(2, height // 2, 34, height // 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        paint_marker(painter, shape, QPointF(18, height / 2), min(radius, height / 2 - 1))
        painter.end()
        self.sample.setPixmap(pixmap)
        self.sample.setFixedSize(pixmap.size())


class ChartPanel(QWidget):
    """A chart with its own legend, or a sentence saying why there is nothing to draw yet."""

    LEGEND_COLUMNS = 2
    POINT_LABELS = False  # write each point's value beside it (few points only)

    def __init__(self, name: str, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = LineChart(name, self.POINT_LABELS)
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
        self._entries: list[_LegendEntry] = []
        self._set_empty(True)

    @property
    def lines(self) -> tuple[ChartLine, ...]:
        return self.view.lines

    # -- drawing -------------------------------------------------------------------------------
    def _set_empty(self, empty: bool) -> None:
        self.view.setVisible(not empty)
        self.legend.setVisible(not empty and bool(self._entries))
        self.empty.setVisible(empty)

    def _show(self, lines: Sequence[ChartLine], x_ticks: Sequence[tuple[float, str]], x_range: tuple[float, float],
              description: str) -> None:
        self.view.set_data(lines, x_ticks, x_range)
        self.view.setAccessibleDescription(description)
        self.view.setToolTip(description)
        while self.legend_grid.count():
            item = self.legend_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self._entries = []
        for index, line in enumerate(lines):
            entry = _LegendEntry(line.name)
            self.legend_grid.addWidget(entry, index // self.LEGEND_COLUMNS, index % self.LEGEND_COLUMNS)
            self._entries.append(entry)
        self.restyle()
        self._set_empty(not lines)

    # -- palette and size ----------------------------------------------------------------------
    def restyle(self) -> None:
        """Repaints with the current palette and font (theme or text size changed)."""
        colours = chart_colours()
        for index, entry in enumerate(self._entries):
            entry.paint_sample(series_pen(colours, index), marker_shape(index), self.view.marker_radius())
        self.view.updateGeometry()
        self.view.update()

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
        weeks = series[0].points if series else ()
        if not weeks or not any(p.answered for s in series for p in s.points):
            self._show((), (), (0.0, 1.0), "")
            return
        step = 1 if len(weeks) <= 6 else 2
        ticks = [(float(i), f"{point.start.day} {point.start:%b}") for i, point in enumerate(weeks)
                 if (len(weeks) - 1 - i) % step == 0]  # the current week always has a label
        lines, described = [], []
        for domain in series:
            points = tuple((float(i), 100 * p.accuracy) for i, p in enumerate(domain.points) if p.accuracy is not None)
            if not points:
                continue
            lines.append(ChartLine(domain.name, points))
            last = next(p for p in reversed(domain.points) if p.accuracy is not None)
            described.append(f"{domain.name}: {percent(last.accuracy)} in the week of {last.start:%d %b}")
        style_words = [STYLE_WORDS[series_pen(chart_colours(), i).style()] for i in range(len(lines))]
        self._show(lines, ticks, (-0.3, len(weeks) - 0.7),
                   f"Weekly percent correct over {plural(len(weeks), 'week')}. Latest per domain: "
                   + "; ".join(f"{d} ({w})" for d, w in zip(described, style_words, strict=True)) + ".")


class MockExamChart(ChartPanel):
    """Mock-exam scores (percent of scored items right) by the date each was submitted."""

    POINT_LABELS = True  # at most ten exams: their scores fit beside the points

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Mock exam scores by date",
                         "No mock exams yet. Each mock exam you submit adds its score here by date.", parent)

    def show_exams(self, exams: Sequence[MockRow]) -> None:
        if not exams:
            self._show((), (), (0.0, 1.0), "")
            return
        ordered = sorted(exams, key=lambda m: m.submitted_at)
        first, last = _msecs(ordered[0].submitted_at), _msecs(ordered[-1].submitted_at)
        day = 86_400_000.0
        pad = max(day / 2, (last - first) * 0.06)
        years = {m.submitted_at.astimezone().year for m in ordered}
        pattern = "%d %b %Y" if len(years) > 1 else "%d %b"
        labels = min(5, len(ordered)) if last - first >= day else 1
        ticks = []
        for i in range(labels):  # evenly spaced dates inside the range, never on its edges
            at = first + (last - first) * (i / (labels - 1) if labels > 1 else 0.5)
            ticks.append((at, datetime.fromtimestamp(at / 1000).astimezone().strftime(pattern).lstrip("0")))
        by_blueprint: dict[str, list[MockRow]] = {}
        for exam in ordered:
            by_blueprint.setdefault(exam.blueprint or "exam", []).append(exam)
        lines = [ChartLine(rows[0].shown_name,
                           tuple((_msecs(m.submitted_at), float(round(100 * m.score))) for m in rows))
                 for _, rows in sorted(by_blueprint.items(), key=lambda kv: kv[1][0].shown_name)]
        self._show(lines, ticks, (first - pad, last + pad), "Mock exam scores, oldest first: " + "; ".join(
            f"{m.shown_name} on {m.submitted_at.astimezone():%d %b %Y}: {percent(m.score)}" for m in ordered)
            + ". Percent correct is not an NHA scaled score.")
