"""Item analysis: per question, the students who answered, the share right, discrimination,
how often each option was chosen, reports and flags; retire a flagged question of an imported
set; export the class report. Behind the instructor passphrase (DESIGN.md)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from quizapp.core.changes import Changes
from quizapp.core.classroom.items import MIN_STUDENTS, ItemStats
from quizapp.core.context import AppContext
from quizapp.core.percent import percent
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.class_results import EVERYONE, date_fields, period_from
from quizapp.ui.pages.instructor_page import InstructorPage
from quizapp.ui.widgets.common import back_row, button, card, label, scroll_page
from quizapp.ui.widgets.passphrase_gate import PassphraseGate
from quizapp.ui.widgets.status_line import hush, say, status_label
from quizapp.ui.widgets.tables import fill_table, read_only_table

ALL_SETS = "Every set"
FLAG_WORDS = {"very-easy": "very easy", "very-hard": "very hard", "no-discrimination": "does not discriminate",
              "check-key": "check the key", "reported": "reported"}


class ItemAnalysisPage(InstructorPage):
    title = "Item analysis"
    back = Signal()
    publish = Signal(object)  # Changes

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._items: list[ItemStats] = []
        column = scroll_page(self)
        column.addWidget(label("Item analysis", role="title"))
        self.gate = PassphraseGate("Item analysis")
        column.addWidget(self.gate)
        self.body, layout = card()
        filters = QHBoxLayout()
        self.set_combo = QComboBox()
        self.set_combo.setAccessibleName("Question set to analyse")
        self.class_combo = QComboBox()
        self.class_combo.setAccessibleName("Class to analyse")
        filters.addWidget(self.set_combo, 1)
        filters.addWidget(self.class_combo, 1)
        layout.addLayout(filters)
        when = QHBoxLayout()  # a second row, so 200% text still fits 1024 pixels
        self.since, self.until = date_fields(when)
        self.flagged_only = QCheckBox("Flagged only")
        self.flagged_only.setAccessibleName("Flagged only")
        when.addWidget(self.flagged_only)
        self.show_button = button("Show", "Show items", tip="Analyse the answers in this set, class and period")
        when.addWidget(self.show_button)
        when.addStretch(1)
        layout.addLayout(when)
        layout.addWidget(label(f"Each student counts once per question, by their first answer in the period. p is "
                               f"the share right; discrimination (point-biserial against the student's other "
                               f"answers) and flags need {MIN_STUDENTS} students.", role="muted",
                               name="About item statistics"))
        self.summary = label(name="Item summary")
        layout.addWidget(self.summary)
        self.table = read_only_table(["Question", "Flags", "Chosen (key *)", "Students", "p", "Discrimination",
                                      "Reports"], "Item statistics")
        layout.addWidget(self.table)
        actions = QHBoxLayout()
        self.retire_button = button("Retire question", tip="Hide the selected question of an imported set from new "
                                    "practice and exams; its answers stay")
        actions.addWidget(self.retire_button)
        actions.addStretch(1)
        self.lock_button = button("Lock", "Lock item analysis", tip="Forget the passphrase in this window")
        actions.addWidget(self.lock_button)
        layout.addLayout(actions)
        self.status = status_label("Item analysis status")
        layout.addWidget(self.status)
        column.addWidget(self.body)
        self.back_button = back_row(column)
        column.addStretch(1)
        self.body.hide()
        self.gate.unlocked.connect(self._on_unlock)
        self.show_button.clicked.connect(self.refresh)
        self.flagged_only.toggled.connect(lambda _: self._render())
        self.retire_button.clicked.connect(self._on_retire)
        self.lock_button.clicked.connect(self.lock)
        self.back_button.clicked.connect(self.back)

    def cares_about(self, changes: Changes) -> bool:
        return self.unlocked and bool(changes.answers or changes.bank or changes.reports)

    def _opened(self) -> None:
        self.set_combo.clear()
        self.set_combo.addItem(ALL_SETS, None)
        for info in self._ctx.sets.list():
            self.set_combo.addItem(info.name, info.slug)
        self.class_combo.clear()
        self.class_combo.addItem(EVERYONE, None)
        for cls in self._ctx.classes.all():
            self.class_combo.addItem(cls.name, cls.name)
        self.refresh()
        self.set_combo.setFocus()

    def refresh(self) -> None:
        self._stale = False
        if not self.unlocked:
            return
        hush(self.status)
        found = call_core(lambda: self._ctx.instructor.items(
            self._secret, set_slug=self.set_combo.currentData(), class_name=self.class_combo.currentData(),
            period=period_from(self.since, self.until)), lambda m: say(self.status, m, problem=True))
        if found is REFUSED:
            return
        self._items = sorted(found, key=lambda i: (-len(i.flags), i.p if i.p is not None else 1.0))
        self._render()

    def _shown(self) -> list[ItemStats]:
        return [i for i in self._items if i.flags] if self.flagged_only.isChecked() else self._items

    def _render(self) -> None:
        rows = []
        for i in self._shown():
            chosen = " ".join(f"{c.letter}{'*' if c.correct else ''} {c.chosen}" for c in i.choices)
            disc = "–" if i.discrimination is None else f"{i.discrimination:.2f}"
            name = f"{i.set_slug} / {i.ext_id}" + (" (retired)" if i.retired else "")
            rows.append([name, ", ".join(FLAG_WORDS.get(f, f) for f in i.flags), chosen, str(i.answers),
                         percent(i.p, none="–"), disc, str(i.reports)])
        fill_table(self.table, rows, numeric_from=3)
        flagged = sum(1 for i in self._items if i.flags)
        self.summary.setText(f"{plural(len(self._items), 'question')} answered, {flagged} flagged." if self._items else
                             "No answers in this set, class and period yet.")

    def _on_retire(self) -> None:
        shown = self._shown()
        row = self.table.currentRow()
        if not 0 <= row < len(shown):
            say(self.status, "Select a question in the table first.", problem=True)
            return
        item = shown[row]
        changes = call_core(lambda: self._ctx.instructor.retire(self._secret, item.question_id),
                            lambda m: say(self.status, m, problem=True))
        if changes is REFUSED:
            return
        self.publish.emit(changes)
        self.refresh()
        say(self.status, f"Retired {item.set_slug} / {item.ext_id}: it is no longer drawn; its answers stay.")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)
