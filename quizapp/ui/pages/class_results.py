"""Class: every student's answers, accuracy by domain, last activity and mock exams, in a
period; open a student's Progress page; export the class report (PDF or CSV). Behind the
instructor passphrase (DESIGN.md)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from quizapp.core.changes import Changes
from quizapp.core.classroom.period import Period, parse_day
from quizapp.core.classroom.results import StudentResult
from quizapp.core.context import AppContext
from quizapp.core.percent import percent
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.instructor_page import InstructorPage
from quizapp.ui.widgets.common import back_row, button, card, label, scroll_page
from quizapp.ui.widgets.file_field import SaveFileRow
from quizapp.ui.widgets.passphrase_gate import PassphraseGate
from quizapp.ui.widgets.status_line import hush, say, status_label
from quizapp.ui.widgets.tables import fill_table, read_only_table

EVERYONE = "Every student"


def period_from(since: QLineEdit, until: QLineEdit) -> Period:
    """The period two optional YYYY-MM-DD fields give (UserError naming the field otherwise)."""
    first, last = since.text().strip(), until.text().strip()
    return Period(parse_day(first, "Since") if first else None, parse_day(last, "Until") if last else None)


def date_fields(row: QHBoxLayout) -> tuple[QLineEdit, QLineEdit]:
    fields = []
    for name in ("Since", "Until"):
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setPlaceholderText(f"{name} (YYYY-MM-DD)")
        field.setToolTip(f"{name}: a local day, included; leave empty for no limit")
        field.setMinimumWidth(field.fontMetrics().horizontalAdvance(f"{name} (YYYY-MM-DD)") + 16)
        row.addWidget(field)
        fields.append(field)
    return fields[0], fields[1]


class ClassResultsPage(InstructorPage):
    title = "Class"
    back = Signal()
    open_student = Signal(int, str)  # profile id, name

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._students: list[StudentResult] = []
        column = scroll_page(self)
        column.addWidget(label("Class", role="title"))
        self.gate = PassphraseGate("Class results")
        column.addWidget(self.gate)
        self.body, layout = card()
        filters = QHBoxLayout()
        self.class_combo = QComboBox()
        self.class_combo.setAccessibleName("Class to show")
        filters.addWidget(self.class_combo, 1)
        layout.addLayout(filters)
        when = QHBoxLayout()  # a second row, so 200% text still fits 1024 pixels
        self.since, self.until = date_fields(when)
        self.show_button = button("Show", tip="Show the results for this class and period")
        when.addWidget(self.show_button)
        when.addStretch(1)
        layout.addLayout(when)
        self.summary = label(name="Class summary")
        layout.addWidget(self.summary)
        # wrap_names: in an 800-pixel window the headers go onto two lines rather than the
        # table scrolling sideways past the students' names
        self.table = read_only_table(["Student", "Class", "Answered", "Accuracy", "Mock exams", "Best mock",
                                      "Last active"], "Class results", wrap_names=True)
        layout.addWidget(self.table)
        self.domains = read_only_table(["Domain", "Students", "Answers", "Accuracy"], "Accuracy by domain",
                                       wrap_names=True)
        layout.addWidget(self.domains)
        actions = QHBoxLayout()
        self.open_button = button("Open student", tip="The selected student's Progress page, as they see it")
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        self.lock_button = button("Lock", tip="Forget the passphrase in this window")
        actions.addWidget(self.lock_button)
        layout.addLayout(actions)
        layout.addWidget(label("Export the class report (the results table and a summary of the item analysis): "
                               "a .pdf or .csv file.", role="muted"))
        self.export_button = button("Export", "Export class report", tip="Write the class report to the file")
        self.save_row = SaveFileRow("Class report file", "Browse for class report file", "Save the class report",
                                    action=self.export_button)
        self.save_row.file_filter = "PDF or CSV (*.pdf *.csv)"
        layout.addWidget(self.save_row)
        self.status = status_label("Class status")
        layout.addWidget(self.status)
        column.addWidget(self.body)
        self.back_button = back_row(column)
        column.addStretch(1)
        self.body.hide()
        self.gate.unlocked.connect(self._on_unlock)
        self.show_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self._on_open)
        self.lock_button.clicked.connect(self.lock)
        self.export_button.clicked.connect(self._on_export)
        self.back_button.clicked.connect(self.back)

    def cares_about(self, changes: Changes) -> bool:
        return self.unlocked and bool(changes.answers or changes.attempts or changes.profiles)

    def _opened(self) -> None:
        current = self.class_combo.currentText()
        self.class_combo.clear()
        self.class_combo.addItem(EVERYONE)
        for info in self._ctx.classes.all():
            self.class_combo.addItem(info.name)
        if current:
            self.class_combo.setCurrentText(current)
        self.refresh()
        self.class_combo.setFocus()

    def _class_name(self) -> str | None:
        text = self.class_combo.currentText()
        return None if not text or text == EVERYONE else text

    def refresh(self) -> None:
        self._stale = False
        if not self.unlocked:
            return
        hush(self.status)
        found = call_core(lambda: self._ctx.instructor.results(self._secret, self._class_name(),
                                                               period_from(self.since, self.until)),
                          lambda m: say(self.status, m, problem=True))
        if found is REFUSED:
            return
        self._students = list(found)
        rows = []
        for s in self._students:
            best = max((m.score for m in s.mock_exams), default=None)
            last = f"{s.last_active.astimezone():%Y-%m-%d %H:%M}" if s.last_active else "–"
            rows.append([s.profile, s.class_name or "–", str(s.answered), percent(s.accuracy, none="–"),
                         str(len(s.mock_exams)), percent(best, none="–"), last])
        fill_table(self.table, rows, numeric_from=2)
        totals: dict[str, list[int]] = {}
        for s in self._students:
            for d in s.domains:
                cell = totals.setdefault(d.name, [0, 0, 0])
                cell[0] += 1 if d.answered else 0
                cell[1] += d.answered
                cell[2] += d.correct
        fill_table(self.domains, [[name, str(n), str(a), percent(c / a if a else None, none="–")]
                                  for name, (n, a, c) in totals.items()])
        self.summary.setText(f"{plural(len(self._students), 'student')} with answers · "
                             f"{period_from(self.since, self.until).describe()}" if self._students else
                             "No student has answered anything in this period.")
        name = (self._class_name() or "class").lower().replace(" ", "-")
        self.save_row.suggest(f"{name}-report.pdf")

    def _on_open(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._students):
            say(self.status, "Select a student in the table first.", problem=True)
            return
        student = self._students[row]
        self.open_student.emit(student.profile_id, student.profile)

    def _on_export(self) -> None:
        path = self.save_row.path()
        if path is None:
            say(self.status, "Type or choose where to save the report.", problem=True)
            return

        def export() -> None:
            from quizapp.core.errors import UserError

            if path.suffix.lower() not in (".pdf", ".csv"):
                raise UserError("name the file .pdf or .csv")
            report = self._ctx.instructor.class_report(self._secret, self._class_name(),
                                                       period_from(self.since, self.until))
            if path.suffix.lower() == ".csv":
                from quizapp.core.classroom.csv_reports import class_rows, write_rows

                write_rows(path, class_rows(report))
            else:
                from quizapp.printing.pdf_reports import write_class_pdf

                write_class_pdf(report, path)

        if call_core(export, lambda m: say(self.status, m, problem=True)) is REFUSED:
            return
        self.save_row.remember(path)
        say(self.status, f"Saved the class report to {path}.")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)
