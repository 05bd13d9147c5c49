"""The GUI seam (DESIGN.md contract) and the desktop entry point."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from quizapp.core.clock import Clock, SystemClock
from quizapp.ui.main_window import MainWindow
from quizapp.ui.resources import app_icon

if TYPE_CHECKING:  # loads SQLAlchemy: not before the first paint
    from quizapp.core.db.location import DatabaseLocation


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("quizapp")
    app.setOrganizationName("quizapp")
    app.setApplicationDisplayName("quizapp")
    app.setDesktopFileName("quizapp")  # Wayland matches the window to quizapp.desktop (its name and icon)
    app.setWindowIcon(app_icon())
    return app


def create_main_window(data_dir: Path, clock: Clock | None = None,
                       database: DatabaseLocation | None = None) -> MainWindow:
    """The whole app for a data directory, loaded (home shows its data), event loop not started.
    `database` (else QUIZAPP_DATABASE_URL, else the data dir's SQLite file) is where the data is."""
    _application()
    window = MainWindow(Path(data_dir), clock or SystemClock(), database)
    window.load()
    return window


def main(data_dir: str | None = None, database: DatabaseLocation | None = None) -> int:
    """Paints the window first, then opens the data and installs the bank (after the first paint)."""
    from PySide6.QtCore import QTimer

    from quizapp.core.datadir import resolve_data_dir

    app = _application()
    window = MainWindow(resolve_data_dir(data_dir), SystemClock(), database)
    sys.excepthook = window.on_uncaught  # an error in a slot: said in the window, never a traceback
    window.resize(1180, 800)
    window.show()
    QTimer.singleShot(0, window.load)
    return app.exec()
