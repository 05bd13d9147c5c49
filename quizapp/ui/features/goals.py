"""The daily goal on home: progress today, the streak, and the goal the student sets. Local
days, no notification: the number is simply there when the student opens the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.core.overview import Overview
from quizapp.core.profiles import ProfileInfo
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.widgets.daily_goal import DailyGoalPanel

if TYPE_CHECKING:
    from quizapp.ui.main_window import MainWindow


class GoalFeature:
    def __init__(self, window: MainWindow) -> None:
        assert window.ctx is not None
        self.window = window
        self.ctx = window.ctx
        self.panel = DailyGoalPanel()
        window.home.add_panel(self.panel, self._refresh_home)
        self.panel.goal_changed.connect(self._on_goal)

    def _refresh_home(self, profile: ProfileInfo, overview: Overview) -> None:
        self.panel.show_status(self.ctx.goals.status(profile.id))

    def _on_goal(self, goal: int) -> None:
        profile = self.ctx.profiles.current().id
        outcome = call_core(lambda: self.ctx.goals.set_goal(profile, goal), self.panel.status.setText)
        if outcome is REFUSED:
            return
        status, changes = outcome
        self.panel.show_status(status)
        self.window.publish(changes)


def install(window: MainWindow) -> GoalFeature:
    return GoalFeature(window)
