"""The instructor's pages in the window: Class and Item analysis behind the passphrase, a
student's Progress page as they see it, Export, retiring a question (issue #22)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import Choice, Question, QuestionSet
from quizapp.ui.theme import ThemeName
from tests.core.classes.support import PASSPHRASE, answer_all
from tests.helpers.layout import clipped
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls
from tests.helpers.windows import open_window

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"


def _class_database(data_dir: Path, clock: FakeClock) -> None:
    """A class "Morning" of three students who answered the first questions of vitals.gift."""
    ctx = AppContext.open(data_dir, clock)
    try:
        report, _ = ctx.imports.run(ctx.imports.preview(DATA / "vitals.gift"))
        morning, _ = ctx.classes.create("Morning", PASSPHRASE)
        with ctx.db.sessions() as s:
            rows = s.execute(select(Question.ext_id, Choice.position).join(Choice, Choice.question_id == Question.id)
                             .join(QuestionSet, QuestionSet.id == Question.set_id)
                             .where(QuestionSet.slug == report.slug, Choice.is_correct == True)  # noqa: E712
                             .order_by(Question.id)).all()
        counts: dict[str, int] = {}
        for ext_id, _ in rows:
            counts[ext_id] = counts.get(ext_id, 0) + 1
        keys = dict([(e, k) for e, k in rows if counts[e] == 1][:3])  # single-answer questions
        for n, name in enumerate(("Ana", "Ben", "Chen")):
            profile, _ = ctx.profiles.add(name, class_id=morning.id)
            picks = {e: k if i <= n else (1 if k == 0 else 0) for i, (e, k) in enumerate(keys.items())}
            answer_all(ctx, profile.id, picks, clock)
    finally:
        ctx.close()


@pytest.fixture
def class_window(qtbot, ui_data_dir: Path, clock: FakeClock):
    _class_database(ui_data_dir, clock)
    win = open_window(qtbot, ui_data_dir, clock)
    yield win
    win.close()


def _unlock(qtbot, window, page_name: str, secret: str = PASSPHRASE):
    page = window.pages[page_name]
    qtbot.keyClicks(page.gate.field, secret)
    qtbot.mouseClick(page.gate.unlock_button, Qt.MouseButton.LeftButton)
    return page


def test_the_class_page_needs_the_passphrase_then_shows_every_student(qtbot, class_window, tmp_path: Path) -> None:
    window = class_window
    assert is_shown(window, "Class") and is_shown(window, "Item analysis")  # a class database: on home
    qtbot.mouseClick(named(window, "Class"), Qt.MouseButton.LeftButton)
    page = _unlock(qtbot, window, "class", "not the passphrase")
    assert "not this database's instructor passphrase" in text_of(window, "Passphrase status")
    assert not page.body.isVisible() and page.table.rowCount() == 0
    _unlock(qtbot, window, "class")
    assert page.body.isVisible() and not page.gate.isVisible()
    cells = [[page.table.item(r, c).text() for c in range(4)] for r in range(page.table.rowCount())]
    assert cells == [["Ana", "Morning", "3", "33%"], ["Ben", "Morning", "3", "67%"], ["Chen", "Morning", "3", "100%"]]

    page.table.selectRow(1)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    student = window.pages["student-progress"]
    assert window.stack.currentWidget() is student
    assert text_of(window, "Progress profile") == "Ben's progress, as Ben sees it"
    assert not student.practise_button.isVisible()
    qtbot.mouseClick(student.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page

    out = tmp_path / "morning.pdf"
    page.save_row.field.setText(str(out))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().startswith(b"%PDF") and "Saved the class report" in text_of(window, "Class status")
    page.save_row.field.setText(str(tmp_path / "morning.txt"))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert ".pdf or .csv" in text_of(window, "Class status")
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    assert not page.body.isVisible() and page.gate.isVisible()


def test_item_analysis_lists_items_and_retires_an_imported_one(qtbot, class_window) -> None:
    window = class_window
    qtbot.mouseClick(named(window, "Item analysis"), Qt.MouseButton.LeftButton)
    page = _unlock(qtbot, window, "items")
    assert page.table.rowCount() == 3
    assert text_of(window, "Item summary") == "3 questions answered, 0 flagged."
    page.table.selectRow(0)
    first = page._shown()[0]
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert "Retired" in text_of(window, "Item analysis status")
    assert any(i.retired and i.question_id == first.question_id for i in page._items)


@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.DARK])
@pytest.mark.parametrize(("scale", "size"), [(1.0, (1024, 640)), (2.0, (1024, 640)), (1.0, (800, 600))])
def test_instructor_pages_names_and_layout(qtbot, class_window, theme: ThemeName, scale: float,
                                           size: tuple[int, int]) -> None:
    window = class_window
    for name in ("class", "items"):
        window.show_page(name)
        _unlock(qtbot, window, name)
        window.set_theme(theme)
        window.set_text_scale(scale)
        window.resize(*size)
        QApplication.processEvents()
        if os.environ.get("QUIZAPP_SHOT_DIR"):  # to look at: QUIZAPP_SHOT_DIR=/tmp/x pytest -k layout
            window.grab().save(f"{os.environ['QUIZAPP_SHOT_DIR']}/{name}-{theme.value}-{scale}-{size[0]}.png")
        assert duplicate_names(window) == {}
        assert unnamed_controls(window) == []
        assert clipped(window) == []
    window.set_text_scale(1.0)
    window.set_theme(ThemeName.LIGHT)
