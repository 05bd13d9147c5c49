"""GUI fixtures: the real window over a copy of a database with the real bank installed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.engine import DB_NAME
from tests.helpers.windows import open_window


@pytest.fixture(scope="session")
def bank_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bank-template")
    ctx = AppContext.open(folder, FakeClock())
    ctx.bank.ensure_installed()
    ctx.close()
    return folder / DB_NAME


@pytest.fixture
def ui_data_dir(tmp_path: Path, bank_template: Path) -> Path:
    folder = tmp_path / "ui-data"
    folder.mkdir()
    shutil.copyfile(bank_template, folder / DB_NAME)
    return folder


@pytest.fixture
def window(qtbot, ui_data_dir: Path, clock: FakeClock) -> Iterator:
    win = open_window(qtbot, ui_data_dir, clock)
    yield win
    win.close()


@pytest.fixture(autouse=True)
def no_dangling_timers() -> Iterator[None]:
    """Fails a test that leaves a UI timer running (napari's check): a timer that outlives its
    page would fire into the next test, or tick an exam nobody is looking at."""
    yield
    from quizapp.ui.timers import running_timers, stop_all

    left = running_timers()
    stop_all()
    assert left == [], f"UI timers left running after the test: {left}"


@pytest.fixture(autouse=True)
def delete_closed_windows() -> Iterator[None]:
    """Deletes what pytest-qt closed with deleteLater: no event loop runs between tests to do it,
    so every earlier test's window would otherwise live on and be restyled by each theme change."""
    yield
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
