"""A "save to" path: a field that can always be typed in, and Browse… that never blocks.

Browse opens a QFileDialog with `.open()` (window-modal, the event loop keeps running), as
DESIGN.md allows; the suggested path is the file name core proposes, in the user's home folder
or the folder this row last wrote to, and follows the format until the user picks a name.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from quizapp.ui.widgets.common import button


class SaveFileRow(QWidget):
    def __init__(self, field_name: str, browse_name: str, caption: str, *, action: QPushButton | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.file_filter = "All files (*)"
        self.folder = Path.home()
        self._suggested_name = ""
        self._dialog: QFileDialog | None = None
        self.field = QLineEdit()
        self.field.setAccessibleName(field_name)
        self.field.setPlaceholderText("Path of the file to write")
        self.field.setToolTip("Type a path, or choose one with Browse…")
        self.browse = button("Browse…", browse_name, tip="Choose where to save the file")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.browse)
        if action is not None:
            row.addWidget(action)
        self.browse.clicked.connect(self._on_browse)

    def suggest(self, file_name: str) -> None:
        """Proposes `file_name`, unless the user has typed or chosen a name of their own."""
        text = self.field.text().strip()
        if not text:
            self.field.setText(str(self.folder / file_name))
        elif Path(text).name == self._suggested_name and file_name != self._suggested_name:
            self.field.setText(str(Path(text).with_name(file_name)))
        self._suggested_name = file_name

    def path(self) -> Path | None:
        text = self.field.text().strip()
        return Path(text).expanduser() if text else None

    def remember(self, written: Path) -> None:
        """The next suggestion goes to the folder the user just wrote to."""
        self.folder = written.parent

    def _on_browse(self) -> None:
        start = self.path()
        folder = start.parent if start is not None and start.parent.is_dir() else self.folder
        dialog = QFileDialog(self, self.caption, str(folder), self.file_filter)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.selectFile(start.name if start is not None else self._suggested_name)
        dialog.fileSelected.connect(self._on_chosen)
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()  # not exec(): nothing blocks, the window stays live

    def _on_chosen(self, path: str) -> None:
        self.field.setText(path)
        self.field.setFocus()
