"""A question and its options, for practice, review and mock exams alike.

Options are radio buttons (check boxes for multiple-answer questions) named `Answer A`…, with
the option text as the accessible description, so screen readers announce both.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from quizapp.core.views import QuestionView
from quizapp.ui.widgets.common import label
from quizapp.ui.widgets.images import render_to_fit
from quizapp.ui.widgets.option_row import OptionRow
from quizapp.ui.widgets.rich_text import show_text


class QuestionWidget(QWidget):
    selection_changed = Signal()
    image_requested = Signal(bytes, str, str)  # data, file name, alt text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: QuestionView | None = None
        self._rows: list[OptionRow] = []
        self._group = QButtonGroup(self)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        # Read-only text, selectable with the mouse: no caret. A tab stop all the same, where a
        # new question puts the focus, so a screen reader reads it (the text is its description).
        self.stem = label(role="stem", name="Question text", selectable=True)
        self.stem.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._layout.addWidget(self.stem)
        self._media_row = QHBoxLayout()
        self._layout.addLayout(self._media_row)
        self.media_buttons: list[QPushButton] = []  # the question's images, between its text and options
        self._options = QVBoxLayout()
        self._options.setSpacing(8)
        self._layout.addLayout(self._options)

    @property
    def view(self) -> QuestionView | None:
        return self._view

    @property
    def option_buttons(self) -> list[QAbstractButton]:
        return [row.button for row in self._rows]

    def show_question(self, view: QuestionView, chosen: list[int] | None = None) -> None:
        self._view = view
        is_html = view.text_format == "html"
        show_text(self.stem, view.stem, is_html)
        self._show_media(view)
        multiple = view.kind == "multiple"
        if self._rows and isinstance(self._rows[0].button, QCheckBox) != multiple:
            self._clear_rows()
        while len(self._rows) > len(view.choices):
            self._remove_row()
        while len(self._rows) < len(view.choices):
            row = OptionRow(multiple)
            row.button.toggled.connect(self._on_toggled)
            self._group.addButton(row.button)
            self._options.addWidget(row)
            row.show()  # a layout would only show it on the next event-loop pass
            self._rows.append(row)
        self._group.setExclusive(False)
        chosen_set = set(chosen or [])
        for number, (row, choice) in enumerate(zip(self._rows, view.choices, strict=True), start=1):
            row.button.blockSignals(True)
            row.button.setChecked(choice.position in chosen_set)
            row.button.blockSignals(False)
            row._on_toggled(row.button.isChecked())
            row.set_option(choice.letter, choice.text, number, rich=is_html)
            row.set_locked(False)
            row.set_result(None)
        self._group.setExclusive(not multiple)

    def _remove_row(self) -> None:
        row = self._rows.pop()
        self._group.removeButton(row.button)
        row.deleteLater()

    def _clear_rows(self) -> None:
        while self._rows:
            self._remove_row()

    def _show_media(self, view: QuestionView) -> None:
        self.media_buttons = []
        while self._media_row.count():
            item = self._media_row.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone from the screen and the Tab chain now, not when Qt deletes it
                item.widget().deleteLater()
        for media in view.media:
            image = render_to_fit(media.data, media.name, QSize(360, 240))
            if image.isNull():
                continue
            thumb = QPushButton()
            thumb.setAccessibleName(f"Zoom image {media.name}")
            if media.alt:
                thumb.setAccessibleDescription(media.alt)
            thumb.setToolTip(f"{media.alt}\n\nOpen the image larger" if media.alt else "Open the image larger")
            thumb.setIcon(QPixmap.fromImage(image))
            thumb.setIconSize(image.size())
            thumb.clicked.connect(lambda _=False, m=media: self.image_requested.emit(m.data, m.name, m.alt))
            self._media_row.addWidget(thumb)
            self.media_buttons.append(thumb)
            thumb.show()
        self._media_row.addStretch(1)

    def chosen_positions(self) -> list[int]:
        if self._view is None:
            return []
        return [c.position for r, c in zip(self._rows, self._view.choices, strict=False) if r.button.isChecked()]

    def choose_index(self, index: int) -> bool:
        """Selects (or, for multiple answer, toggles) the option at a displayed index."""
        if self._view is None or not 0 <= index < len(self._view.choices):
            return False
        btn = self._rows[index].button
        if not btn.isEnabled():
            return False
        if isinstance(btn, QCheckBox):
            btn.setChecked(not btn.isChecked())
        else:
            btn.setChecked(True)
        btn.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def lock(self, key_positions: list[int] | None, chosen: list[int]) -> None:
        """Freezes the options after checking; marks the key and a wrong choice when known."""
        if self._view is None:
            return
        for row, choice in zip(self._rows, self._view.choices, strict=False):
            row.set_locked(True)
            if key_positions is None:
                continue
            if choice.position in key_positions:
                row.set_result("correct")
            elif choice.position in chosen:
                row.set_result("wrong")

    def _on_toggled(self, _checked: bool) -> None:
        self.selection_changed.emit()


