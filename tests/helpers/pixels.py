"""Colours as the user sees them: read from a rendered widget, compared by WCAG contrast."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from quizapp.ui.theme import contrast_ratio


def picture(widget: QWidget, rect: QRect | None = None) -> QImage:
    """The widget as painted (or the part of it in `rect`)."""
    image = widget.grab().toImage()
    return image.copy(rect) if rect is not None else image


def colours(image: QImage) -> Counter[int]:
    return Counter(image.pixel(x, y) for y in range(image.height()) for x in range(image.width()))


def background(image: QImage) -> QColor:
    """The colour most of the picture is: what everything else stands on."""
    return QColor.fromRgb(colours(image).most_common(1)[0][0])


def strongest_contrast(image: QImage, against: QColor) -> float:
    """The best contrast any painted pixel has with `against` (a text's or an outline's colour
    at full strength; anti-aliased edges only come lower)."""
    return max(contrast_ratio(QColor.fromRgb(rgb), against) for rgb in colours(image))


def extent(image: QImage, against: QColor, min_ratio: float = 1.5) -> QRect:
    """The box round every pixel that stands out from `against`."""
    xs, ys = [], []
    for y in range(image.height()):
        for x in range(image.width()):
            if contrast_ratio(QColor.fromRgb(image.pixel(x, y)), against) >= min_ratio:
                xs.append(x)
                ys.append(y)
    if not xs:
        return QRect()
    return QRect(QPoint(min(xs), min(ys)), QPoint(max(xs), max(ys)))
