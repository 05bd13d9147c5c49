"""Writes that fail in the window (issue #18, case 4): a read-only database (SQLite's
`query_only`) and a full disk (`PRAGMA max_page_count` at the current size) — CI runs as root,
whom file permissions and small disks do not stop. Every failed write is said in the window (an
inline banner, never a dialog), the screen shows only what was saved, reading still works, and
`Resume exam` says why it cannot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import event
from sqlalchemy.engine import Engine

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.ui.timers import running_timers
from tests.helpers.widgets import is_shown, named, text_of
from tests.helpers.windows import open_window
from tests.ui.test_exam_flow import begin, exam_feature, exam_state


def _limit(kind: str):
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        if kind == "full":
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
        else:
            cursor.execute("PRAGMA query_only = 1")
        cursor.close()

    return on_connect


def limit_the_window(window, kind: str) -> None:
    """From now on the app's database is read-only, or full."""
    engine = window.ctx.db.engine
    event.listen(engine, "connect", _limit(kind))
    engine.dispose()  # every connection from here on is a new one, limited


@pytest.fixture
def every_engine_read_only() -> Iterator[None]:
    """Every connection opened from here on (the window's included) is read-only."""
    listener = _limit("read-only")
    event.listen(Engine, "connect", listener)
    yield
    event.remove(Engine, "connect", listener)


def stored_exam(window) -> tuple[dict[int, tuple[int, ...]], set[int]]:
    """Answers and flags as another connection reads them from the database."""
    other = AppContext.open(window.data_dir, FakeClock())
    try:
        found = other.exams.in_progress(other.profiles.current().id)
        assert found is not None
        engine, _ = other.exams.resume(found.attempt_id)
        state = engine.state()
        return {i.position: i.chosen for i in state.items if i.chosen}, set(state.flagged)
    finally:
        other.close()


def test_a_read_only_database_mid_exam_shows_only_what_was_saved(qtbot, window) -> None:
    begin(qtbot, window)
    feature = exam_feature(window)
    page = feature.page
    qtbot.keyClick(page, Qt.Key.Key_A)  # saved
    first = exam_state(window).items[0]
    assert first.chosen and page.question.option_buttons[0].isChecked()

    limit_the_window(window, "read-only")
    qtbot.keyClick(page, Qt.Key.Key_B)
    assert "Not saved: the database is read-only" in text_of(window, "Saving problem")
    assert "read-only" in text_of(window, "Exam status")
    buttons = page.question.option_buttons
    assert buttons[0].isChecked() and not buttons[1].isChecked()  # the stored answer, not the click
    qtbot.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert not named(window, "Flag for review").isChecked()
    assert exam_state(window).items[0].chosen == first.chosen and not exam_state(window).flagged

    qtbot.keySequence(window, QKeySequence("Ctrl+H"))  # reading still works: home, progress
    assert window.stack.currentWidget() is window.home
    qtbot.mouseClick(named(window, "Progress"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["progress"]
    named(window, "Dismiss saving problem").click()
    assert not is_shown(window, "Saving problem")
    window.close()
    assert stored_exam(window) == ({0: first.chosen}, set())


def test_resume_exam_on_a_read_only_database_says_why_it_cannot(qtbot, ui_data_dir: Path, clock: FakeClock,
                                                                 request: pytest.FixtureRequest) -> None:
    ctx = AppContext.open(ui_data_dir, clock)
    profile = ctx.profiles.current()
    engine, _ = ctx.exams.start(profile.id, "ccma-quick", seed=5)
    engine.answer(0, [engine.state().items[0].question.choices[0].position])
    ctx.close()
    request.getfixturevalue("every_engine_read_only")
    window = open_window(qtbot, ui_data_dir, clock)
    assert is_shown(window, "Resume exam")
    qtbot.mouseClick(named(window, "Resume exam"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home
    assert text_of(window, "Progress summary").startswith("Cannot resume the exam: the database is read-only")
    assert "read-only" in text_of(window, "Saving problem")
    qtbot.mouseClick(named(window, "Study notes"), Qt.MouseButton.LeftButton)  # reading works
    assert window.stack.currentWidget() is window.pages["notes"]
    window.close()


def test_a_full_disk_during_an_import_says_so_and_imports_nothing(qtbot, window, tmp_path: Path) -> None:
    source = tmp_path / "many.gift"
    source.write_text("".join(f"::full-{i}:: Question {i} about the vital signs, written out at some length? "
                              f"{{=Right {i} ~Wrong {i} ~Other {i} ~None {i}}}\n\n" for i in range(400)),
                      encoding="utf-8")
    limit_the_window(window, "full")
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(named(window, "Import file"), str(source))
    qtbot.mouseClick(named(window, "Preview import"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Confirm import"), Qt.MouseButton.LeftButton)
    assert "the disk is full" in text_of(window, "Import status")
    assert "Not saved: the disk is full" in text_of(window, "Saving problem")
    assert "many" not in [s.slug for s in window.ctx.sets.list()]


def test_damage_met_mid_exam_leads_to_the_damaged_page(qtbot, window) -> None:
    from tests.helpers.damage import overwrite_page, table_page

    begin(qtbot, window)
    page = exam_feature(window).page
    db_path = window.db_path
    window.ctx.db.engine.dispose()  # nothing cached: the next read goes to the file
    overwrite_page(db_path, table_page(db_path, "attempt_item"))
    qtbot.keyClick(page, Qt.Key.Key_A)
    assert not page.question.option_buttons[0].isChecked()
    qtbot.waitUntil(lambda: is_shown(window, "Problem description"), timeout=5000)
    assert "damaged" in text_of(window, "Problem description")
    assert window.ctx is None and not exam_feature_alive(window)
    assert running_timers() == []  # nothing ticks an exam over the closed database


def exam_feature_alive(window) -> bool:
    from quizapp.ui.features.exams import ExamFeature

    return any(isinstance(f, ExamFeature) for f in window.features)


def test_an_unexpected_error_in_the_running_app_is_logged_and_said(window) -> None:
    try:
        raise RuntimeError("a bug")
    except RuntimeError as error:
        window.on_uncaught(RuntimeError, error, error.__traceback__)
    assert "Something went wrong (RuntimeError: a bug)" in text_of(window, "Saving problem")
    assert "a bug" in (window.data_dir / "logs" / "gui-error.log").read_text(encoding="utf-8")
