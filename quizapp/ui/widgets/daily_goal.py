"""Home's daily goal: today's questions against the student's goal, the streak of days it was
met, and the goal itself (a spin box: `Daily goal`). Numbers in words beside the bar, so the
bar is never the only way to read them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QSpinBox, QVBoxLayout, QWidget

from quizapp.core.goals import MAX_GOAL, MIN_GOAL, DailyGoal
from quizapp.core.wording import plural
from quizapp.ui.widgets.common import card, label


def goal_text(status: DailyGoal) -> str:
    if status.met_today:
        extra = status.today - status.goal
        return (f"Goal met: {status.today} of {plural(status.goal, 'question')} today"
                + (f", {extra} more than you aimed for." if extra else "."))
    return f"{status.today} of {plural(status.goal, 'question')} today; {status.left_today} to go."


def streak_text(status: DailyGoal) -> str:
    days = status.streak_days
    if not days:
        return "Meet your goal today to start a streak."
    run = f"{days}-day streak" if days > 1 else "1-day streak"
    if status.met_today:
        return f"{run}: you met your goal {plural(days, 'day')} in a row, today included."
    return f"{run}: meet your goal today to keep it going."


class DailyGoalPanel(QWidget):
    goal_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, layout = card()
        outer.addWidget(frame)
        layout.addWidget(label("Today", role="subtitle"))
        row = QHBoxLayout()
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Daily goal progress")
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(12)
        self.status = label(name="Daily goal status", wrap=True)
        row.addWidget(self.status, 2)
        row.addWidget(self.bar, 1)
        layout.addLayout(row)
        self.streak = label(role="muted", name="Streak")
        layout.addWidget(self.streak)
        goal_row = QHBoxLayout()
        goal_row.addWidget(label("Daily goal:", wrap=False))
        self.goal = QSpinBox()
        self.goal.setRange(MIN_GOAL, MAX_GOAL)
        self.goal.setSuffix(" questions a day")
        self.goal.setAccessibleName("Daily goal")
        self.goal.setToolTip("How many questions you aim to answer each day (saved when you leave the box)")
        self.goal.setKeyboardTracking(False)  # typing "25" is one change, not "2" then "25"
        goal_row.addWidget(self.goal)
        goal_row.addStretch(1)
        layout.addLayout(goal_row)
        self.goal.valueChanged.connect(self.goal_changed)

    def show_status(self, status: DailyGoal) -> None:
        self.goal.blockSignals(True)
        self.goal.setValue(status.goal)
        self.goal.blockSignals(False)
        self.bar.setRange(0, status.goal)
        self.bar.setValue(min(status.today, status.goal))
        text = goal_text(status)
        self.status.setText(text)
        self.bar.setAccessibleDescription(text)
        self.streak.setText(streak_text(status))
