"""Mock exam set-up: which blueprint, extra time, strict timing, and the exam's shape first.

Before anything starts the student sees what they are in for (items, time with their extra
time, items per domain). If the bank cannot fill the blueprint, `Begin exam` opens an inline
panel naming each short domain and by how many, with `Start anyway` and `Cancel` (no modal
dialog: DESIGN.md's GUI seam). If an exam is already open, the page says that beginning a new
one abandons it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.changes import Changes
from quizapp.core.exam.availability import Availability
from quizapp.core.exam.service import ExamService
from quizapp.core.exam.state import BlueprintInfo, InProgressExam
from quizapp.core.exam.timing import format_clock
from quizapp.core.taxonomy import CLINICAL
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, button_row, card, label, scroll_page
from quizapp.ui.widgets.countdown import duration_text

EXTRA_TIME = ((1.0, "1× (standard time)"), (1.5, "1.5×"), (2.0, "2×"))
STRICT_EXPLAINED = ("The clock keeps running while the app is closed, as at a test centre. Without it, the "
                    "clock stops while the app is closed, so a crash or a power cut costs you no time.")


@dataclass(frozen=True)
class ExamRequest:
    slug: str
    accommodation: float
    strict: bool


def blueprint_summary(info: BlueprintInfo) -> str:
    """"180 items (150 scored, 30 unscored pretest) · 3 hours · 7 domains"."""
    items = plural(info.items, "item") + (f" ({info.scored} scored, {info.unscored} unscored pretest)"
                                     if info.unscored else "")
    domains = sum(1 for _, n in info.domains if n)
    summary = f"{items} · {duration_text(info.minutes * 60)} · {plural(domains, 'domain')}"
    if info.is_pack and info.signer_note:
        summary += f"\n{info.signer_note}"
    return summary


def _listed(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def shortfall_lines(availability: Availability) -> list[str]:
    lines = [f"{s.label}: {s.missing} short ({s.wanted} wanted, {s.available} in the bank)"
             for s in availability.shortfalls]
    if availability.unscored_missing:
        lines.append(f"Unscored pretest items: {availability.unscored_missing} short "
                     "(no questions are left over for them)")
    return lines


class ExamSetupPage(Page):
    """Wraps the exam service's blueprints and availability; emits `begin` with an ExamRequest."""

    title = "Mock exam"
    begin = Signal(object)  # ExamRequest
    back = Signal()
    resume = Signal()

    def __init__(self, exams: ExamService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exams = exams
        self._blueprints: list[BlueprintInfo] = []
        self._availability: dict[str, Availability] = {}
        self.radios: dict[str, QRadioButton] = {}
        column = scroll_page(self)
        column.addWidget(label("Mock exam", role="title"))
        column.addWidget(label("A timed exam shaped like the NHA CCMA: four-option questions and no answers "
                               "shown until you submit. Flag questions, jump with the navigator, and review "
                               "before you submit.", role="muted"))

        self.open_banner, open_layout = card("banner")
        self.open_text = label(name="Unfinished exam")
        self.resume_button = button("Resume it instead", "Resume unfinished exam",
                                    tip="Go back to the exam you have not finished")
        open_layout.addWidget(self.open_text)
        open_layout.addWidget(self.resume_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.open_banner)

        choose, choose_layout = card()
        choose_layout.addWidget(label("Choose an exam", role="subtitle"))
        self._radio_box = QVBoxLayout()
        self._radio_box.setSpacing(4)
        choose_layout.addLayout(self._radio_box)
        self._group = QButtonGroup(self)
        column.addWidget(choose)

        timing, timing_layout = card()
        timing_layout.addWidget(label("Time", role="subtitle"))
        row = QHBoxLayout()
        row.addWidget(label("Extra time", wrap=False))
        self.extra_time = QComboBox()
        self.extra_time.setAccessibleName("Extra time")
        self.extra_time.setAccessibleDescription("An approved accommodation: 1.5 or 2 times the standard time")
        for factor, text in EXTRA_TIME:
            self.extra_time.addItem(text, factor)
        row.addWidget(self.extra_time)
        row.addStretch(1)
        timing_layout.addLayout(row)
        timing_layout.addWidget(label("For students with an approved testing accommodation.", role="muted"))
        self.strict = QCheckBox("Strict timing")
        self.strict.setAccessibleName("Strict timing")
        self.strict.setAccessibleDescription(STRICT_EXPLAINED)
        self.strict.setToolTip(STRICT_EXPLAINED)
        timing_layout.addWidget(self.strict)
        timing_layout.addWidget(label(STRICT_EXPLAINED, role="muted", name="Strict timing explained"))
        column.addWidget(timing)

        shape, shape_layout = card()
        self.shape_title = label(role="subtitle", name="Exam shape")
        self.shape_time = label(name="Exam time")
        self.shape_sets = label(role="muted", name="Exam sets")
        shape_layout.addWidget(self.shape_title)
        shape_layout.addWidget(self.shape_time)
        shape_layout.addWidget(self.shape_sets)
        self.shape_grid = QGridLayout()
        self.shape_grid.setHorizontalSpacing(16)
        self.shape_grid.setVerticalSpacing(2)
        self.shape_grid.setColumnStretch(0, 1)
        shape_layout.addLayout(self.shape_grid)
        column.addWidget(shape)

        self.short_panel, short_layout = card("banner")
        short_layout.addWidget(label("The question bank cannot fill this exam", role="subtitle"))
        self.short_list = label(name="Short domains")
        self.short_result = label(name="Exam started anyway")
        short_layout.addWidget(self.short_list)
        short_layout.addWidget(self.short_result)
        self.start_anyway = button("Start anyway", tip="Begin the shorter exam (Enter)", primary=True)
        self.cancel_short = button("Cancel", tip="Choose another exam (Esc)")
        button_row(short_layout, self.start_anyway, self.cancel_short)
        column.addWidget(self.short_panel)
        self.short_panel.hide()

        self.status = label(role="muted", name="Exam set-up status")
        column.addWidget(self.status)
        self.begin_button = button("Begin exam", tip="Start the timed exam (Enter)", primary=True)
        self.back_button = button("Back", "Back to home", tip="Return to the home page (Esc)")
        button_row(column, self.begin_button, self.back_button)
        column.addStretch(1)

        self.extra_time.currentIndexChanged.connect(lambda _i: self._show_shape())
        self._group.buttonToggled.connect(self._on_blueprint_toggled)
        self.begin_button.clicked.connect(self._on_begin)
        self.start_anyway.clicked.connect(self._on_start_anyway)
        self.cancel_short.clicked.connect(self._on_cancel_short)
        self.back_button.clicked.connect(self.back)
        self.resume_button.clicked.connect(self.resume)

    # -- reading -------------------------------------------------------------------------------
    def cares_about(self, changes: Changes) -> bool:
        return bool(changes.bank)

    def prepare(self, open_exam: InProgressExam | None, remaining_seconds: float | None = None) -> None:
        """Called before showing: re-reads blueprints and the bank, and says what would be abandoned."""
        self.refresh()
        self.short_panel.hide()
        self.begin_button.show()
        self.status.setText("")
        if open_exam is None:
            self.open_banner.hide()
            return
        left = open_exam.remaining_seconds if remaining_seconds is None else remaining_seconds
        self.open_text.setText(
            f"You have an unfinished {open_exam.blueprint_name} ({open_exam.answered} of {open_exam.total} "
            f"answered, {format_clock(left)} left). Beginning a new exam abandons it: it is kept in your "
            "history but never scored and cannot be resumed.")
        self.open_banner.show()

    def refresh(self) -> None:
        chosen = self.selected_slug()
        self._blueprints = self._exams.blueprints()
        self._availability.clear()
        for radio in self.radios.values():
            self._group.removeButton(radio)
        while self._radio_box.count():
            item = self._radio_box.takeAt(0)
            if item.widget():
                item.widget().hide()  # deleteLater waits for the event loop; gone from view now
                item.widget().deleteLater()
        self.radios.clear()
        for info in self._blueprints:
            radio = QRadioButton(info.name if info.trusted else f"{info.name} — not from your instructor")
            radio.setAccessibleName(info.slug)
            summary = blueprint_summary(info)
            radio.setAccessibleDescription(f"{info.name}: {summary}")
            radio.setToolTip(summary)
            description = label(summary, role="muted")
            description.setContentsMargins(28, 0, 0, 6)
            self._group.addButton(radio)
            self._radio_box.addWidget(radio)
            self._radio_box.addWidget(description)
            radio.show()  # a layout would only show them on the next event-loop pass
            description.show()
            self.radios[info.slug] = radio
        if self.radios:
            slug = chosen if chosen in self.radios else next(iter(self.radios))
            self.radios[slug].setChecked(True)
        self.begin_button.setEnabled(bool(self.radios))
        self._show_shape()

    def selected_slug(self) -> str | None:
        for slug, radio in self.radios.items():
            if radio.isChecked():
                return slug
        return None

    def request(self) -> ExamRequest | None:
        slug = self.selected_slug()
        if slug is None:
            return None
        return ExamRequest(slug, float(self.extra_time.currentData()), self.strict.isChecked())

    def availability(self, slug: str) -> Availability:
        if slug not in self._availability:
            self._availability[slug] = self._exams.availability(slug)
        return self._availability[slug]

    def _info(self, slug: str) -> BlueprintInfo:
        return next(b for b in self._blueprints if b.slug == slug)

    def _show_shape(self) -> None:
        while self.shape_grid.count():
            item = self.shape_grid.takeAt(0)
            if item.widget():
                item.widget().hide()  # deleteLater waits for the event loop; gone from view now
                item.widget().deleteLater()
        slug = self.selected_slug()
        if slug is None:
            self.shape_title.setText("No exam blueprints are installed.")
            self.shape_time.setText("")
            return
        info = self._info(slug)
        factor = float(self.extra_time.currentData())
        found = call_core(lambda: self.availability(slug), self.status.setText)
        if found is REFUSED:
            return
        self.shape_title.setText(info.name)
        time = duration_text(info.time_limit_seconds(factor))
        extra = f" ({factor:g}× the standard {duration_text(info.minutes * 60)})" if factor != 1.0 else ""
        items = plural(info.items, "item") if found.can_fill else f"{found.drawable} of {plural(info.items, 'item')}"
        self.shape_time.setText(f"{items} in {time}{extra}. "
                                + (f"{info.unscored} of them are unscored pretest items, as on the real exam; "
                                   "you find out which only in the results." if info.unscored else ""))
        self.shape_sets.setText(f"Questions come from {_listed(found.sets)}. Switch sets on or off under "
                                "Question sets." if found.sets else "")
        short = {(s.domain, s.subdomain): s for s in found.shortfalls}
        rows: list[tuple[str, int, str, bool]] = []
        for domain in found.domains:
            note = f"only {domain.available} in the bank" if (domain.name, None) in short else ""
            rows.append((domain.name, domain.wanted, note, False))
            if domain.name == CLINICAL:
                for sub in domain.subdomains:
                    sub_note = f"only {sub.available} in the bank" if (domain.name, sub.name) in short else ""
                    rows.append((sub.name, sub.wanted, sub_note, True))
        for r, (name, wanted, note, indented) in enumerate(rows):
            name_label = label(name, role="muted" if indented else None)
            if indented:
                name_label.setContentsMargins(20, 0, 0, 0)
            count = label(plural(wanted, "item"), wrap=False)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            warn = label(note, role="muted")
            if note:
                warn.setProperty("result", "wrong")
            self.shape_grid.addWidget(name_label, r, 0)
            self.shape_grid.addWidget(count, r, 1)
            self.shape_grid.addWidget(warn, r, 2)
            for widget in (name_label, count, warn):
                widget.show()  # a layout would only show it on the next event-loop pass

    # -- acting --------------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.status.setText(message)

    def _on_blueprint_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.short_panel.hide()
            self.begin_button.show()
            self._show_shape()

    def _on_begin(self) -> None:
        request = self.request()
        if request is None:
            self.status.setText("No exam blueprints are installed.")
            return
        found = call_core(lambda: self.availability(request.slug), self.status.setText)
        if found is REFUSED:
            return
        if found.drawable <= 0:
            self.status.setText(f"The question bank has no four-option questions for {found.name}. "
                                "Import a question set from your instructor first.")
            return
        if found.can_fill:
            self.begin.emit(request)
            return
        self.short_list.setText("\n".join(shortfall_lines(found)))
        self.short_result.setText(found.start_anyway_text())
        self.begin_button.hide()
        self.short_panel.show()
        self.start_anyway.setFocus()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # place the panel, then show it
        self.property("scrollArea").ensureWidgetVisible(self.short_panel)

    def _on_start_anyway(self) -> None:
        request = self.request()
        if request is not None:
            self.begin.emit(request)

    def _on_cancel_short(self) -> None:
        self.short_panel.hide()
        self.begin_button.show()
        radio = self.radios.get(self.selected_slug() or "")
        if radio is not None:
            radio.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_start_anyway() if self.short_panel.isVisible() else self._on_begin()
        elif event.key() == Qt.Key.Key_Escape:
            self._on_cancel_short() if self.short_panel.isVisible() else self.back.emit()
        else:
            super().keyPressEvent(event)
