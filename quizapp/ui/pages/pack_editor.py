"""The exam pack template editor: an instructor's own exam for a class, exported as one file.

A template is a name, a time limit, items per CCMA domain or per question set, and the
instructor's pass mark — always labelled as the instructor's, never as the NHA's (CONTENT.md;
the NHA reports a scaled score, not a percentage). `Export pack` draws the questions once, from
the sets switched on now, and writes one self-contained file; students load it with
`Import question set` and take it like a mock exam. Templates are kept by core (`ctx.packs`) so
they can be edited and exported again; every check (name, minutes, counts, shortfalls) is core's,
and its message is shown inline.

Every pack is signed with the instructor's key, unlocked by the passphrase typed beside Export
(the first export creates the key, so the passphrase is asked twice then). The key's short
fingerprint is shown for the instructor to give the class: a student's app shows who signed
each pack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QRadioButton, QSpinBox, QWidget

from quizapp.core.changes import Changes
from quizapp.core.packs.service import PackService
from quizapp.core.packs.signing import MIN_PASSPHRASE
from quizapp.core.packs.template import MAX_MINUTES, MAX_NAME, PASS_MARK_LABEL, PackTemplate, Selection, pack_slug
from quizapp.core.sets import SetService
from quizapp.core.taxonomy import ALL_DOMAINS
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page
from quizapp.ui.widgets.file_field import SaveFileRow
from quizapp.ui.widgets.flow_layout import FlowLayout
from quizapp.ui.widgets.inline_confirm import InlineConfirm
from quizapp.ui.widgets.pack_counts import CountRow, ItemCounts
from quizapp.ui.widgets.status_line import hush, say, status_label

PASS_MARK_FIELD = f"{PASS_MARK_LABEL} (%)"
PASS_MARK_NOTE = ("Your own threshold for this pack; students see it as the instructor's pass mark. It is not an "
                  "NHA pass mark: the NHA reports a scaled score, not a percentage of items.")
DEFAULT_MINUTES, DEFAULT_PASS_MARK = 60, 70


def describe(template: PackTemplate) -> str:
    per = "per CCMA domain" if template.by == "domain" else "per question set"
    return (f"{template.name} — {plural(template.items, 'item')} {per}, {plural(template.minutes, 'minute')}, "
            f"instructor's pass mark {100 * template.pass_mark:.0f}%")


class PackEditorPage(Page):
    title = "Exam pack template"
    back = Signal()

    def __init__(self, packs: PackService, sets: SetService, domain_counts: Callable[[], Mapping[str, int]],
                 publish: Callable[[Changes], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._packs = packs
        self._sets = sets
        self._domain_counts = domain_counts
        self._publish = publish
        self._editing = ""  # slug of the saved template in the form; "" for a new one
        self._values: dict[str, dict[str, int]] = {"domain": {}, "set": {}}
        self._template_rows: list[QWidget] = []
        self._templates: list[PackTemplate] = []
        self._deleting = ""
        column = scroll_page(self)
        row = QHBoxLayout()
        self.back_button = button("Back to question sets", tip="Return to the Question sets page (Esc)")
        row.addWidget(self.back_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(label("Exam packs", role="title"))
        column.addWidget(label("An exam pack is one file holding an exam's settings and a fixed selection of "
                               "questions. Students load it with Import question set and take it like a mock exam; "
                               "each time they take it, the same questions come in a new order.", role="muted"))
        column.addWidget(self._build_saved())
        column.addWidget(self._build_form())
        column.addWidget(self._build_export())
        column.addStretch(1)
        self.back_button.clicked.connect(self.back)

    # -- building ------------------------------------------------------------------------------
    def _build_saved(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Saved templates", role="subtitle"))
        self.saved_grid = QGridLayout()
        self.saved_grid.setColumnStretch(0, 1)
        layout.addLayout(self.saved_grid)
        self.no_templates = label("No saved templates yet. Fill in the form below and save it to use it again.",
                                  role="muted")
        layout.addWidget(self.no_templates)
        self.delete_confirm = InlineConfirm("Confirm delete template", "Cancel delete template",
                                            confirm_tip="Delete the saved template; packs already exported stay")
        layout.addWidget(self.delete_confirm)
        self.saved_status = status_label("Saved templates status")
        layout.addWidget(self.saved_status)
        self.delete_confirm.confirm.clicked.connect(self._on_delete_confirmed)
        return box

    def _build_form(self) -> QWidget:
        box, layout = card()
        self.form_title = label("New template", role="subtitle", name="Template heading")
        layout.addWidget(self.form_title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setColumnStretch(1, 1)
        self.name = QLineEdit()
        self.name.setAccessibleName("Pack name")
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText("The exam's name, as students will see it")
        self.minutes = QSpinBox()
        self.minutes.setAccessibleName("Time limit in minutes")
        self.minutes.setRange(1, MAX_MINUTES)
        self.minutes.setValue(DEFAULT_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setToolTip(f"From 1 to {MAX_MINUTES} minutes; students with extra time get more")
        self.pass_mark = QSpinBox()
        self.pass_mark.setAccessibleName(PASS_MARK_FIELD)
        self.pass_mark.setRange(1, 100)
        self.pass_mark.setValue(DEFAULT_PASS_MARK)
        self.pass_mark.setSuffix(" %")
        self.pass_mark.setToolTip("The share of items a student must get right to pass your exam")
        self.pass_mark.setAccessibleDescription(PASS_MARK_NOTE)
        for r, (text, widget) in enumerate((("Name", self.name), ("Time limit", self.minutes),
                                            (PASS_MARK_FIELD, self.pass_mark))):
            caption = label(text, wrap=False)
            caption.setBuddy(widget)
            grid.addWidget(caption, r, 0)
            grid.addWidget(widget, r, 1, alignment=Qt.AlignmentFlag.AlignLeft if widget is not self.name
                           else Qt.AlignmentFlag(0))
        self.pass_mark_note = label(PASS_MARK_NOTE, role="muted", name="Pass mark note")
        grid.addWidget(self.pass_mark_note, 3, 0, 1, 2)
        layout.addLayout(grid)

        layout.addWidget(label("Items", role="subtitle"))
        choose = FlowLayout()
        self.by_domain = QRadioButton("Per CCMA domain")
        self.by_domain.setAccessibleName("Items per CCMA domain")
        self.by_set = QRadioButton("Per question set")
        self.by_set.setAccessibleName("Items per question set")
        self._by = QButtonGroup(self)
        for radio in (self.by_domain, self.by_set):
            self._by.addButton(radio)
            choose.addWidget(radio)
        self.by_domain.setChecked(True)
        layout.addLayout(choose)
        layout.addWidget(label("Questions are drawn when you export, from the sets switched on then; “available” "
                               "counts them.", role="muted"))
        self.counts = ItemCounts()
        layout.addWidget(self.counts)
        self.total = label(name="Total items")
        layout.addWidget(self.total)
        actions = FlowLayout()
        self.save_button = button("Save template", tip="Keep this template to edit or export later", primary=True)
        self.new_button = button("New template", tip="Start an empty template")
        actions.addWidget(self.save_button)
        actions.addWidget(self.new_button)
        layout.addLayout(actions)
        self.form_status = status_label("Template status")
        layout.addWidget(self.form_status)

        self.by_domain.toggled.connect(self._on_selection_changed)
        self.counts.changed.connect(self._show_total)
        self.name.textChanged.connect(self._on_name_changed)
        self.name.returnPressed.connect(self._on_save)
        self.save_button.clicked.connect(self._on_save)
        self.new_button.clicked.connect(self.new_template)
        return box

    def _build_export(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Export the pack", role="subtitle"))
        layout.addWidget(label("Draws the questions now and writes one file with the template and those questions, "
                               "images included. Export again for a new selection.", role="muted"))
        self.signer = label(name="Signing key", role="muted")
        layout.addWidget(self.signer)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setColumnStretch(1, 1)
        self.passphrase = QLineEdit()
        self.passphrase.setAccessibleName("Signing passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setToolTip(f"Unlocks your signing key (at least {MIN_PASSPHRASE} characters)")
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setAccessibleName("Repeat signing passphrase")
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again.setToolTip("The first export creates your key: type the passphrase twice")
        self._again_caption = label("Repeat passphrase", wrap=False)
        for r, (text, widget) in enumerate((("Signing passphrase", self.passphrase),
                                            ("Repeat passphrase", self.passphrase_again))):
            caption = label(text, wrap=False) if r == 0 else self._again_caption
            caption.setBuddy(widget)
            grid.addWidget(caption, r, 0)
            grid.addWidget(widget, r, 1)
        layout.addLayout(grid)
        self.export_button = button("Export pack", tip="Sign and write the pack file (Enter)", primary=True)
        self.pack_file = SaveFileRow("Pack file", "Browse for pack file", "Export the exam pack to",
                                     action=self.export_button)
        self.pack_file.file_filter = "Exam packs (*.json)"
        layout.addWidget(self.pack_file)
        self.passphrase.returnPressed.connect(self._on_export)
        self.passphrase_again.returnPressed.connect(self._on_export)
        self.export_status = status_label("Pack status")
        layout.addWidget(self.export_status)
        self.export_button.clicked.connect(self._on_export)
        self.pack_file.field.returnPressed.connect(self._on_export)
        return box

    # -- showing -------------------------------------------------------------------------------
    def cares_about(self, changes: Changes) -> bool:
        return changes.bank

    def refresh(self) -> None:
        self._stale = False
        self._templates = self._packs.templates()
        self._show_saved()
        self._show_counts()
        self._show_signer()

    def _show_signer(self) -> None:
        info = call_core(self._packs.signer, lambda message: self.signer.setText(f"Signing key: {message}."))
        if info is REFUSED:
            return
        if info.exists:
            self.signer.setText(f"Packs are signed with your key {info.fingerprint}. Give your class this fingerprint: "
                                "their app shows who signed each pack and marks any other as not from you.")
        else:
            self.signer.setText("You have no signing key yet: your first export creates one, protected by the "
                                "passphrase you type here (keep it safe; quizapp cannot recover it).")
        self._again_caption.setVisible(not info.exists)
        self.passphrase_again.setVisible(not info.exists)

    def new_template(self) -> None:
        """An empty form, focused on the name (from `New exam pack` and `New template`)."""
        self._editing = ""
        self._values = {"domain": {}, "set": {}}
        self.name.clear()
        self.minutes.setValue(DEFAULT_MINUTES)
        self.pass_mark.setValue(DEFAULT_PASS_MARK)
        self.by_domain.setChecked(True)
        self.form_title.setText("New template")
        hush(self.form_status)
        hush(self.export_status)
        self._show_counts()
        self._focus(self.name)

    def edit_template(self, slug: str) -> None:
        template = next((t for t in self._templates if t.slug == slug), None)
        if template is None:
            return
        self._editing = template.slug
        self._values = {"domain": {}, "set": {}}
        self._values[template.by] = dict(template.counts)
        self.name.setText(template.name)
        self.minutes.setValue(template.minutes)
        self.pass_mark.setValue(max(1, round(100 * template.pass_mark)))
        (self.by_domain if template.by == "domain" else self.by_set).setChecked(True)
        self.form_title.setText(f"Editing {template.name}")
        hush(self.form_status)
        hush(self.export_status)
        self._show_counts()
        self._focus(self.name)

    def _focus(self, widget: QWidget) -> None:
        area = self.property("scrollArea")
        if area is not None:
            area.ensureWidgetVisible(widget, 50, 120)
        widget.setFocus()

    @property
    def selection(self) -> Selection:
        return "domain" if self.by_domain.isChecked() else "set"

    def _show_counts(self) -> None:
        if self.selection == "domain":
            available = self._domain_counts()
            rows = [CountRow(d, d, int(available.get(d, 0))) for d in ALL_DOMAINS]
        else:
            rows = [CountRow(s.slug, s.name, s.questions if s.enabled else 0, "" if s.enabled else "switched off")
                    for s in self._sets.list() if not s.is_pack]
        self.counts.show_rows(rows, self._values[self.selection])
        self._show_total()

    def _show_total(self) -> None:
        self._values[self.selection] = {k: v for k, v in self.counts.counts().items() if v}
        total = self.counts.total()
        short = self.counts.shortfalls()
        text = f"Total: {total} item{'' if total == 1 else 's'}."
        if short:
            text += " Not enough questions for " + "; ".join(short) + "."
        self.total.setText(text)

    def _show_saved(self) -> None:
        for widget in self._template_rows:
            widget.hide()
            widget.deleteLater()
        self._template_rows.clear()
        for r, template in enumerate(self._templates):
            text = label(describe(template))
            edit = button("Edit", f"Edit template {template.name}", tip=f"Open {template.name} in the form below")
            delete = button("Delete", f"Delete template {template.name}", tip="Asks you to confirm first")
            edit.clicked.connect(lambda _=False, s=template.slug: self.edit_template(s))
            delete.clicked.connect(lambda _=False, t=template: self._on_delete_asked(t))
            self.saved_grid.addWidget(text, r, 0)
            self.saved_grid.addWidget(edit, r, 1)
            self.saved_grid.addWidget(delete, r, 2)
            self._template_rows += [text, edit, delete]
            for widget in (text, edit, delete):
                widget.show()  # a layout would only show them on the next event-loop pass
        self.no_templates.setVisible(not self._templates)

    def _template(self) -> PackTemplate:
        return PackTemplate(self.name.text(), self.minutes.value(), self.pass_mark.value() / 100,
                            tuple(self.counts.counts().items()), self.selection, self._editing)

    # -- slots ---------------------------------------------------------------------------------
    def _on_selection_changed(self, _checked: bool) -> None:
        self._show_counts()

    def _on_name_changed(self, text: str) -> None:
        self.pack_file.suggest(f"{pack_slug(text or 'exam pack')}.json")

    def _on_save(self) -> None:
        template = self._template()
        clash = next((t for t in self._templates if not self._editing and t.slug == pack_slug(template.name)), None)
        if clash is not None:
            say(self.form_status, f"Cannot save: a saved template is already called {clash.name}. Edit it from the "
                                  "list above, or choose another name.", problem=True)
            self.name.setFocus()
            return
        def refused(message: str) -> None:
            say(self.form_status, f"Cannot save: {message}.", problem=True)
            self.name.setFocus()
        outcome = call_core(lambda: self._packs.save_template(template), refused)
        if outcome is REFUSED:
            return
        saved, changes = outcome
        self._editing = saved.slug
        self._publish(changes)
        if not self.isVisible():
            self.refresh()
        self.form_title.setText(f"Editing {saved.name}")
        say(self.form_status, f"Saved the template {saved.name} ({plural(saved.items, 'item')}).")

    def _on_export(self) -> None:
        out = self.pack_file.path()
        if out is None:
            say(self.export_status, "Type the path of the pack file to write, or choose it with Browse….", True)
            self.pack_file.field.setFocus()
            return
        passphrase = self.passphrase.text()
        if self.passphrase_again.isVisible() and passphrase != self.passphrase_again.text():
            say(self.export_status, "Nothing was exported: the two passphrases differ; type the same one twice.",
                problem=True)
            self.passphrase_again.setFocus()
            return
        result = call_core(lambda: self._packs.export(self._template(), out, passphrase=passphrase),
                           lambda message: say(self.export_status, f"Nothing was exported: {message}.", problem=True))
        if result is REFUSED:
            self.passphrase.setFocus()
            return
        self.passphrase.clear()
        self.passphrase_again.clear()
        self._show_signer()
        self.pack_file.remember(result.out)
        say(self.export_status, f"Exported {result.name}: {plural(result.questions, 'question')}, "
                                f"{plural(result.minutes, 'minute')}, "
                                f"{result.pass_mark_text}. Signed by your key {result.fingerprint}. Saved to "
                                f"{result.out}. Students load it with Import question set.")

    def _on_delete_asked(self, template: PackTemplate) -> None:
        self._deleting = template.slug
        hush(self.saved_status)
        self.delete_confirm.ask(f"Delete the saved template {template.name}? Packs you already exported from it "
                                "keep working.")

    def _on_delete_confirmed(self) -> None:
        self.delete_confirm.hide()
        slug, name = self._deleting, next((t.name for t in self._templates if t.slug == self._deleting), "")
        changes = call_core(lambda: self._packs.delete_template(slug),
                            lambda message: say(self.saved_status, f"Cannot delete: {message}.", problem=True))
        if changes is REFUSED:
            return
        if self._editing == slug:
            self._editing = ""
            self.form_title.setText("New template")
        self._publish(changes)
        if not self.isVisible():
            self.refresh()
        say(self.saved_status, f"Deleted the template {name}.")
        self.new_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            if self.delete_confirm.isVisible():
                self.delete_confirm.hide()
                return
            self.back.emit()
            return
        super().keyPressEvent(event)
