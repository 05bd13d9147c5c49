"""The "Manage a set" card of the Question sets page: browse, reports, export, rename, remove.

One set is chosen at a time (the combo, kept in step with the table's selected row), and each
action opens its form inline below the buttons — never a modal dialog (DESIGN.md). Every
mutation goes through core (`SetService`) and its Changes are published, so the table, home and
the practice and exam set-ups redraw. The built-in bank can be browsed and exported only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from quizapp.core.changes import Changes
from quizapp.core.exports import ExportService
from quizapp.core.sets import SetInfo, SetService
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.widgets.common import button, card, label
from quizapp.ui.widgets.file_field import SaveFileRow
from quizapp.ui.widgets.flow_layout import FlowLayout
from quizapp.ui.widgets.inline_confirm import InlineConfirm
from quizapp.ui.widgets.status_line import hush, say, status_label

EXPORT_FORMATS: tuple[tuple[str, str, str, str], ...] = (
    ("GIFT (Moodle)", "gift", "GIFT files (*.gift *.txt)",
     ("Moodle imports GIFT directly. The id, domain and topic travel as the title and category; the rest "
      "rides in a comment line that quizapp reads back and Moodle ignores.")),
    ("Moodle XML", "moodle-xml", "Moodle XML files (*.xml)",
     ("Moodle's own question format. Holds everything, images included; domain, topic, difficulty and "
      "sources become tags.")),
    ("CSV spreadsheet", "csv", "CSV files (*.csv)",
     "One question per row, for a spreadsheet. Images go in a folder next to the file."),
    ("quizapp JSON", "json", "quizapp JSON files (*.json)",
     "quizapp's own format: everything, for another computer running quizapp."),
)


def display_names(sets: Sequence[SetInfo]) -> dict[str, str]:
    """Each set's name as shown and announced; two sets with one name get their short names
    added, so every control named after a set stays unique for screen readers."""
    counts: dict[str, int] = {}
    for s in sets:
        counts[s.name] = counts.get(s.name, 0) + 1
    return {s.slug: s.name if counts[s.name] == 1 else f"{s.name} ({s.slug})" for s in sets}


def origin_text(info: SetInfo) -> str:
    if info.is_builtin:
        return "quizapp"
    if info.is_pack:
        return f"exam pack {info.origin}" if info.origin else "an exam pack"
    return info.origin or "an import"


class SetActions(QWidget):
    browse_requested = Signal(str)
    reports_requested = Signal(str)
    chosen = Signal(str)  # the set now being managed, so the page can select its table row

    def __init__(self, sets: SetService, exports: ExportService, publish: Callable[[Changes], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sets = sets
        self._exports = exports
        self._publish = publish
        self._infos: dict[str, SetInfo] = {}
        self._names: dict[str, str] = {}
        frame, layout = card()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout.addWidget(label("Manage a set", role="subtitle"))
        row = QHBoxLayout()
        self.choice = QComboBox()
        self.choice.setAccessibleName("Set to manage")
        self.choice.setToolTip("The set the buttons below act on (or select its row in the table)")
        set_label = label("Set:", wrap=False)
        set_label.setBuddy(self.choice)
        row.addWidget(set_label)
        row.addWidget(self.choice, 1)
        layout.addLayout(row)
        self.summary = label(name="Set summary", selectable=True)
        layout.addWidget(self.summary)
        self.builtin_note = label("A built-in set can be browsed and exported. It cannot be renamed or removed; "
                                  "switch it off in the table instead.", role="muted")
        layout.addWidget(self.builtin_note)

        actions = FlowLayout()
        self.browse_button = button("Browse questions", tip="Search the set's questions and read each one in full")
        self.reports_button = button("Student reports", tip="The problems students reported on this set's questions")
        self.export_button = button("Export…", "Export set",
                                    tip="Write the set to a GIFT, Moodle XML, CSV or JSON file")
        self.rename_button = button("Rename…", "Rename set", tip="Give the set a new name")
        self.remove_button = button("Remove…", "Remove set", tip="Stop serving the set; asks you to confirm first")
        for widget in (self.browse_button, self.reports_button, self.export_button, self.rename_button,
                       self.remove_button):
            actions.addWidget(widget)
        layout.addLayout(actions)

        layout.addWidget(self._build_export())
        layout.addWidget(self._build_rename())
        self.remove_confirm = InlineConfirm("Confirm remove", "Cancel remove",
                                            confirm_tip="Remove the set; you can restore it later")
        layout.addWidget(self.remove_confirm)
        self.status = status_label("Set status")
        layout.addWidget(self.status)

        self.choice.currentIndexChanged.connect(self._on_set_chosen)
        self.browse_button.clicked.connect(lambda: self.browse_requested.emit(self.slug))
        self.reports_button.clicked.connect(lambda: self.reports_requested.emit(self.slug))
        self.export_button.clicked.connect(self._on_export_opened)
        self.rename_button.clicked.connect(self._on_rename_opened)
        self.remove_button.clicked.connect(self._on_remove_asked)
        self.remove_confirm.confirm.clicked.connect(self._on_remove_confirmed)
        self.remove_confirm.cancel.clicked.connect(self.remove_button.setFocus)

    # -- building ------------------------------------------------------------------------------
    def _build_export(self) -> QWidget:
        self.export_panel, layout = card("banner")
        self.export_title = label(role="subtitle")
        layout.addWidget(self.export_title)
        row = QHBoxLayout()
        self.format = QComboBox()
        self.format.setAccessibleName("Export format")
        self.format.setToolTip("The file format to write")
        for text, code, _, _ in EXPORT_FORMATS:
            self.format.addItem(text, code)
        format_label = label("Format:", wrap=False)
        format_label.setBuddy(self.format)
        row.addWidget(format_label)
        row.addWidget(self.format)
        row.addStretch(1)
        layout.addLayout(row)
        self.format_note = label(role="muted", name="Export format note")
        layout.addWidget(self.format_note)
        self.export_file = SaveFileRow("Export file", "Browse for export file", "Export the set to")
        layout.addWidget(self.export_file)
        row = QHBoxLayout()
        self.save_export = button("Export", "Save export", tip="Write the file (Enter)", primary=True)
        self.cancel_export = button("Cancel", "Cancel export", tip="Close this form (Esc)")
        row.addWidget(self.save_export)
        row.addWidget(self.cancel_export)
        row.addStretch(1)
        layout.addLayout(row)
        self.export_panel.hide()
        self.format.currentIndexChanged.connect(self._on_format_chosen)
        self.save_export.clicked.connect(self._on_export)
        self.export_file.field.returnPressed.connect(self._on_export)
        self.cancel_export.clicked.connect(self._on_export_cancelled)
        return self.export_panel

    def _build_rename(self) -> QWidget:
        self.rename_panel, layout = card("banner")
        self.rename_title = label(role="subtitle")
        layout.addWidget(self.rename_title)
        row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName("New set name")
        self.new_name.setPlaceholderText("The name students see")
        self.save_name = button("Rename", "Save new name", tip="Save the new name (Enter)", primary=True)
        self.cancel_rename = button("Cancel", "Cancel rename", tip="Keep the old name (Esc)")
        row.addWidget(self.new_name, 1)
        row.addWidget(self.save_name)
        row.addWidget(self.cancel_rename)
        layout.addLayout(row)
        layout.addWidget(label("Only the name changes: the set's short name, its questions and everyone's "
                               "history stay as they are.", role="muted"))
        self.rename_panel.hide()
        self.save_name.clicked.connect(self._on_rename)
        self.new_name.returnPressed.connect(self._on_rename)
        self.cancel_rename.clicked.connect(self._on_rename_cancelled)
        return self.rename_panel

    # -- showing -------------------------------------------------------------------------------
    @property
    def slug(self) -> str:
        return str(self.choice.currentData() or "")

    @property
    def info(self) -> SetInfo | None:
        return self._infos.get(self.slug)

    def show_sets(self, sets: Sequence[SetInfo], names: dict[str, str]) -> None:
        """Lists the sets, keeping the chosen one when it is still there."""
        keep = self.slug
        self._infos = {s.slug: s for s in sets}
        self._names = names
        self.choice.blockSignals(True)
        self.choice.clear()
        for s in sets:
            self.choice.addItem(names[s.slug], s.slug)
        index = self.choice.findData(keep)
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.blockSignals(False)
        self._show_chosen(changed=self.slug != keep)

    def select(self, slug: str) -> None:
        index = self.choice.findData(slug)
        if index >= 0 and index != self.choice.currentIndex():
            self.choice.setCurrentIndex(index)

    def close_forms(self) -> bool:
        """Hides any open form (Esc); True if one was open."""
        was_open = any(w.isVisible() for w in (self.export_panel, self.rename_panel, self.remove_confirm))
        self.export_panel.hide()
        self.rename_panel.hide()
        self.remove_confirm.hide()
        return was_open

    def _show_chosen(self, changed: bool) -> None:
        info = self.info
        has_set = info is not None
        for widget in (self.browse_button, self.reports_button, self.export_button):
            widget.setEnabled(has_set)
        editable = has_set and not info.is_builtin
        self.rename_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        self.builtin_note.setVisible(has_set and not editable)
        if changed:
            self.close_forms()
            hush(self.status)
        if info is None:
            self.summary.setText("No sets yet.")
            return
        questions = f"{info.questions} question{'' if info.questions == 1 else 's'}"
        served = "served" if info.enabled else "switched off (not served)"
        if info.is_pack:
            served = "an exam pack: its questions are served in its exam"
        self.summary.setText(f"{self._names[info.slug]}: {questions}, {served}. From {origin_text(info)}.")

    # -- slots ---------------------------------------------------------------------------------
    def _on_set_chosen(self, _index: int) -> None:
        self._show_chosen(changed=True)
        self.chosen.emit(self.slug)

    def _on_export_opened(self) -> None:
        info = self.info
        if info is None:
            return
        self.close_forms()
        self.export_title.setText(f"Export {self._names[info.slug]}")
        self._on_format_chosen(self.format.currentIndex())
        self.export_panel.show()
        self.format.setFocus()

    def _on_format_chosen(self, index: int) -> None:
        _, code, file_filter, note = EXPORT_FORMATS[max(0, index)]
        self.format_note.setText(note)
        self.export_file.file_filter = file_filter
        if self.info is not None:
            self.export_file.suggest(self._exports.suggested_name(self.slug, code))

    def _on_export(self) -> None:
        info, out = self.info, self.export_file.path()
        if info is None:
            return
        if out is None:
            say(self.status, "Type the path of the file to write, or choose it with Browse….", problem=True)
            self.export_file.field.setFocus()
            return
        code = str(self.format.currentData())
        def refused(message: str) -> None:
            say(self.status, f"Nothing was exported: {message}.", problem=True)
            self.export_file.field.setFocus()
        result = call_core(lambda: self._exports.export(info.slug, code, out), refused)
        if result is REFUSED:
            return
        self.export_file.remember(result.out)
        images = f", and {result.media_files} image{'' if result.media_files == 1 else 's'} in a folder beside it" \
            if result.media_files else ""
        self.export_panel.hide()
        say(self.status, f"Exported {plural(result.questions, 'question')} of {self._names[info.slug]} to "
                         f"{result.out}{images}.")
        self.export_button.setFocus()

    def _on_export_cancelled(self) -> None:
        self.export_panel.hide()
        self.export_button.setFocus()

    def _on_rename_opened(self) -> None:
        info = self.info
        if info is None or info.is_builtin:
            return
        self.close_forms()
        hush(self.status)
        self.rename_title.setText(f"Rename {self._names[info.slug]}")
        self.new_name.setText(info.name)
        self.rename_panel.show()
        self.new_name.setFocus()
        self.new_name.selectAll()

    def _on_rename(self) -> None:
        info = self.info
        if info is None:
            return
        def refused(message: str) -> None:
            say(self.status, f"Cannot rename: {message}.", problem=True)
            self.new_name.setFocus()
        changes = call_core(lambda: self._sets.rename(info.slug, self.new_name.text()), refused)
        if changes is REFUSED:
            return
        self.rename_panel.hide()
        self._publish(changes)
        new = self._infos[info.slug].name if info.slug in self._infos else self.new_name.text()
        say(self.status, f"{info.name} is now called {new}.")
        self.rename_button.setFocus()

    def _on_rename_cancelled(self) -> None:
        self.rename_panel.hide()
        self.rename_button.setFocus()

    def _on_remove_asked(self) -> None:
        info = self.info
        if info is None or info.is_builtin:
            return
        self.close_forms()
        hush(self.status)
        exam = " Its exam is no longer offered." if info.is_pack else ""
        self.remove_confirm.ask(f"Remove {self._names[info.slug]}? Its questions stop being served; students' "
                                f"history stays.{exam} You can restore it later from Removed sets.")

    def _on_remove_confirmed(self) -> None:
        info = self.info
        self.remove_confirm.hide()
        if info is None:
            return
        changes = call_core(lambda: self._sets.remove(info.slug),
                            lambda message: say(self.status, f"Cannot remove: {message}.", problem=True))
        if changes is REFUSED:
            return
        self._publish(changes)
        say(self.status, f"Removed {info.name}. Its questions are no longer served; students' history stays.")
        self.choice.setFocus(Qt.FocusReason.OtherFocusReason)
