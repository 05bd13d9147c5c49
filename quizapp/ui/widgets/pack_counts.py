"""The exam pack editor's "how many items from where" grid: a spin box per CCMA domain (or per
question set), each beside the number of questions there are to draw from.

An instructor sees a shortfall while typing ("only 13 available", in words and in the theme's
warning colour), not only when core refuses the export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from quizapp.core.packs.template import MAX_ITEMS
from quizapp.ui.widgets.common import label, repolish


@dataclass(frozen=True)
class CountRow:
    key: str  # a domain's name or a set's slug: what the template stores
    name: str  # what the instructor reads
    available: int  # questions the export could draw from
    note: str = ""  # why there are none, e.g. "switched off"


class _Name(QLabel):
    """A row's name: asks for one line's width, and wraps only when the grid cannot give it."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin() + 4
        return QSize(one_line, super().sizeHint().height())


class ItemCounts(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setColumnStretch(3, 1)  # the spare width goes after the numbers, keeping each row together
        self._rows: list[CountRow] = []
        self._spins: list[QSpinBox] = []
        self._notes: list[QLabel] = []
        self._widgets: list[QWidget] = []

    def show_rows(self, rows: Sequence[CountRow], values: Mapping[str, int]) -> None:
        """Rebuilds the grid; `values` by key, and a key with no row gets one (e.g. a set that
        is no longer on this computer), so editing a template never drops part of it silently."""
        known = {r.key for r in rows}
        rows = [*rows, *(CountRow(k, k, 0, "not on this computer") for k in values if k not in known)]
        for widget in self._widgets:
            widget.hide()
            widget.deleteLater()
        self._widgets.clear()
        self._spins.clear()
        self._notes.clear()
        self._rows = list(rows)
        for r, row in enumerate(self._rows):
            name = _Name(row.name)
            spin = QSpinBox()
            spin.setRange(0, MAX_ITEMS)
            spin.setAccessibleName(f"Items from {row.name}")
            spin.setToolTip(f"How many questions the pack draws from {row.name}")
            spin.setValue(int(values.get(row.key, 0)))
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            name.setBuddy(spin)
            note = label(wrap=False)
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(spin, r, 1)
            self.grid.addWidget(note, r, 2)
            spin.valueChanged.connect(lambda _=0, i=r: self._on_changed(i))
            self._spins.append(spin)
            self._notes.append(note)
            self._widgets += [name, spin, note]
            for widget in (name, spin, note):
                widget.show()  # a layout would only show them on the next event-loop pass
            self._show_note(r)

    def counts(self) -> dict[str, int]:
        """Every row's number by key, in the grid's order (zeros included: core drops them)."""
        return {row.key: spin.value() for row, spin in zip(self._rows, self._spins, strict=True)}

    def total(self) -> int:
        return sum(spin.value() for spin in self._spins)

    def shortfalls(self) -> list[str]:
        return [f"{row.name}: {spin.value()} wanted, {row.available} available"
                for row, spin in zip(self._rows, self._spins, strict=True) if spin.value() > row.available]

    @property
    def spins(self) -> dict[str, QSpinBox]:
        return {row.key: spin for row, spin in zip(self._rows, self._spins, strict=True)}

    def _show_note(self, index: int) -> None:
        row, spin, note = self._rows[index], self._spins[index], self._notes[index]
        short = spin.value() > row.available
        text = f"{row.available} available"
        if row.note:
            text = f"{row.note}: {text}"
        if short:
            text = f"only {row.available} available" if not row.note else text
        note.setText(text)
        repolish(note, "result", "wrong" if short else "")
        repolish(note, "role", "" if short else "muted")

    def _on_changed(self, index: int) -> None:
        self._show_note(index)
        self.changed.emit()
