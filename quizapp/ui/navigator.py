"""The moves between pages, as the pages ask for them (implemented by the main window)."""

from __future__ import annotations

from typing import Protocol

from quizapp.core.practice import PracticeState, PracticeSummary


class Navigator(Protocol):
    def show_home(self) -> None: ...

    def show_practice_setup(self, topics: tuple[str, ...] | None = None) -> None: ...

    def show_practice(self, state: PracticeState) -> None: ...

    def show_practice_summary(self, summary: PracticeSummary) -> None: ...

    def show_status(self, message: str) -> None: ...
