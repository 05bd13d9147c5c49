"""Study notes: the CCMA Essentials handbook, listed by domain, searchable, opened at a section.

Qt renders the notes' Markdown itself (QTextDocument.setMarkdown). A note is shown whole, so a
student can read on past the section a rationale pointed at; each section's `Sources:` line is
shown under it. Links are shown, never opened: the app stays offline.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.changes import Changes
from quizapp.core.notes import NoteHit, NoteSearch, NoteService, NoteView, search_terms
from quizapp.core.taxonomy import CLINICAL
from quizapp.core.wording import plural
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, label
from quizapp.ui.widgets.html_rows import HtmlRowDelegate

TARGET = Qt.ItemDataRole.UserRole  # (note name, section anchor or "") an item opens
MIN_QUERY = 2  # one letter is in every section: a list of all of them helps nobody
SHOWN_HITS = 20  # a screenful and a half; more only slows typing


def note_markdown(note: NoteView) -> str:
    """The note as one Markdown document: its sections, each with its sources under it."""
    place = f"{note.domain} · {note.subdomain}" if note.subdomain else note.domain
    parts = [f"# {note.title}"] + ([f"*{place}*"] if place != note.title else [])
    if note.intro:
        parts.append(note.intro)
    for section in note.sections:
        parts += [f"## {section.heading}", section.body]
        if section.sources:
            parts.append(f"*Sources: {section.sources}*")
    return "\n\n".join(parts) + "\n"


def hit_html(hit: NoteHit) -> str:
    text, last, out = hit.snippet, 0, []
    for start, end in hit.spans:
        if start < last:
            continue
        out += [html.escape(text[last:start]), f"<b>{html.escape(text[start:end])}</b>"]
        last = end
    out.append(html.escape(text[last:]))
    return f"<b>{html.escape(hit.note_title)} › {html.escape(hit.heading)}</b><br>{''.join(out)}"


class NotesPage(Page):
    title = "Study notes"
    back = Signal()

    def __init__(self, notes: NoteService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = notes
        self._notes: dict[str, NoteView] = {}
        self._search: NoteSearch | None = None
        self._shown: str | None = None
        self._documents: dict[str, QTextDocument] = {}  # rendered notes: a second open only scrolls
        self._built_look: tuple[str, int] = ("", 0)
        self._terms: list[str] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 20)
        outer.setSpacing(12)

        top = QHBoxLayout()
        top.addWidget(label("Study notes", role="title"), 1)
        self.search_field = QLineEdit()
        self.search_field.setAccessibleName("Search notes")
        self.search_field.setPlaceholderText("Search the notes, e.g. order of draw")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setToolTip("Every section holding all the words you type (Ctrl+F here; Esc clears)")
        self.search_field.setMinimumWidth(280)
        top.addWidget(self.search_field)
        outer.addLayout(top)
        self.status = label(role="muted", name="Notes status")
        outer.addWidget(self.status)

        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.setAccessibleName("Notes contents")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setItemDelegate(HtmlRowDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows re-measured when the width changes
        self.results.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.left = QStackedWidget()
        self.left.addWidget(self.contents)
        self.left.addWidget(self.results)
        self.text = QTextBrowser()
        self.text.setAccessibleName("Note text")
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        splitter = QSplitter()
        splitter.addWidget(self.left)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([360, 900])
        self.left.setMinimumWidth(240)
        outer.addWidget(splitter, 1)

        self.back_button = button("Back", tip="Return to where you were (Esc)")
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        outer.addLayout(row)

        self.back_button.clicked.connect(self.back)
        self.search_field.installEventFilter(self)
        self.search_field.textChanged.connect(self._on_search)
        self.contents.currentItemChanged.connect(lambda item, _old: self._open_item(item))
        self.results.currentItemChanged.connect(lambda item, _old: self._open_item(item))
        self.results.itemActivated.connect(lambda _item: self.text.setFocus())
        self.contents.itemActivated.connect(lambda _item: self.text.setFocus())

    # -- data ------------------------------------------------------------------------------------
    def cares_about(self, changes: Changes) -> bool:
        return changes.bank

    def refresh(self) -> None:
        notes = self._service.all()
        self._notes = {n.name: n for n in notes}
        self._search = NoteSearch(notes)
        self._documents.clear()
        self._fill_contents(notes)
        if self._shown not in self._notes:
            self._shown = None
        if not notes:
            self.status.setText("No study notes are installed.")
        elif not self.search_field.text().strip():
            self.status.setText(f"{plural(len(notes), 'note')}. Choose a note or a section, or search them all.")
        self._on_search(self.search_field.text())

    def _fill_contents(self, notes: list[NoteView]) -> None:
        """One entry per note in the test plan's order; Clinical Patient Care's six notes sit under
        it; each note's sections below it, so the contents are also every note's table of contents."""
        self.contents.blockSignals(True)
        self.contents.clear()
        clinical: QTreeWidgetItem | None = None
        for note in notes:
            parent = None
            if note.domain == CLINICAL:
                if clinical is None:
                    clinical = QTreeWidgetItem([CLINICAL])
                    clinical.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    self.contents.addTopLevelItem(clinical)
                parent = clinical
            item = QTreeWidgetItem([note.title])
            item.setToolTip(0, note.title)
            item.setData(0, TARGET, (note.name, ""))
            if parent is None:
                self.contents.addTopLevelItem(item)
            else:
                parent.addChild(item)
            for section in note.sections:
                child = QTreeWidgetItem(item, [section.heading])
                child.setToolTip(0, section.heading)
                child.setData(0, TARGET, (note.name, section.anchor))
        if clinical is not None:
            clinical.setExpanded(True)
        self.contents.blockSignals(False)

    # -- reading ---------------------------------------------------------------------------------
    def open_note(self, name: str, anchor: str = "") -> bool:
        """Shows the note `name` at its section `anchor` (the top when empty); False if not there."""
        if not self._notes:
            self.refresh()
        note = self._notes.get(name)
        if note is None:
            return False
        if self._shown != name:
            document = self._documents.get(name)
            if document is None:
                document = QTextDocument(self)
                document.setDefaultFont(self.text.font())
                document.setDocumentMargin(14)
                document.setMarkdown(note_markdown(note), QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
                self._quieten_sources(document)
                self._documents[name] = document
                self._built_look = self._look()
            self.text.setDocument(document)
            self._shown = name
        self._highlight()
        self._scroll_to(note, anchor)
        self._select_in_contents(name, anchor)
        return True

    def _quieten_sources(self, document: QTextDocument) -> None:
        """Sources lines in a smaller, muted type: there to check, not to read first."""
        fmt = QTextCharFormat()
        fmt.setForeground(self.palette().color(self.palette().ColorRole.PlaceholderText))
        fmt.setFontPointSize(max(7.0, self.font().pointSizeF() * 0.85))
        edit = QTextCursor(document)
        edit.beginEditBlock()  # one relayout for all of them, not one per Sources line
        block = document.begin()
        while block.isValid():
            if block.text().startswith("Sources:"):
                edit.setPosition(block.position())
                edit.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
                edit.mergeCharFormat(fmt)
            block = block.next()
        edit.endEditBlock()

    def _scroll_to(self, note: NoteView, anchor: str) -> None:
        heading = next((s.heading for s in note.sections if s.anchor == anchor), None)
        block = self.text.document().begin()
        target = None
        while heading is not None and block.isValid():
            if block.blockFormat().headingLevel() == 2 and block.text().strip() == heading:
                target = block
                break
            block = block.next()
        cursor = QTextCursor(target if target is not None else self.text.document().begin())
        self.text.setTextCursor(cursor)
        layout = self.text.document().documentLayout()
        top = layout.blockBoundingRect(target).top() if target is not None else 0
        self.text.verticalScrollBar().setValue(int(top))

    def _highlight(self) -> None:
        """Marks every searched word in the note, so the student sees why it matched."""
        selections = []
        if self._terms:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ffe08a"))
            fmt.setForeground(QColor("#1a1a1a"))
            document = self.text.document()
            marked: list[tuple[int, int]] = []
            for term in self._terms:  # the phrase first, then its words elsewhere
                cursor = document.find(term)
                while not cursor.isNull():
                    span = (cursor.selectionStart(), cursor.selectionEnd())
                    if not any(a <= span[0] < b for a, b in marked):
                        marked.append(span)
                        selection = QTextEdit.ExtraSelection()
                        selection.cursor, selection.format = cursor, fmt
                        selections.append(selection)
                    cursor = document.find(term, cursor)
        self.text.setExtraSelections(selections)

    def _select_in_contents(self, name: str, anchor: str) -> None:
        self.contents.blockSignals(True)
        for target in self.contents.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
            if target.data(0, TARGET) == (name, anchor):
                self.contents.setCurrentItem(target)
                self.contents.scrollToItem(target)
                break
        self.contents.blockSignals(False)

    def _open_item(self, item: QTreeWidgetItem | QListWidgetItem | None) -> None:
        if item is None:
            return
        target = item.data(0, TARGET) if isinstance(item, QTreeWidgetItem) else item.data(TARGET)
        if target:
            self.open_note(*target)

    def _look(self) -> tuple[str, int]:
        return self.text.font().key(), self.palette().cacheKey()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        """A new theme or text size: rendered notes carry the old colours and sizes, so redo them
        (and only then: Qt sends these events on first show too)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange) \
                and self._documents and self._look() != self._built_look:
            self._documents.clear()
            shown, self._shown = self._shown, None
            if shown is not None and shown in self._notes:
                position = self.text.verticalScrollBar().value()
                self.open_note(shown, "")
                self.text.verticalScrollBar().setValue(position)

    # -- search ----------------------------------------------------------------------------------
    def _on_search(self, text: str) -> None:
        query = text.strip()
        self._terms = search_terms(query)
        if len(query) < MIN_QUERY or self._search is None:
            self._terms = []
            self.left.setCurrentWidget(self.contents)
            self._highlight()
            if query:
                self.status.setText(f"Type at least {MIN_QUERY} letters to search.")
            return
        hits = self._search.find(query, limit=10_000)
        self.results.blockSignals(True)
        self.results.clear()
        for hit in hits[:SHOWN_HITS]:
            item = QListWidgetItem(hit_html(hit))
            item.setData(TARGET, (hit.note, hit.anchor))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{hit.note_title}, {hit.heading}: {hit.snippet}")
            self.results.addItem(item)
        self.results.blockSignals(False)
        self.left.setCurrentWidget(self.results)
        count = len(hits)
        best = f" The best {SHOWN_HITS} are listed; add a word to narrow them." if count > SHOWN_HITS else ""
        self.status.setText(f"{count} section{' mentions' if count == 1 else 's mention'} “{query}”.{best}" if hits
                            else f"No section mentions all of “{query}”. Try fewer or other words.")
        self._highlight()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Down from the search field goes into the results (or the contents), opening the first."""
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down:
            target = self.left.currentWidget()
            target.setFocus()
            if isinstance(target, QListWidget) and target.count() and target.currentRow() < 0:
                target.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def show_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    find_in_page = show_search  # Ctrl+F on this page searches the notes, not the questions

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            if self.search_field.text():
                self.search_field.clear()
                self.search_field.setFocus()
            else:
                self.back.emit()
        elif event.matches(QKeySequence.StandardKey.Find):
            self.show_search()
        else:
            super().keyPressEvent(event)
