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


def _background_check(qtbot, window) -> None:
    """Runs the check the window starts after its first paint, and lets its result arrive."""
    from quizapp.core.db.backup import list_backups

    before = len(list_backups(window.db_path))
    with qtbot.waitSignal(window._relay.checked, timeout=30_000):
        window.start_background_check().join(timeout=30)
    assert len(list_backups(window.db_path)) <= before + 1


def test_the_check_and_the_daily_backup_run_off_the_start_up_path(qtbot, window, ui_data_dir: Path) -> None:
    from quizapp.core.db.backup import list_backups

    assert list_backups(ui_data_dir / DB_NAME) == []  # nothing done while starting
    _background_check(qtbot, window)
    backups = list_backups(ui_data_dir / DB_NAME)
    assert len(backups) == 1 and "daily" in backups[0].name
    assert window.ctx.db.guard.checked  # the first answer need not wait for a check of its own
    _background_check(qtbot, window)
    assert len(list_backups(ui_data_dir / DB_NAME)) == 1  # at most one a day
    assert is_shown(window, "Start practice")


def test_damage_met_while_opening_shows_the_page_never_the_loading_text(qtbot, ui_data_dir: Path,
                                                                       clock: FakeClock) -> None:
    from tests.helpers.damage import overwrite_page, table_page

    backup = take_backup(ui_data_dir / DB_NAME, clock.now(), "daily")
    overwrite_page(ui_data_dir / DB_NAME, table_page(ui_data_dir / DB_NAME, "app_meta"))  # read at every start
    window = open_window(qtbot, ui_data_dir, clock)
    assert not is_shown(window, "Loading")
    assert "damaged" in text_of(window, "Problem description")
    assert backup.name in text_of(window, "Backup information")
    window.close()


def test_damage_found_by_the_background_check_offers_the_backup_and_restores(
        qtbot, ui_data_dir: Path, clock: FakeClock) -> None:
    from quizapp.core.context import AppContext
    from tests.helpers.damage import overwrite_page, table_page

    db_path = ui_data_dir / DB_NAME
    ctx = AppContext.open(ui_data_dir, clock)
    ctx.profiles.current()  # a student who has used the app: opening it writes nothing
    ctx.close()
    backup = take_backup(db_path, clock.now(), "daily")
    overwrite_page(db_path, table_page(db_path, "question_report"))  # nothing on home reads it
    damaged = db_path.read_bytes()
    window = open_window(qtbot, ui_data_dir, clock)
    assert is_shown(window, "Start practice")
    _background_check(qtbot, window)
    assert "integrity check found damage" in text_of(window, "Problem description")
    assert window.ctx is None and not is_shown(window, "Start practice")
    qtbot.mouseClick(named(window, "Restore backup"), Qt.MouseButton.LeftButton)
    assert is_shown(window, "Start practice")
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)  # the rebuilt app works
    assert is_shown(window, "Begin practice")
    kept = [p for p in ui_data_dir.iterdir()
            if p.name.startswith(f"{DB_NAME}.damaged-") and not p.name.endswith(("-wal", "-shm"))]
    assert [p.read_bytes() for p in kept] == [damaged]
    assert backup.exists()
    window.close()


def test_an_empty_database_with_a_backup_offers_it(qtbot, ui_data_dir: Path, clock: FakeClock) -> None:
    backup = take_backup(ui_data_dir / DB_NAME, clock.now(), "daily")
    (ui_data_dir / DB_NAME).write_bytes(b"")
    window = open_window(qtbot, ui_data_dir, clock)
    assert "empty" in text_of(window, "Problem description")
    assert backup.name in text_of(window, "Backup information")
    assert (ui_data_dir / DB_NAME).read_bytes() == b""
    qtbot.mouseClick(named(window, "Restore backup"), Qt.MouseButton.LeftButton)
    assert is_shown(window, "Start practice")
    window.close()


def test_a_damaged_backup_is_refused_and_the_next_older_one_offered(qtbot, ui_data_dir: Path,
                                                                   clock: FakeClock) -> None:
    from tests.helpers.damage import overwrite_page, table_page

    older = take_backup(ui_data_dir / DB_NAME, clock.now(), "daily")
    clock.advance(86_400)
    newer = take_backup(ui_data_dir / DB_NAME, clock.now(), "daily")
    overwrite_page(newer, table_page(newer, "question_report"))  # rotted on disk since
    (ui_data_dir / DB_NAME).write_bytes(b"junk" * 100)
    window = open_window(qtbot, ui_data_dir, clock)
    qtbot.mouseClick(named(window, "Restore backup"), Qt.MouseButton.LeftButton)
    assert "damaged too" in text_of(window, "Restore status")
    assert older.name in text_of(window, "Backup information")
    assert (ui_data_dir / DB_NAME).read_bytes() == b"junk" * 100
    qtbot.mouseClick(named(window, "Restore backup"), Qt.MouseButton.LeftButton)
    assert is_shown(window, "Start practice")
    window.close()
