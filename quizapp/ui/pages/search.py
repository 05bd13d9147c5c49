"""`Search questions`: every enabled set's questions (stems, options, rationales, topics and the
student's own notes), narrowed by set, domain, sub-domain, bookmarked, missed and has a note.

Results appear as one types (core answers in milliseconds, so there is no delay to wait out);
the one chosen opens on the right with its answer and rationale, and `Practise these` starts a
practice session on the results. Keys: Down from the field into the results, Ctrl+F back to the
field, Ctrl+B bookmarks the question shown, Esc clears the field, then goes back.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.changes import Changes
from quizapp.core.context import AppContext
from quizapp.core.search.service import MAX_PRACTICE, SearchHit, SearchRequest, SearchResults
from quizapp.core.taxonomy import CLINICAL
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, label
from quizapp.ui.widgets.flow_layout import FlowLayout
from quizapp.ui.widgets.found_question import FoundQuestionView
from quizapp.ui.widgets.html_rows import HtmlRowDelegate, marked_html
from quizapp.ui.widgets.question_marks import SHORTCUT, MarksClient

QUESTION = Qt.ItemDataRole.UserRole
EVERY = ""  # a filter combo's "all" entry


def badges(hit: SearchHit) -> list[str]:
    """What a result says besides its text, in words (never a colour or a symbol alone)."""
    found = ["★ bookmarked"] if hit.bookmarked else []
    if hit.missed:
        found.append("✗ missed last time")
    if hit.in_note:
        found.append("✎ found in your note")
    elif hit.has_note:
        found.append("✎ your note")
    return found


def hit_html(hit: SearchHit) -> str:
    place = " · ".join(p for p in (hit.set_name, hit.subdomain or hit.domain, hit.topic) if p)
    line = " · ".join([place, *badges(hit)])
    return f"{marked_html(hit.excerpt, hit.spans)}<br><small>{html.escape(line)}</small>"


def status_text(results: SearchResults) -> str:
    if results.small_words_only and not results.words:
        hint = "Words like “the” or “of” are in nearly every question, so they are left out. "
        if results.empty_request:
            return hint + "Type a more telling word, such as “tourniquet”."
        return hint + status_text(SearchResults(results.request, (), results.total, results.hits))
    if results.empty_request:
        return "Type words to search every question set you have switched on, or tick Bookmarked, Missed or Has a note."
    if not results.total:
        return "No question matches. Try fewer or other words, or clear a filter."
    shown = len(results.hits)
    found = f"{plural(results.total, 'question')} found"
    if shown < results.total:
        return f"{found}; the best {shown} are listed. Add a word or a filter to narrow them."
    return f"{found}."


class SearchPage(Page):
    title = "Search questions"
    back = Signal()
    practise = Signal(object)  # tuple[int, ...]: the results' question ids, best first
    note_requested = Signal(str, str)

    def __init__(self, ctx: AppContext, publish: Callable[[Changes], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._results: SearchResults | None = None
        self._subdomains: tuple[tuple[str, str], ...] = ()
        self._profile_id: int | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 20)
        outer.setSpacing(10)

        top = QHBoxLayout()
        top.addWidget(label("Search questions", role="title"))
        self.field = QLineEdit()
        self.field.setAccessibleName("Search questions")
        self.field.setPlaceholderText("Words from a question, an option, a rationale, a topic or your notes")
        self.field.setClearButtonEnabled(True)
        for clear in self.field.findChildren(QToolButton):  # the field's own clear button
            clear.setAccessibleName("Clear search")
        self.field.setToolTip("Every question holding all the words you type (Ctrl+F; Down goes to the results; "
                              "Esc clears)")
        top.addWidget(self.field, 1)
        outer.addLayout(top)

        filters = FlowLayout()
        self.set_filter = self._combo("Set", "All question sets")
        self.domain_filter = self._combo("Domain", "All domains")
        self.subdomain_filter = self._combo("Sub-domain", "All sub-domains")
        self.bookmarked = QCheckBox("Bookmarked")
        self.missed = QCheckBox("Missed")
        self.with_note = QCheckBox("Has a note")
        for box, tip in ((self.bookmarked, "Only questions you bookmarked"),
                         (self.missed, "Only questions you answered wrong the last time"),
                         (self.with_note, "Only questions you wrote a note on")):
            box.setAccessibleName(box.text())
            box.setToolTip(tip)
        for widget in (self.set_filter, self.domain_filter, self.subdomain_filter, self.bookmarked, self.missed,
                       self.with_note):
            filters.addWidget(widget)
        outer.addLayout(filters)
        self.status = label(role="muted", name="Search status")
        outer.addWidget(self.status)

        self.results = QListWidget()
        self.results.setAccessibleName("Question search results")
        self.results.setItemDelegate(HtmlRowDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.results.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.results.setMinimumWidth(260)
        self.detail = FoundQuestionView(MarksClient(ctx, publish))
        self.detail.note_requested.connect(self.note_requested)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible tab stop
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        scroll.setMinimumWidth(320)
        splitter = QSplitter()
        splitter.addWidget(self.results)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([480, 680])
        outer.addWidget(splitter, 1)

        row = QHBoxLayout()
        self.practise_button = button("Practise these", "Practise these results", primary=True,
                                      tip=f"A practice session on these results (up to {MAX_PRACTICE})")
        self.back_button = button("Back", "Back to home", tip="Return to the home page (Esc)")
        row.addWidget(self.practise_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        outer.addLayout(row)

        self.bookmark_shortcut = QShortcut(QKeySequence(SHORTCUT), self)
        self.bookmark_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.bookmark_shortcut.activated.connect(self.detail.marks.toggle)
        self.field.textChanged.connect(lambda _text: self.run())
        self.field.installEventFilter(self)
        for combo in (self.set_filter, self.subdomain_filter):
            combo.currentIndexChanged.connect(lambda _i: self.run())
        self.domain_filter.currentIndexChanged.connect(self._on_domain)
        for box in (self.bookmarked, self.missed, self.with_note):
            box.toggled.connect(lambda _on: self.run())
        self.results.currentItemChanged.connect(lambda item, _old: self._open(item))
        self.results.itemActivated.connect(lambda _item: self.detail.stem.setFocus())
        self.practise_button.clicked.connect(self._on_practise)
        self.back_button.clicked.connect(self.back)

    @staticmethod
    def _combo(name: str, every: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(f"{name}: narrow the search")
        combo.addItem(every, EVERY)
        return combo

    # -- data ------------------------------------------------------------------------------------
    def cares_about(self, changes: Changes) -> bool:
        return bool(changes.bank or changes.marks or changes.answers or changes.profiles)

    def refresh(self) -> None:
        """New sets, answers or marks: the filters' lists and the results again, the question
        shown left as it is (a note being written is never overwritten)."""
        self._fill_filters()
        profile = self._ctx.profiles.current().id
        self.run(keep_detail=profile == self._profile_id)  # another student's marks: open afresh

    def _fill_filters(self) -> None:
        choices = self._ctx.search.choices()
        self._refill(self.set_filter, choices.sets)
        self._refill(self.domain_filter, [(d, d) for d in choices.domains])
        self._subdomains = choices.subdomains
        self._fill_subdomains()

    @staticmethod
    def _refill(combo: QComboBox, entries: object) -> None:
        kept = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value, text in entries:  # type: ignore[attr-defined]
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(kept)))
        combo.blockSignals(False)

    def _fill_subdomains(self) -> None:
        domain = self.domain_filter.currentData()
        self._refill(self.subdomain_filter, [(s, s) for d, s in self._subdomains if domain in (EVERY, d)])
        self.subdomain_filter.setEnabled(domain in (EVERY, CLINICAL) and self.subdomain_filter.count() > 1)

    def _on_domain(self) -> None:
        self._fill_subdomains()
        self.run()

    def request(self) -> SearchRequest:
        return SearchRequest(
            text=self.field.text(), set_slug=self.set_filter.currentData() or None,
            domain=self.domain_filter.currentData() or None, subdomain=self.subdomain_filter.currentData() or None,
            bookmarked=self.bookmarked.isChecked(), missed=self.missed.isChecked(),
            with_note=self.with_note.isChecked())

    def run(self, *, keep_detail: bool = False) -> None:
        profile = self._ctx.profiles.current().id
        self._profile_id = profile
        request = self.request()
        results = call_core(lambda: self._ctx.search.search(profile, request), self.status.setText)
        if results is REFUSED:
            return
        self._results = results
        shown = self.detail.question_id
        self.results.blockSignals(True)
        self.results.clear()
        for hit in results.hits:
            item = QListWidgetItem(hit_html(hit))
            item.setData(QUESTION, hit.question_id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, ". ".join([hit.excerpt, *badges(hit)]))
            self.results.addItem(item)
            if hit.question_id == shown:
                self.results.setCurrentItem(item)
        self.results.blockSignals(False)
        self.status.setText(status_text(results))
        self.practise_button.setEnabled(results.total > 0)
        if not keep_detail or shown not in {h.question_id for h in results.hits}:
            self.detail.clear("Choose a result to read the question with its answer." if results.hits else
                              "Nothing to show.")

    @property
    def results_shown(self) -> SearchResults | None:
        return self._results

    # -- acting ----------------------------------------------------------------------------------
    def _open(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        profile, question_id = self._ctx.profiles.current().id, int(item.data(QUESTION))
        found = call_core(lambda: self._ctx.search.question(profile, question_id), self.status.setText)
        if found is not REFUSED:
            self.detail.show_question(found)

    def open_result(self, row: int) -> None:
        self.results.setCurrentRow(row)

    def _on_practise(self) -> None:
        profile, request = self._ctx.profiles.current().id, self.request()
        ids = call_core(lambda: self._ctx.search.ids_for_practice(profile, request), self.status.setText)
        if ids is not REFUSED and ids:
            self.detail.marks.commit()
            self.practise.emit(ids)

    def find_in_page(self) -> None:
        """Ctrl+F here: back to the field, its words selected."""
        self.field.setFocus()
        self.field.selectAll()

    def show_error(self, message: str) -> None:
        self.status.setText(message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Down from the field goes into the results, opening the first."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Down and self.results.count():
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            if self.field.text():
                self.field.clear()
                self.field.setFocus()
            else:
                self.back.emit()
        else:
            super().keyPressEvent(event)
