"""A student's bookmark and own note on a question: the `Bookmark` toggle (Ctrl+B), the `My note`
field, and the one client every page uses to ask core for them.

Pages that list several questions at once number them (`Bookmark 3`, `My note 3`). A note is
saved when the student presses `Save note`, Ctrl+Enter, or leaves the field or the question: it
is never lost by moving on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from quizapp.core.changes import Changes
from quizapp.core.context import AppContext
from quizapp.core.marks import MAX_NOTE, Marks
from quizapp.ui import keys
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.widgets.common import button, label

SHORTCUT = keys.BOOKMARK.keys
MARKED, UNMARKED = "★ Bookmarked", "☆ Bookmark"
NOTE_HINT = "Your own words on this question: a mnemonic, what tripped you up. Only you see it."


def numbered(name: str, number: int | None) -> str:
    return name if number is None else f"{name} {number}"


class MarksClient:
    """The current profile's marks through core's one error path; publishes what changed."""

    def __init__(self, ctx: AppContext, publish: Callable[[Changes], None]) -> None:
        self._ctx = ctx
        self._publish = publish

    def profile_id(self) -> int:
        return self._ctx.profiles.current().id

    def of(self, question_ids: Collection[int], profile_id: int | None = None) -> dict[int, Marks]:
        profile = self.profile_id() if profile_id is None else profile_id
        return self._ctx.marks.of(profile, question_ids)

    def set_bookmark(self, profile: int, question_id: int, on: bool, show: Callable[[str], object]) -> Marks | None:
        outcome = call_core(lambda: self._ctx.marks.set_bookmark(profile, question_id, on), show)
        if outcome is REFUSED:
            return None
        marks, changes = outcome
        self._publish(changes)
        return marks

    def save_note(self, profile: int, question_id: int, text: str, show: Callable[[str], object]) -> Marks | None:
        outcome = call_core(lambda: self._ctx.marks.set_note(profile, question_id, text), show)
        if outcome is REFUSED:
            return None
        marks, changes = outcome
        self._publish(changes)
        return marks


def bookmark_button(number: int | None = None) -> QPushButton:
    """A toggle whose pressed state a screen reader announces; its text says it as well."""
    widget = button(UNMARKED, numbered("Bookmark", number),
                    tip=f"Keep this question for later: practise or search your bookmarks ({SHORTCUT})"
                    if number is None else "Keep this question for later: practise or search your bookmarks")
    widget.setCheckable(True)
    return widget


def show_bookmark(widget: QPushButton, on: bool) -> None:
    widget.blockSignals(True)
    widget.setChecked(on)
    widget.blockSignals(False)
    widget.setText(MARKED if on else UNMARKED)
    widget.setAccessibleDescription("bookmarked" if on else "not bookmarked")


class NoteEditor(QWidget):
    """`My note`: a few lines the student writes on a question, saved on demand or on leaving."""

    save_requested = Signal(str)

    def __init__(self, number: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        self.title = label("My note", role="muted")
        self.field = QPlainTextEdit()
        self.field.setAccessibleName(numbered("My note", number))
        self.field.setAccessibleDescription(NOTE_HINT)
        self.field.setPlaceholderText(NOTE_HINT)
        self.field.setToolTip("Saved when you leave the field or the question (Ctrl+Enter saves now)")
        self.field.setTabChangesFocus(True)
        self.field.setFixedHeight(self.field.fontMetrics().lineSpacing() * 3 + 18)
        row = QHBoxLayout()
        self.status = label(role="muted", name=numbered("Note status", number))
        self.save_button = button("Save note", numbered("Save note", number), tip="Save your note now (Ctrl+Enter)")
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout.addWidget(self.title)
        layout.addWidget(self.field)
        layout.addLayout(row)
        self._saved = ""
        self.save_button.clicked.connect(self.commit)
        self.field.installEventFilter(self)

    def show_note(self, text: str) -> None:
        self._saved = text
        self.field.setPlainText(text)
        self.status.setText("")

    def pending(self) -> str | None:
        """The text to save, or None when it is what was saved."""
        text = self.field.toPlainText()
        return None if text.strip() == self._saved.strip() else text

    def commit(self) -> None:
        """Asks to save the note if it changed since it was shown or last saved."""
        text = self.pending()
        if text is not None:
            if len(text.strip()) > MAX_NOTE:
                self.status.setText(f"A note has at most {MAX_NOTE} characters; this one has {len(text.strip())}.")
                return
            self.save_requested.emit(text)

    def saved(self, text: str) -> None:
        self._saved = text
        self.status.setText("Note saved." if text else "Note deleted.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.field:
            if event.type() == QEvent.Type.FocusOut:
                self.commit()
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                    and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.commit()
                return True
        return super().eventFilter(watched, event)


class QuestionMarks(QObject):
    """Binds one bookmark toggle and (optionally) one note editor to whichever question is shown,
    for the student studying when it was shown (a note half written is never saved to another
    profile after a switch)."""

    def __init__(self, client: MarksClient, bookmark: QPushButton, editor: NoteEditor | None,
                 show_error: Callable[[str], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._bookmark = bookmark
        self._editor = editor
        self._show_error = show_error
        self.question_id: int | None = None
        self.profile_id: int | None = None
        self.marks = Marks(0)
        bookmark.toggled.connect(self._on_toggled)
        if editor is not None:
            editor.save_requested.connect(self._on_save)

    def show(self, question_id: int, marks: Marks | None = None) -> Marks:
        """Shows this question's marks (read now unless given); a pending note is saved first."""
        if self._editor is not None and self.question_id is not None and self.question_id != question_id:
            self._editor.commit()
        self.question_id = question_id
        self.profile_id = self._client.profile_id()
        self.marks = marks if marks is not None else self._client.of([question_id], self.profile_id)[question_id]
        show_bookmark(self._bookmark, self.marks.bookmarked)
        if self._editor is not None:
            self._editor.show_note(self.marks.note)
        return self.marks

    def toggle(self) -> None:
        """Ctrl+B."""
        if self.question_id is not None and self._bookmark.isEnabled():
            self._bookmark.toggle()

    def commit(self) -> None:
        if self._editor is not None and self.question_id is not None:
            self._editor.commit()

    def _on_toggled(self, on: bool) -> None:
        if self.question_id is None or self.profile_id is None:
            return
        marks = self._client.set_bookmark(self.profile_id, self.question_id, on, self._show_error)
        if marks is None:
            show_bookmark(self._bookmark, self.marks.bookmarked)
            return
        self.marks = marks
        show_bookmark(self._bookmark, marks.bookmarked)

    def _on_save(self, text: str) -> None:
        if self.question_id is None or self.profile_id is None or self._editor is None:
            return
        marks = self._client.save_note(self.profile_id, self.question_id, text, self._editor.status.setText)
        if marks is not None:
            self.marks = marks
            self._editor.saved(marks.note)
