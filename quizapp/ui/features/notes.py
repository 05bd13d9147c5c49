"""Study notes: home's `Study notes` button, View › Study notes (Ctrl+T), and "Read the note"
from any rationale, with Back returning exactly where the student was."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from quizapp.ui import keys
from quizapp.ui.widgets.common import button

if TYPE_CHECKING:
    from quizapp.ui.main_window import MainWindow
    from quizapp.ui.pages.notes import NotesPage

SHORTCUT = keys.NOTES.keys


class NotesFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        self._return_to: QWidget | None = None
        window.add_lazy_page("notes", self._make_page)

        self.open_button = button("Study notes", tip=f"Read the CCMA Essentials notes, or search them ({SHORTCUT})")
        window.home.add_action(self.open_button)
        self.open_button.clicked.connect(lambda: self.open())

        self.action = window.command("&View", "&Study notes", SHORTCUT, lambda: self.open(),
                                     tip=f"Read or search the study notes ({SHORTCUT})", on_top=True)

    def _make_page(self) -> NotesPage:
        from quizapp.ui.pages.notes import NotesPage

        page = NotesPage(self.ctx.notes)
        page.back.connect(self._on_back)
        return page

    @property
    def page(self) -> NotesPage:
        return self.window.page("notes")  # type: ignore[return-value]

    def open(self) -> None:
        """From home or the menu: the contents, search ready."""
        self._return_to = None
        page = self.page
        page.refresh()
        self.window.show_page("notes")
        page.back_button.setToolTip("Return to the home page (Esc)")
        page.show_search()

    def read(self, name: str, anchor: str) -> None:
        """From a rationale: the note at the cited section; Back returns to the page it came from,
        untouched (same question, same scroll position)."""
        current = self.window.stack.currentWidget()
        page = self.page
        if current is not page:
            self._return_to = current
        if not page.open_note(name, anchor):
            return
        self.window.show_page("notes")
        page.back_button.setToolTip("Return to the question you were reading (Esc)")
        page.text.setFocus()

    def _on_back(self) -> None:
        target, self._return_to = self._return_to, None
        if target is None or target is self.window.loading:
            self.window.show_home()
            return
        self.window.stack.setCurrentWidget(target)
        self.window.setWindowTitle(f"{getattr(target, 'title', '')} — quizapp")
        focus = getattr(target, "note_return_focus", None)
        if callable(focus):
            focus()


def read_note(window: MainWindow, name: str, anchor: str) -> None:
    """What every rationale's "Read the note" does, whichever page shows it."""
    window.feature(NotesFeature).read(name, anchor)


def install(window: MainWindow) -> NotesFeature:
    return NotesFeature(window)
