"""Practice set-up: which domains (and sets), how many questions, feedback after each or not."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QSpinBox, QWidget

from quizapp.core.changes import Changes
from quizapp.core.context import AppContext
from quizapp.core.practice import MAX_QUESTIONS, PracticeRequest
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button_row, button, card, label, scroll_page


NO_DOMAIN = ""  # the key of "questions with no CCMA domain" among the domain boxes


class PracticeSetupPage(Page):
    title = "Practice"
    begin = Signal(object)  # PracticeRequest
    back = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._topics: tuple[str, ...] | None = None
        column = scroll_page(self)
        column.addWidget(label("Practice", role="title"))
        self.intro = label("Choose what to practise. Questions you have not seen come first, then the ones "
                           "you missed.", role="muted")
        column.addWidget(self.intro)

        domains_card, domains_layout = card()
        domains_layout.addWidget(label("Domains", role="subtitle"))
        self.domain_grid = QGridLayout()
        domains_layout.addLayout(self.domain_grid)
        select_row = QHBoxLayout()
        self.all_domains = button("Select all domains")
        self.no_domains = button("Clear domains")
        select_row.addWidget(self.all_domains)
        select_row.addWidget(self.no_domains)
        select_row.addStretch(1)
        domains_layout.addLayout(select_row)
        column.addWidget(domains_card)

        self.sets_card, sets_layout = card()
        sets_layout.addWidget(label("Question sets", role="subtitle"))
        self.sets_grid = QGridLayout()
        sets_layout.addLayout(self.sets_grid)
        column.addWidget(self.sets_card)

        options, options_layout = card()
        row = QHBoxLayout()
        row.addWidget(label("Number of questions", wrap=False))
        self.count = QSpinBox()
        self.count.setRange(1, MAX_QUESTIONS)
        self.count.setValue(10)
        self.count.setAccessibleName("Number of questions")
        row.addWidget(self.count)
        row.addStretch(1)
        options_layout.addLayout(row)
        self.feedback = QCheckBox("Show the answer and rationale after each question")
        self.feedback.setAccessibleName("Show answers after each question")
        self.feedback.setChecked(True)
        options_layout.addWidget(self.feedback)
        column.addWidget(options)

        self.status = label(role="muted", name="Practice set-up status")
        column.addWidget(self.status)
        self.begin_button = button("Begin practice", tip="Start with these choices (Enter)", primary=True)
        self.back_button = button("Back", "Back to home", tip="Return to the home page (Esc)")
        button_row(column, self.begin_button, self.back_button)
        column.addStretch(1)

        self.domain_boxes: dict[str, QCheckBox] = {}
        self.set_boxes: dict[str, QCheckBox] = {}
        self.begin_button.clicked.connect(self._on_begin)
        self.back_button.clicked.connect(self.back)
        self.all_domains.clicked.connect(lambda: self._set_all(True))
        self.no_domains.clicked.connect(lambda: self._set_all(False))

    def cares_about(self, changes: Changes) -> bool:
        return bool(changes.bank or changes.answers or changes.profiles)

    def prepare(self, topics: tuple[str, ...] | None = None) -> None:
        """Called before showing: `topics` narrows the session (e.g. "practise my weakest topics")."""
        self._topics = topics
        self.refresh()
        if topics:
            self.intro.setText("Practising your weakest topics: " + ", ".join(topics) + ".")
        else:
            self.intro.setText("Choose what to practise. Questions you have not seen come first, then the "
                               "ones you missed.")

    def refresh(self) -> None:
        overview = self._ctx.overview.overview(self._ctx.profiles.current().id)
        previous = {name for name, box in self.domain_boxes.items() if box.isChecked()}
        for box in self.domain_boxes.values():
            box.hide()  # deleteLater keeps it on screen until the next event-loop pass
            box.deleteLater()
        self.domain_boxes.clear()
        available = [(d.name, d.name, d.questions) for d in overview.domains if d.questions]
        if overview.unassigned_questions:
            available.append((NO_DOMAIN, "No CCMA domain (imported)", overview.unassigned_questions))
        for i, (key, text, count) in enumerate(available):
            box = QCheckBox(f"{text} ({count})")
            box.setAccessibleName(text)
            box.setAccessibleDescription(f"{count} questions")
            box.setChecked(key in previous if previous else True)
            self.domain_grid.addWidget(box, i // 2, i % 2)
            box.show()
            self.domain_boxes[key] = box
        for box in self.set_boxes.values():
            box.hide()
            box.deleteLater()
        self.set_boxes.clear()
        sets = [s for s in self._ctx.sets.list() if s.enabled]
        for i, qset in enumerate(sets):
            box = QCheckBox(f"{qset.name} ({qset.questions})")
            box.setAccessibleName(f"Set {qset.name}")
            box.setChecked(True)
            self.sets_grid.addWidget(box, i // 2, i % 2)
            box.show()
            self.set_boxes[qset.slug] = box
        self.sets_card.setVisible(len(sets) > 1)
        self.status.setText("")

    def request(self) -> PracticeRequest:
        domains = tuple(name or None for name, box in self.domain_boxes.items() if box.isChecked())
        sets = tuple(slug for slug, box in self.set_boxes.items() if box.isChecked())
        return PracticeRequest(
            domains=None if self._topics else domains,
            set_slugs=sets if len(self.set_boxes) > 1 else None,
            topics=self._topics,
            count=self.count.value(),
            feedback=self.feedback.isChecked(),
        )

    def show_error(self, message: str) -> None:
        self.status.setText(message)

    def _set_all(self, checked: bool) -> None:
        for box in self.domain_boxes.values():
            box.setChecked(checked)

    def _on_begin(self) -> None:
        request = self.request()
        if request.domains is not None and not request.domains:
            self.status.setText("Choose at least one domain.")
            return
        if request.set_slugs is not None and not request.set_slugs:
            self.status.setText("Choose at least one question set.")
            return
        self.begin.emit(request)

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt naming
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_begin()
        elif event.key() == Qt.Key.Key_Escape:
            self.back.emit()
        else:
            super().keyPressEvent(event)
