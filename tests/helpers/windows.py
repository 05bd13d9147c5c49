"""Opening the real window for a GUI test, the way every GUI test here does it."""

from __future__ import annotations

from pathlib import Path

from quizapp.core.clock import FakeClock


def open_window(qtbot, data_dir: Path, clock: FakeClock):
    """The whole app over `data_dir`, shown at 1180x800 and exposed, closed with the test."""
    from quizapp.ui.app import create_main_window

    window = create_main_window(data_dir, clock)
    qtbot.addWidget(window)
    window.resize(1180, 800)
    window.show()
    qtbot.waitExposed(window)
    return window
