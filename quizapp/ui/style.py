"""Fusion, with the few pieces it draws from colours it derives itself drawn from the theme instead.

Fusion outlines radio buttons and check boxes in the window colour made darker: on the dark
theme's near-black window that is a circle nobody can see, and its markers keep their 13-pixel
size at 200% text. `QuizStyle` draws both markers with the theme's `control` colour (3:1 or more
on every background, tested) at a size that follows the text scale, and draws the focus ring
(`CE_FocusFrame`, the frame `quizapp.ui.focus_ring` keeps around the focused control): a ring
in the theme's `focus` colour a few pixels outside the control, so it shows on a filled primary
button as well as on a plain one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

if TYPE_CHECKING:
    from quizapp.ui.theme import Colours

INDICATOR_PX = 16  # a marker's side at 100% text; it grows with the text
RING_WIDTH = 2  # the focus ring's line
RING_GAP = 2  # between the control and its ring
_INDICATOR_METRICS = (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
                      QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)
_RING_METRICS = (QStyle.PixelMetric.PM_FocusFrameHMargin, QStyle.PixelMetric.PM_FocusFrameVMargin)


class QuizStyle(QProxyStyle):
    """The application's style (one per application: `for_app`); `configure` on every theme change."""

    NAME = "quizStyle"

    def __init__(self, colours: Colours) -> None:
        super().__init__("Fusion")
        self.colours = colours
        self.scale = 1.0

    @classmethod
    def for_app(cls, app: QApplication, colours: Colours) -> QuizStyle:
        """The application's QuizStyle, made and set on first call."""
        style = app.findChild(QObject, cls.NAME)
        if not isinstance(style, QuizStyle):
            style = cls(colours)
            style.setObjectName(cls.NAME)
            app.setStyle(style)
            style.setParent(app)  # kept alive, and found again, as the application's child
        return style

    def configure(self, colours: Colours, scale: float) -> None:
        self.colours = colours
        self.scale = scale

    @property
    def indicator_size(self) -> int:
        return round(INDICATOR_PX * self.scale)

    @property
    def ring_margin(self) -> int:
        return RING_WIDTH + RING_GAP

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,  # noqa: N802 - Qt naming
                    widget: QWidget | None = None) -> int:
        if metric in _INDICATOR_METRICS:
            return self.indicator_size
        if metric in _RING_METRICS:
            return self.ring_margin
        return super().pixelMetric(metric, option, widget)

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,  # noqa: N802 - Qt naming
                  widget: QWidget | None = None, data: object = None) -> int:
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            # The ring then lives in the page's viewport (or the window), above the control: a
            # container the control touches (the question's column) cannot clip it.
            return 1
        return super().styleHint(hint, option, widget, data)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802 - Qt naming
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            self._draw_radio(option, painter)
        elif element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            self._draw_check_box(option, painter)
        else:
            super().drawPrimitive(element, option, painter, widget)

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption,  # noqa: N802 - Qt naming
                    painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.ControlElement.CE_FocusFrame:
            self._draw_ring(option, painter)
        else:
            super().drawControl(element, option, painter, widget)

    # -- drawing -------------------------------------------------------------------------------
    def _marker_colours(self, option: QStyleOption) -> tuple[QColor, QColor]:
        """(outline, mark): the theme's control colour and highlight, muted when disabled."""
        c = self.colours
        if not option.state & QStyle.StateFlag.State_Enabled:
            return QColor(c.muted), QColor(c.muted)
        return QColor(c.control), QColor(c.highlight)

    def _pen_width(self) -> float:
        return max(1.5, 1.5 * self.scale)

    def _marker_rect(self, option: QStyleOption) -> QRectF:
        side = min(option.rect.width(), option.rect.height())
        rect = QRectF(option.rect.x(), option.rect.y() + (option.rect.height() - side) / 2, side, side)
        inset = self._pen_width() / 2
        return rect.adjusted(inset, inset, -inset, -inset)

    def _draw_radio(self, option: QStyleOption, painter: QPainter) -> None:
        outline, mark = self._marker_colours(option)
        on = bool(option.state & QStyle.StateFlag.State_On)
        rect = self._marker_rect(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(mark if on else outline, self._pen_width()))
        painter.setBrush(QColor(self.colours.base))
        painter.drawEllipse(rect)
        if on:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mark)
            dot = rect.width() * 0.28
            painter.drawEllipse(rect.center(), dot, dot)
        painter.restore()

    def _draw_check_box(self, option: QStyleOption, painter: QPainter) -> None:
        outline, mark = self._marker_colours(option)
        on = bool(option.state & QStyle.StateFlag.State_On)
        partly = bool(option.state & QStyle.StateFlag.State_NoChange)
        rect = self._marker_rect(option)
        radius = 3 * self.scale
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(mark if on or partly else outline, self._pen_width()))
        painter.setBrush(mark if on or partly else QColor(self.colours.base))
        painter.drawRoundedRect(rect, radius, radius)
        tick = QColor(self.colours.base if not option.state & QStyle.StateFlag.State_Enabled
                      else self.colours.highlighted_text)
        pen = QPen(tick, max(2.0, rect.width() * 0.14))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
        if partly:
            painter.drawLine(QPointF(x + w * 0.25, y + h / 2), QPointF(x + w * 0.75, y + h / 2))
        elif on:
            path = QPainterPath(QPointF(x + w * 0.22, y + h * 0.52))
            path.lineTo(QPointF(x + w * 0.42, y + h * 0.72))
            path.lineTo(QPointF(x + w * 0.78, y + h * 0.30))
            painter.drawPath(path)
        painter.restore()

    def _draw_ring(self, option: QStyleOption, painter: QPainter) -> None:
        """The focus ring: the frame's rect is the control grown by `ring_margin` on each side."""
        half = RING_WIDTH / 2
        rect = QRectF(option.rect).adjusted(half, half, -half, -half)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(self.colours.focus), RING_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 8, 8)
        painter.restore()
