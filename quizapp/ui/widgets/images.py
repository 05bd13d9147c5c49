"""Question images as pixels: PNG and JPEG as they are, SVG drawn at the size it is shown.

Diagrams of the built-in sets are SVG; drawing them at the zoom the student chose keeps their
lines and labels sharp, where scaling a small raster would blur them. Qt's SVG module loads only
when an SVG is first shown, so start-up does not pay for it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter


def is_svg(data: bytes, name: str = "") -> bool:
    head = data[:1024].lstrip().lower()
    return name.lower().endswith(".svg") or (head.startswith(b"<") and b"<svg" in head)


def natural_size(data: bytes, name: str = "") -> QSize:
    """The image's own size (an SVG's from its width/height or viewBox); empty when unreadable."""
    if is_svg(data, name):
        from PySide6.QtSvg import QSvgRenderer

        renderer = QSvgRenderer(data)
        return renderer.defaultSize() if renderer.isValid() else QSize()
    image = QImage.fromData(data)
    return image.size() if not image.isNull() else QSize()


def render_image(data: bytes, name: str = "", scale: float = 1.0) -> QImage:
    """The image at `scale` × its natural size; a null image when it cannot be read."""
    if not is_svg(data, name):
        image = QImage.fromData(data)
        if image.isNull() or scale == 1.0:
            return image
        return image.scaled(image.size() * scale, Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(data)
    if not renderer.isValid():
        return QImage()
    size = renderer.defaultSize() * scale
    image = QImage(size.expandedTo(QSize(1, 1)), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))  # diagrams are drawn for a light page, in both themes
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def render_to_fit(data: bytes, name: str, box: QSize) -> QImage:
    """The image scaled down (never up) to fit `box`, e.g. a thumbnail."""
    size = natural_size(data, name)
    if size.isEmpty():
        return QImage()
    scale = min(1.0, box.width() / size.width(), box.height() / size.height())
    return render_image(data, name, scale)
