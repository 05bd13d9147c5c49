"""The exam's question navigator: one cell per item, showing answered / unanswered / flagged,
that jumps to any item.

State is told by text *and* colour, never colour alone: a cell reads "12", "12 ✓" (answered),
"12 ⚑" (flagged) or "12 ✓⚑"; the current item is filled. The grid reflows to the width it is
given and scrolls (180 cells at 200% text). For the keyboard it is one tab stop: arrow keys,
Home and End move between cells (a roving focus), Enter or Space jumps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from quizapp.core.exam.state import ItemState
from quizapp.ui.widgets.common import label

ANSWERED_MARK = "✓"
FLAGGED_MARK = "⚑"
FLAG_COLOUR = "#c27c0e"  # amber: a 3:1 border on both the light and the dark base

CELL_SHEET = f"""
QPushButton[nav="cell"] {{
    padding: 4px 4px; min-height: 0; border: 1px solid palette(mid); border-radius: 6px;
    background: palette(base);
}}
QPushButton[nav="cell"][answered="true"] {{
    background: palette(alternate-base); border: 1px solid palette(highlight);
}}
QPushButton[nav="cell"][flagged="true"] {{ border: 2px solid {FLAG_COLOUR}; padding: 3px 3px; }}
QPushButton[nav="cell"][current="true"] {{
    background: palette(highlight); color: palette(highlighted-text); font-weight: 600;
}}
QPushButton[nav="cell"]:focus {{ border: 2px dashed palette(text); padding: 3px 3px; }}
"""


@dataclass(frozen=True)
class CellState:
    answered: bool
    flagged: bool
    current: bool


def cell_text(number: int, state: CellState) -> str:
    marks = (ANSWERED_MARK if state.answered else "") + (FLAGGED_MARK if state.flagged else "")
    return f"{number} {marks}" if marks else str(number)


def cell_description(state: CellState) -> str:
    words = ["answered" if state.answered else "unanswered"]
    if state.flagged:
        words.append("flagged for review")
    if state.current:
        words.append("current question")
    return ", ".join(words)


class NavigatorCell(QPushButton):
    def __init__(self, position: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.position = position
        self.state: CellState | None = None
        self.setProperty("nav", "cell")
        self.setAccessibleName(f"Go to question {position + 1}")
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the navigator hands focus to one cell at a time
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # columns share the width
        self.uniform = QSize()  # the grid's cell size, so "7" and "177 ✓⚑" line up

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return super().sizeHint().expandedTo(self.uniform)

    def set_uniform(self, size: QSize) -> None:
        """Sizes the cell like every other one (a grid where "7" and "177 ✓⚑" line up)."""
        self.uniform = size
        self._hold_size()
        self.updateGeometry()

    def _hold_size(self) -> None:
        """Restyling re-applies the stylesheet's min-height, which would let the grid squeeze the
        cell to a sliver inside its scroll area; the cell's own size is its minimum."""
        if self.uniform.isValid():
            self.setMinimumSize(self.sizeHint())

    def show_state(self, state: CellState) -> None:
        """Redraws only when something changed: restyling a button costs more than a move."""
        if state == self.state:
            return
        self.state = state
        number = self.position + 1
        self.setText(cell_text(number, state))
        description = cell_description(state)
        self.setAccessibleDescription(description)
        self.setToolTip(f"Question {number}: {description}")
        for prop, value in (("answered", state.answered), ("flagged", state.flagged), ("current", state.current)):
            self.setProperty(prop, value)
        self.style().unpolish(self)
        self.style().polish(self)
        self._hold_size()


class QuestionNavigator(QWidget):
    """Title, legend and the scrolling grid of cells (`Question navigator`)."""

    jump = Signal(int)  # 0-based position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: list[NavigatorCell] = []
        self._current = 0
        self._focus_index = 0
        self._columns = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.heading = label(role="subtitle", name="Answered count")
        self.legend = label(f"{ANSWERED_MARK} answered   {FLAGGED_MARK} flagged", role="muted",
                            name="Navigator legend")
        self.legend.setToolTip("No mark: not answered yet. Filled: the question on screen.")
        self.area = QScrollArea()
        self.area.setAccessibleName("Question navigator")
        self.area.setAccessibleDescription("Arrow keys move between questions; Enter goes to one")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._grid_host = QWidget()
        self._grid_host.setObjectName("navigatorGrid")
        self._grid_host.setStyleSheet(CELL_SHEET)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(2, 2, 2, 2)
        self._grid.setSpacing(6)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.area.setWidget(self._grid_host)
        self.area.viewport().installEventFilter(self)
        self._grid_host.installEventFilter(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.legend)
        layout.addWidget(self.area, 1)

    # -- content -------------------------------------------------------------------------------
    def show_items(self, items: Sequence[ItemState], current: int) -> None:
        """Shows a whole exam (on load): makes or drops cells to match, then states everything."""
        if len(items) != len(self.cells):
            self._rebuild(len(items))
        self._current = current
        for item, cell in zip(items, self.cells, strict=True):
            cell.show_state(CellState(item.answered, item.flagged, item.position == current))
        self._set_focus_cell(current, take_focus=False)
        self.reveal(current)
        self._count_answered()

    def show_item(self, item: ItemState) -> None:
        """One item changed (answered or flagged)."""
        cell = self.cells[item.position]
        was_answered = cell.state is not None and cell.state.answered
        cell.show_state(CellState(item.answered, item.flagged, item.position == self._current))
        if item.answered != was_answered:
            self._count_answered()

    def _count_answered(self) -> None:
        answered = sum(1 for cell in self.cells if cell.state is not None and cell.state.answered)
        self.heading.setText(f"{answered} of {len(self.cells)} answered")

    def move_current(self, previous: ItemState, current: ItemState) -> None:
        """The student moved: two cells change, the rest stay as drawn."""
        self._current = current.position
        self.show_item(previous)
        self.show_item(current)
        self._set_focus_cell(current.position, take_focus=False)
        self.reveal(current.position)

    def reveal(self, position: int) -> None:
        if 0 <= position < len(self.cells):
            self.area.ensureWidgetVisible(self.cells[position], 4, 4)
        self._pin_left()

    def _pin_left(self) -> None:
        """The grid always fits the width (`_reflow`), so it never scrolls sideways: after a window
        went from wide to narrow, a scroll offset left from the wide grid would cut off the first
        column with no scroll bar to bring it back."""
        self.area.horizontalScrollBar().setValue(0)

    def focus_cell(self) -> None:
        """Gives keyboard focus to the navigator (to its current cell)."""
        if self.cells:
            self._set_focus_cell(self._current, take_focus=True)

    def _rebuild(self, count: int) -> None:
        while self.cells:
            cell = self.cells.pop()
            self._grid.removeWidget(cell)
            cell.hide()  # deleteLater waits for the event loop; gone from view now
            cell.deleteLater()
        for position in range(count):
            cell = NavigatorCell(position, self._grid_host)
            cell.clicked.connect(lambda _=False, p=position: self.jump.emit(p))
            cell.installEventFilter(self)
            cell.show()  # shown once here; re-gridding later never needs to show it again
            self.cells.append(cell)
        self._columns = 0
        self._reflow()

    # -- layout --------------------------------------------------------------------------------
    def _cell_width(self) -> int:
        if not self.cells:
            return 0
        metrics = self.cells[0].fontMetrics()
        bold = self.cells[0].font()
        bold.setWeight(bold.Weight.DemiBold)
        widest_text = f"{'8' * len(str(len(self.cells)))} {ANSWERED_MARK}{FLAGGED_MARK}"
        widest = max(metrics.horizontalAdvance(widest_text), QFontMetrics(bold).horizontalAdvance(widest_text))
        return widest + 16

    def _reflow(self) -> None:
        """Lays the cells out in as many columns as the visible width holds. Skipped while hidden
        (a theme or text-size change restyles every page, seen or not) and redone when shown."""
        if not self.cells:
            return
        if not self.isVisible():
            self._columns = 0  # measure again when shown
            return
        width = self._cell_width()
        height = self.cells[0].fontMetrics().height() + 14
        spacing = self._grid.horizontalSpacing()
        available = self.area.viewport().width() - 4
        columns = max(1, (available + spacing) // (width + spacing))
        size = QSize(width, height)
        if self.cells[0].uniform != size:
            for cell in self.cells:
                cell.set_uniform(size)
        if columns == self._columns:
            return
        self._columns = columns
        for cell in self.cells:
            self._grid.removeWidget(cell)
        for cell in self.cells:
            self._grid.addWidget(cell, cell.position // columns, cell.position % columns)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if self._columns == 0:
            self._reflow()
            self.reveal(self._current)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._columns = 0
            self._reflow()
        super().changeEvent(event)

    # -- keyboard ------------------------------------------------------------------------------
    def _set_focus_cell(self, index: int, *, take_focus: bool) -> None:
        if not self.cells:
            return
        index = max(0, min(index, len(self.cells) - 1))
        old = self.cells[self._focus_index] if self._focus_index < len(self.cells) else None
        had_focus = old is not None and old.hasFocus()
        if old is not None and self._focus_index != index:
            old.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._focus_index = index
        cell = self.cells[index]
        cell.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if take_focus or had_focus:
            cell.setFocus(Qt.FocusReason.TabFocusReason)
            self.area.ensureWidgetVisible(cell, 4, 4)
            self._pin_left()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.area.viewport() and event.type() == QEvent.Type.Resize:
            self._reflow()
            self._pin_left()
        elif watched is self._grid_host and event.type() == QEvent.Type.Resize:
            self.reveal(self._current)  # the grid got its real size only now: keep the current cell in view
        elif isinstance(watched, NavigatorCell) and event.type() == QEvent.Type.KeyPress:
            return self._on_cell_key(watched, event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def _on_cell_key(self, cell: NavigatorCell, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        columns = max(1, self._columns)
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -columns, Qt.Key.Key_Down: columns}
        key = event.key()
        if key in steps:
            self._set_focus_cell(cell.position + steps[key], take_focus=True)
        elif key == Qt.Key.Key_Home:
            self._set_focus_cell(0, take_focus=True)
        elif key == Qt.Key.Key_End:
            self._set_focus_cell(len(self.cells) - 1, take_focus=True)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            cell.click()
        else:
            return False
        return True
