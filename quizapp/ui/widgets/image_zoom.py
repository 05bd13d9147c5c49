"""A question's image, larger, with zoom: shown inline under the question (USERS.md: images too small)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSlider, QVBoxLayout, QWidget

from quizapp.ui.widgets.common import button, card, label
from quizapp.ui.widgets.images import render_image


class ImageZoomPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card()
        outer.addWidget(frame)
        row = QHBoxLayout()
        self.caption = label(role="subtitle", name="Image name")
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(25, 400)
        self.zoom.setValue(100)
        self.zoom.setAccessibleName("Image zoom")
        self.zoom.setToolTip("Zoom (+ and − keys)")
        self.close_button = button("Close image", tip="Hide the image (Esc)")
        row.addWidget(self.caption, 1)
        row.addWidget(self.zoom)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.area = QScrollArea()
        self.area.setMinimumHeight(240)
        self.picture = QLabel()
        self.picture.setAccessibleName("Zoomed image")
        self.area.setWidget(self.picture)
        layout.addWidget(self.area)
        self._data, self._name = b"", ""
        self.zoom.valueChanged.connect(self._render)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_image(self, data: bytes, name: str, alt: str = "") -> None:
        self._data, self._name = data, name
        self.caption.setText(alt or name)
        self.picture.setAccessibleDescription(alt)
        self.zoom.setValue(100)
        self._render()
        self.show()
        self.zoom.setFocus()

    def _render(self) -> None:
        image = render_image(self._data, self._name, self.zoom.value() / 100)
        if image.isNull():
            self.picture.setText("This image cannot be shown.")
            return
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.picture.adjustSize()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom.setValue(self.zoom.value() + 25)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom.setValue(self.zoom.value() - 25)
        elif event.key() == Qt.Key.Key_Escape:
            self.hide()
        else:
            super().keyPressEvent(event)
