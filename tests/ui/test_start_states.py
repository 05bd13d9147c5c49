"""What the window shows at start when things are not normal: damage, an empty bank."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from quizapp.core.clock import FakeClock
from quizapp.core.datafiles import BANK_DIR_ENV
from quizapp.core.db.backup import take_backup
from quizapp.core.db.engine import DB_NAME
from tests.helpers.widgets import is_shown, named, text_of
from tests.helpers.windows import open_window


def test_a_damaged_database_gets_a_page_and_a_restore(qtbot, ui_data_dir: Path, clock: FakeClock) -> None:
    backup = take_backup(ui_data_dir / DB_NAME, clock.now(), "daily")
    garbage = b"not sqlite at all" * 50
    (ui_data_dir / DB_NAME).write_bytes(garbage)
    window = open_window(qtbot, ui_data_dir, clock)
    assert "could not read your answers" in text_of(window, "Problem description")
    assert backup.name in text_of(window, "Backup information")
    assert (ui_data_dir / DB_NAME).read_bytes() == garbage  # never overwritten
    qtbot.mouseClick(named(window, "Restore backup"), Qt.MouseButton.LeftButton)
    assert is_shown(window, "Start practice")
    kept = [p for p in ui_data_dir.iterdir()
            if p.name.startswith(f"{DB_NAME}.damaged-") and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    window.close()


def test_no_backup_means_no_restore_button(qtbot, tmp_path: Path, clock: FakeClock) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / DB_NAME).write_bytes(b"junk" * 100)
    window = open_window(qtbot, data, clock)
    assert "no backup yet" in text_of(window, "Backup information")
    assert not is_shown(window, "Restore backup")
    window.close()


def test_an_empty_bank_says_so(qtbot, tmp_path: Path, clock: FakeClock, monkeypatch) -> None:
    empty = tmp_path / "empty-bank"
    (empty / "questions").mkdir(parents=True)
    (empty / "sources.toml").write_text("[sources]\n")
    monkeypatch.setenv(BANK_DIR_ENV, str(empty))
    window = open_window(qtbot, tmp_path / "d", clock)
    assert is_shown(window, "Empty bank notice")
    assert not named(window, "Start practice").isEnabled()
    window.close()


def test_the_daily_backup_runs_off_the_start_up_path(window, ui_data_dir: Path) -> None:
    from quizapp.core.db.backup import list_backups

    assert list_backups(ui_data_dir / DB_NAME) == []  # nothing done while starting
    window.start_daily_backup().join(timeout=30)
    backups = list_backups(ui_data_dir / DB_NAME)
    assert len(backups) == 1 and "daily" in backups[0].name
    window.start_daily_backup().join(timeout=30)
    assert len(list_backups(ui_data_dir / DB_NAME)) == 1  # at most one a day
