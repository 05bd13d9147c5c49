"""The Progress page's calendar, painted with QPainter: a heat map of answers per local day over
the last 26 weeks, and the review forecast (cards due per day, the next 14 days).

Both draw only core's frozen `StudyCalendar`. Colours come from the palette at paint time, so a
theme switch repaints them right; sizes follow the font, so 200% text makes them larger, not
clipped. Neither relies on colour alone: every cell and bar has its number in a tooltip, the
bars print theirs, and each widget's accessible description (also shown as text under it) says
in words what the picture shows.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QVBoxLayout, QWidget

from quizapp.core.stats.calendar import HEAT_WEEKS, DayCount, StudyCalendar
from quizapp.core.wording import plural
from quizapp.ui.widgets.common import card, label

LEVELS = 4  # shades above "none"


def counted(n: int, word: str) -> str:
    """"1 answer", "1,204 answers": counts over 26 weeks get thousands separators."""
    return plural(n, word, grouped=True)


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%B %Y}"


def level(count: int, busiest: int) -> int:
    """0 for no answers, else 1-4 by the share of the busiest day (so every active day shows)."""
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * count / busiest)))


def heat_summary(calendar: StudyCalendar) -> str:
    """The heat map in words: what a screen reader announces and the page prints beneath it."""
    if not calendar.answered:
        return f"No answers in the last {HEAT_WEEKS} weeks yet: each day you practise fills a square."
    busiest = calendar.busiest
    assert busiest is not None
    week = calendar.days[-7:] if len(calendar.days) >= 7 else calendar.days
    recent = ", ".join(f"{d.day:%a} {d.count}" for d in week)
    return (f"In the last {HEAT_WEEKS} weeks you answered {counted(calendar.answered, 'question')} on "
            f"{counted(calendar.active_days, 'day')} of {len(calendar.days)}. Busiest day: {day_text(busiest.day)}, "
            f"{counted(busiest.count, 'answer')}. The last seven days: {recent}.")


def forecast_summary(calendar: StudyCalendar) -> str:
    if not calendar.due_soon:
        return f"No review questions fall due in the next {len(calendar.forecast)} days."
    parts = []
    for i, d in enumerate(calendar.forecast):
        if d.count:
            when = ("today (overdue included)" if i == 0 else "tomorrow" if i == 1
                    else f"{d.day:%a} {d.day.day} {d.day:%b}")
            parts.append(f"{when} {d.count}")
    return (f"{counted(calendar.due_soon, 'review question')} due in the next {len(calendar.forecast)} days: "
            + ", ".join(parts) + ".")


def _shade(palette: QPalette, step: int) -> QColor:
    """Step 0 is an empty day; 1-4 deepen the highlight colour towards full strength."""
    if step == 0:
        return palette.color(QPalette.ColorRole.AlternateBase)
    base = palette.color(QPalette.ColorRole.Base)
    ink = palette.color(QPalette.ColorRole.Highlight)
    share = 0.25 + 0.75 * step / LEVELS
    return QColor.fromRgbF(base.redF() + (ink.redF() - base.redF()) * share,
                           base.greenF() + (ink.greenF() - base.greenF()) * share,
                           base.blueF() + (ink.blueF() - base.blueF()) * share)


class HeatMap(QWidget):
    """Weeks as columns (oldest left), Monday to Sunday as rows; months named above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Answers per day")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self._calendar: StudyCalendar | None = None
        self._cells: list[tuple[QRect, DayCount]] = []

    def show_calendar(self, calendar: StudyCalendar) -> None:
        self._calendar = calendar
        self.setAccessibleDescription(heat_summary(calendar))
        self.updateGeometry()
        self.update()

    def _metrics(self) -> tuple[int, int, int, int]:
        """(cell, gap, left margin for weekday names, top margin for month names)."""
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("Wed") + 8
        gap = 3
        cell = max(10, min(self._largest(), (self.width() - left) // HEAT_WEEKS - gap))
        return cell, gap, left, fm.height() + 4

    def _largest(self) -> int:
        """The largest square: a little over a line of text, so the map never dwarfs the page."""
        return int(self.fontMetrics().height() * 1.5)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance("Wed") + 8 + HEAT_WEEKS * (self._largest() + 3), self.heightForWidth(0))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt naming
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt naming
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("Wed") + 8
        cell = max(10, min(self._largest(), (width - left) // HEAT_WEEKS - 3)) if width else self._largest()
        return fm.height() + 4 + 7 * (cell + 3) + fm.height() + 12

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self.setFixedHeight(self.heightForWidth(self.width()))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        cell, gap, left, top = self._metrics()
        fm = self.fontMetrics()
        painter.setPen(muted)
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            painter.drawText(QRect(0, top + row * (cell + gap), left - 6, cell),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        self._cells = []
        calendar = self._calendar
        if calendar is None:
            return
        busiest = calendar.busiest.count if calendar.busiest else 0
        last_month = None
        for i, day in enumerate(calendar.days):
            column, row = divmod(i, 7)
            x, y = left + column * (cell + gap), top + row * (cell + gap)
            if row == 0 and day.day.month != last_month:
                last_month = day.day.month
                if column < HEAT_WEEKS - 1:  # no room to name a month that starts in the last week
                    painter.setPen(muted)
                    painter.drawText(QPoint(x, fm.ascent()), f"{day.day:%b}")
            rect = QRect(x, y, cell, cell)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_shade(palette, level(day.count, busiest)))
            painter.drawRoundedRect(rect, 2, 2)
            if day.day == calendar.today:
                pen = QPen(text)
                pen.setWidthF(1.5)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 2, 2)
            self._cells.append((rect, day))
        # The legend: "Less", the five shades, "More".
        y = top + 7 * (cell + gap) + 6
        small = max(8, cell * 2 // 3)
        painter.setPen(muted)
        less_width = fm.horizontalAdvance("Less ")
        painter.drawText(QRect(left, y, less_width, small), Qt.AlignmentFlag.AlignVCenter, "Less")
        x = left + less_width
        painter.setPen(Qt.PenStyle.NoPen)
        for step in range(LEVELS + 1):
            painter.setBrush(_shade(palette, step))
            painter.drawRoundedRect(QRect(x, y, small, small), 2, 2)
            x += small + 3
        painter.setPen(muted)
        painter.drawText(QRect(x + 3, y, fm.horizontalAdvance("More") + 4, small), Qt.AlignmentFlag.AlignVCenter,
                         "More")
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = next((d for rect, d in self._cells if rect.contains(event.pos())), None)
            if found is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), f"{day_text(found.day)}: {counted(found.count, 'answer')}", self)
            return True
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
            self.setFixedHeight(self.heightForWidth(self.width()))
        return super().event(event)


class ForecastBars(QWidget):
    """A bar per day, today first, its number above it and the day below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Review forecast")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._calendar: StudyCalendar | None = None
        self._bars: list[tuple[QRect, DayCount]] = []

    def show_calendar(self, calendar: StudyCalendar) -> None:
        self._calendar = calendar
        self.setAccessibleDescription(forecast_summary(calendar))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        fm = self.fontMetrics()
        return QSize(14 * fm.horizontalAdvance("Wed 88"), self._height())

    def _height(self) -> int:
        return self.fontMetrics().height() * 8

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            self.setFixedHeight(self._height())
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = next((d for rect, d in self._bars if rect.contains(event.pos())), None)
            if found is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), f"{day_text(found.day)}: {counted(found.count, 'question')} due",
                                  self)
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        calendar = self._calendar
        self._bars = []
        if calendar is None or not calendar.forecast:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        fm = self.fontMetrics()
        days = calendar.forecast
        slot = self.width() / len(days)
        bar_width = max(6, int(slot * 0.6))
        label_height = 2 * fm.height() + 4
        top, bottom = fm.height() + 4, self.height() - label_height
        most = max((d.count for d in days), default=0)
        axis = QPen(palette.color(QPalette.ColorRole.Mid))
        painter.setPen(axis)
        painter.drawLine(0, bottom, self.width(), bottom)
        for i, day in enumerate(days):
            centre = int(slot * i + slot / 2)
            height = 0 if not most else max(2 if day.count else 0, int((bottom - top) * day.count / most))
            rect = QRect(centre - bar_width // 2, bottom - height, bar_width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(rect)
            self._bars.append((QRect(int(slot * i), top, int(slot), bottom - top + label_height), day))
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(QRect(int(slot * i), rect.top() - fm.height() - 2, int(slot), fm.height()),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(day.count))
            painter.setPen(palette.color(QPalette.ColorRole.Text if i == 0 else QPalette.ColorRole.PlaceholderText))
            name = next((n for n in (("Today",) if i == 0 else ()) + (f"{day.day:%a}", f"{day.day:%a}"[:2])
                         if fm.horizontalAdvance(n) < slot), f"{day.day:%a}"[:1])
            painter.drawText(QRect(int(slot * i), bottom + 2, int(slot), fm.height()), Qt.AlignmentFlag.AlignHCenter,
                             name)
            painter.drawText(QRect(int(slot * i), bottom + 2 + fm.height(), int(slot), fm.height()),
                             Qt.AlignmentFlag.AlignHCenter, str(day.day.day))
        painter.end()


class StudyCalendarCard(QWidget):
    """The Progress page's card: the heat map and the forecast, each with its words beneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card()
        outer.addWidget(frame)
        layout.addWidget(label(f"Answers per day, the last {HEAT_WEEKS} weeks", role="subtitle"))
        self.heat_map = HeatMap()
        self.heat_words = label(role="muted", name="Answers per day in words", selectable=True)
        layout.addWidget(self.heat_map)
        layout.addWidget(self.heat_words)
        layout.addWidget(label("Review forecast: questions due per day", role="subtitle"))
        self.forecast = ForecastBars()
        self.forecast_words = label(role="muted", name="Review forecast in words", selectable=True)
        layout.addWidget(self.forecast)
        layout.addWidget(self.forecast_words)

    def show_calendar(self, calendar: StudyCalendar) -> None:
        self.heat_map.show_calendar(calendar)
        self.heat_words.setText(heat_summary(calendar))
        self.forecast.show_calendar(calendar)
        self.forecast_words.setText(forecast_summary(calendar))
