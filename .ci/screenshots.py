"""Renders every screenshot the README shows, offscreen, the same way each time.

    .venv/bin/python .ci/screenshots.py [--only NAME,NAME] [--extra] [--out DIR]

It drives the real window the way a student or an instructor would, so the pictures show what
users see. Deterministic: a fixed clock (FakeClock, local time UTC), fixed seeds for the
practice session (`PracticeRequest(seed=…)`), the mock exam and the generated history, no
blinking cursor; the data, a stand-in home folder and Qt's caches live in one temporary folder
that is removed at the end, whatever happens. `--extra` adds pictures for looking at that the
README does not show (dark theme, 200% text, whole scrolling pages, the review screen, the set
browser); `--only` renders just the pictures named (e.g. `--only home,progress`).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".ci" / "screenshots"
FORMATS = ROOT / "tests" / "data" / "formats"

# What README.md shows, in its order; each is made by one scene below.
README_SHOTS = ("home", "practice-feedback", "exam", "exam-results", "notes", "practice-setup", "search", "home-goal",
                "progress", "import-preview", "question-sets", "pack-editor")
EXTRA_SHOTS = ("exam-review", "progress-dark", "progress-full", "progress-full-dark", "progress-200",
               "question-sets-full", "set-browser", "pack-editor-full")
START = datetime(2026, 1, 5, 17, 0, tzinfo=UTC)  # the fixed "now" of every scene
PRACTICE_SEED = 20
EXAM_SEED = 4
HISTORY_SEED = 7
HISTORY_WEEKS = 7


@dataclass
class Shots:
    """Where pictures go and which are wanted."""

    out: Path
    wanted: set[str]
    work: Path  # the temporary folder: data dirs, the stand-in home

    def want(self, *names: str) -> bool:
        return bool(self.wanted & set(names))

    def take(self, widget: Any, name: str, *, whole_page: bool = False) -> None:
        """Saves the window (or, `whole_page`, a page's whole scrolling body) as NAME.png."""
        if name not in self.wanted:
            return
        settle()
        target = widget.property("scrollArea").widget() if whole_page else widget
        self.out.mkdir(parents=True, exist_ok=True)
        target.grab().save(str(self.out / f"{name}.png"))
        print(self.out / f"{name}.png")


def settle() -> None:
    """What the event loop would have done by the next frame: widgets let go with deleteLater
    gone (else a picture shows them where they were), wrapped labels laid out again."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # wrapped labels settle over a couple of layout passes
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


@contextmanager
def window_over(shots: Shots, name: str, clock: Any, *, dark: bool = False, scale: float = 1.0,
                size: tuple[int, int] = (1180, 820), fresh: bool = True) -> Iterator[Any]:
    """The app over the data dir `work/NAME` (fresh: the first-run naming is skipped as a
    student might), in a theme, text size and window size; closed afterwards."""
    from quizapp.ui.app import create_main_window
    from quizapp.ui.theme import ThemeName

    window = create_main_window(shots.work / name, clock)
    window.set_theme(ThemeName.DARK if dark else ThemeName.LIGHT)
    window.set_text_scale(scale)
    window.resize(*size)
    window.show()
    if fresh:
        window.home.skip_name.click()
    try:
        yield window
    finally:
        window.set_theme(ThemeName.LIGHT)
        window.set_text_scale(1.0)
        window.close()
        window.deleteLater()
        settle()


def feature(window: Any, name: str) -> Any:
    return next(f for f in window.features if type(f).__name__ == name)


# -- scenes ------------------------------------------------------------------------------------------

def student_scene(shots: Shots) -> None:
    """Home, practice set-up, a practice question with feedback, study notes, an import preview."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from quizapp.core.clock import FakeClock

    with window_over(shots, "student", FakeClock(START)) as window:
        shots.take(window, "home")
        feature(window, "PracticeFeature").start_button.click()
        setup = window.pages["practice_setup"]
        for i in range(setup.tree.topLevelItemCount()):
            item = setup.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.AccessibleTextRole) == "Clinical Patient Care":
                item.setExpanded(True)
                item.child(4).setExpanded(True)  # Phlebotomy's topics
        shots.take(window, "practice-setup")
        setup.count.setValue(5)
        setup.begin.emit(replace(setup.request(), seed=PRACTICE_SEED))  # what Begin practice sends, seeded
        practice = window.pages["practice"]
        for _ in range(2):
            QTest.keyClick(practice, Qt.Key.Key_B)
            QTest.keyClick(practice, Qt.Key.Key_Return)
            shots.take(window, "practice-feedback")  # the second question's feedback stays
            QTest.keyClick(practice, Qt.Key.Key_Return)
        notes = feature(window, "NotesFeature")
        notes.open()
        notes.page.search_field.setText("order of draw")
        notes.page.results.setCurrentRow(0)
        shots.take(window, "notes")
        window.show_home()
        documents = Path.home() / "Documents"
        documents.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FORMATS / "broken.gift", documents / "broken.gift")
        feature(window, "QuestionSetsFeature").open_import()
        sets = window.pages["question_sets"]
        sets.path.setText("~/Documents/broken.gift")
        sets.preview_button.click()
        shots.take(window, "import-preview")


def exam_scene(shots: Shots) -> None:
    """A mock exam part-way through, its review screen and its results: a student who knows
    about seven answers in ten, flags three questions and leaves a few blank."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from quizapp.core.clock import FakeClock

    clock = FakeClock(START)
    with window_over(shots, "exam", clock) as window:
        ctx = window.ctx
        _, changes = ctx.exams.start(ctx.profiles.current().id, "ccma-full", seed=EXAM_SEED)
        window.publish(changes)
        window.show_home()
        exams = feature(window, "ExamFeature")
        exams.resume_button.click()  # the student's way into an exam already drawn
        page = exams.page
        keys, rng = _keys(ctx), random.Random(EXAM_SEED)

        def answer() -> None:
            item = page.state.current
            key, wrong = keys[item.question.question_id]
            chosen = key[0] if rng.random() < 0.72 or not wrong else rng.choice(wrong)
            letter = next(c.letter for c in item.question.choices if c.position == chosen)
            QTest.keyClick(page, getattr(Qt.Key, f"Key_{letter}"))

        total = page.state.total
        for number in range(1, total + 1):
            if number not in (42, 97, 150):  # left blank
                answer()
            if number in (7, 18, 31):
                QTest.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
            clock.advance(57 if number <= 42 else 40)
            if number < total:
                QTest.keyClick(page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
            if number == 42:  # on question 43, with 41 answered
                page.countdown.fire()
                shots.take(window, "exam")
        QTest.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        exams.review.submit_button.click()
        shots.take(window, "exam-review")
        exams.review.confirm_button.click()
        shots.take(window, "exam-results")


def _keys(ctx: Any) -> dict[int, tuple[list[int], list[int]]]:
    """question id -> (key positions, wrong positions)."""
    from sqlalchemy import select

    from quizapp.core.db.models import Choice

    found: dict[int, tuple[list[int], list[int]]] = {}
    with ctx.db.sessions() as session:
        for qid, position, right in session.execute(
                select(Choice.question_id, Choice.position, Choice.is_correct).order_by(Choice.question_id,
                                                                                        Choice.position)):
            key, wrong = found.setdefault(qid, ([], []))
            (key if right else wrong).append(position)
    return found


def generate_history(ctx: Any, clock: Any, days: int, seed: int = HISTORY_SEED) -> None:
    """Short daily practice with skill rising over time, unevenly by domain; a quick mock exam
    every ninth day; some days skipped, as real students do. All through core, so every figure
    the Progress page shows comes from the real code path."""
    from sqlalchemy import select

    from quizapp.core.db.models import Question
    from quizapp.core.practice import PracticeRequest
    from quizapp.core.taxonomy import ALL_DOMAINS

    rng = random.Random(seed)
    keys = _keys(ctx)

    def answer(qid: int, right: bool) -> list[int]:
        key, wrong = keys[qid]
        return key if right or not wrong else [rng.choice(wrong)]

    profile = ctx.profiles.current().id
    with ctx.db.sessions() as session:
        domains = [d for d in ALL_DOMAINS if session.scalar(select(Question.id).where(Question.domain == d).limit(1))]
    start_skill = {d: 0.45 + 0.25 * rng.random() for d in domains}
    for day in range(days):
        progress = day / max(1, days - 1)
        if rng.random() < 0.25:
            clock.advance(86_400)
            continue
        for domain in rng.sample(domains, k=3):
            skill = min(0.95, start_skill[domain] + 0.3 * progress)
            state, _ = ctx.practice.start(profile, PracticeRequest(domains=(domain,), count=rng.randint(5, 12),
                                                                   seed=rng.randrange(2**31)))
            for item in state.items:
                seconds = rng.uniform(8, 45)
                clock.advance(seconds)
                ctx.practice.check(state.attempt_id, item.position,
                                   answer(item.question.question_id, rng.random() < skill), seconds=seconds)
            ctx.practice.finish(state.attempt_id)
        if day % 9 == 4:
            engine, _ = ctx.exams.start(profile, "ccma-quick", seed=rng.randrange(2**31))
            skill = 0.5 + 0.3 * progress
            for item in engine.state().items:
                clock.advance(20)
                engine.answer(item.position, answer(item.question.question_id, rng.random() < skill))
            engine.submit()
        clock.advance(86_400)


def progress_scene(shots: Shots) -> None:
    """The Progress page over seven weeks of history, light and dark, whole and at 200% text."""
    from quizapp.core.clock import FakeClock
    from quizapp.core.context import AppContext

    if not shots.want("progress", "progress-dark", "progress-full", "progress-full-dark", "progress-200"):
        return
    clock = FakeClock(START - timedelta(weeks=HISTORY_WEEKS))
    ctx = AppContext.open(shots.work / "progress", clock)
    try:
        ctx.bank.ensure_installed()
        ctx.profiles.rename(ctx.profiles.current().id, "Maya")
        generate_history(ctx, clock, HISTORY_WEEKS * 7)
    finally:
        ctx.close()
    for dark, suffix in ((False, ""), (True, "-dark")):
        with window_over(shots, "progress", clock, dark=dark, size=(1180, 800), fresh=False) as window:
            feature(window, "ProgressFeature").open()
            shots.take(window, f"progress{suffix}")
            shots.take(window.pages["progress"], f"progress-full{suffix}", whole_page=True)
    with window_over(shots, "progress", clock, scale=2.0, size=(1024, 640), fresh=False) as window:
        feature(window, "ProgressFeature").open()
        shots.take(window.pages["progress"], "progress-200", whole_page=True)


def instructor_scene(shots: Shots) -> None:
    """Question sets after three imports, a report and a removal; the set browser; an exam pack."""
    from quizapp.core.clock import FakeClock

    if not shots.want("question-sets", "question-sets-full", "set-browser", "pack-editor", "pack-editor-full"):
        return
    with window_over(shots, "instructor", FakeClock(START)) as window:
        ctx = window.ctx
        sets = feature(window, "QuestionSetsFeature")
        sets.open_import()
        page = sets.page
        for file, name in (("vitals.gift", "Vital signs drills"), ("hipaa_moodle.xml", "HIPAA week 3"),
                           ("phlebotomy_aiken.txt", "Old phlebotomy quiz")):
            page.path.setText(str(FORMATS / file))
            page.name.setText(name)
            page.preview_button.click()
            page.confirm.click()
        question = ctx.sets.browse("vital-signs-drills").items[1]
        ctx.reports.submit(ctx.profiles.current().id, question.question_id, "unclear",
                           "Popliteal is also used in some offices?")
        ctx.reports.submit(ctx.profiles.current().id, question.question_id, "typo", "")
        window.publish(ctx.sets.remove("old-phlebotomy-quiz"))
        page.path.clear()  # the checkout's path is not part of the picture
        page.manage("vital-signs-drills")
        page.actions.export_file.folder = Path("~")  # the suggestion reads ~/…, as on any machine
        page.actions.export_button.click()
        page.actions.format.setCurrentIndex(1)
        page.property("scrollArea").verticalScrollBar().setValue(0)
        shots.take(window, "question-sets")
        shots.take(page, "question-sets-full", whole_page=True)

        page.actions.browse_button.click()
        sets.browser.search.setText("pulse")
        sets.browser.search_button.click()
        shots.take(window, "set-browser")

        sets.open_pack_editor()
        editor = sets.pack_editor
        editor.name.setText("Week 6 review")
        editor.minutes.setValue(45)
        for domain, n in (("Anatomy and Physiology", 5), ("Clinical Patient Care", 20), ("Medical Law and Ethics", 5)):
            editor.counts.spins[domain].setValue(n)
        editor.save_button.click()
        editor.new_template()
        editor.name.setText("Midterm practice exam")
        editor.minutes.setValue(90)
        editor.pass_mark.setValue(75)
        for domain, n in (("Foundational Knowledge and Basic Science", 10), ("Anatomy and Physiology", 15),
                          ("Clinical Patient Care", 40), ("Administrative Assisting", 8)):
            editor.counts.spins[domain].setValue(n)
        editor.property("scrollArea").verticalScrollBar().setValue(0)
        shots.take(window, "pack-editor")
        shots.take(editor, "pack-editor-full", whole_page=True)


def habits_scene(shots: Shots) -> None:
    """Issue #21: home with the day's goal under way (a Quick 10 answered), and search results
    with a question opened."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from quizapp.core.clock import FakeClock
    from quizapp.core.practice import PracticeRequest

    with window_over(shots, "habits", FakeClock(START)) as window:
        practice_feature = feature(window, "PracticeFeature")
        practice_feature.setup.begin.emit(PracticeRequest(mode="quick", count=10, seed=PRACTICE_SEED))  # Quick 10
        practice = window.pages["practice"]
        for _ in range(10):
            QTest.keyClick(practice, Qt.Key.Key_B)
            QTest.keyClick(practice, Qt.Key.Key_Return)
            QTest.keyClick(practice, Qt.Key.Key_Return)
        window.show_home()
        shots.take(window, "home-goal")
        search = feature(window, "SearchFeature")
        search.open()
        search.page.field.setText("order of draw")
        search.page.open_result(0)
        shots.take(window, "search")


SCENES: tuple[tuple[tuple[str, ...], Callable[[Shots], None]], ...] = (
    (("home", "practice-setup", "practice-feedback", "notes", "import-preview"), student_scene),
    (("exam", "exam-review", "exam-results"), exam_scene),
    (("progress", "progress-dark", "progress-full", "progress-full-dark", "progress-200"), progress_scene),
    (("question-sets", "question-sets-full", "set-browser", "pack-editor", "pack-editor-full"), instructor_scene),
    (("search", "home-goal"), habits_scene),
)


# -- running -----------------------------------------------------------------------------------------

def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated names, e.g. home,progress (default: all README shows)")
    parser.add_argument("--extra", action="store_true", help="also the pictures README does not show")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the PNGs go (default: {OUT})")
    args = parser.parse_args(argv)
    known = README_SHOTS + EXTRA_SHOTS
    args.wanted = set(args.only.split(",")) if args.only else set(README_SHOTS + (EXTRA_SHOTS if args.extra else ()))
    unknown = sorted(args.wanted - set(known))
    if unknown:
        parser.error(f"unknown picture {', '.join(unknown)}; known: {', '.join(known)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    out = args.out.resolve()
    with tempfile.TemporaryDirectory(prefix="quizapp-shots-") as tmp:
        work = Path(tmp)
        # Everything the run writes stays in `work`: a stand-in home (the import path shown is
        # ~/Documents/…, the same on every machine; Qt's and fontconfig's caches go there too).
        os.environ.update({"HOME": str(work / "home"), "XDG_CACHE_HOME": str(work / "home" / ".cache"),
                           "XDG_CONFIG_HOME": str(work / "home" / ".config"), "TZ": "UTC",
                           "QT_QPA_PLATFORM": "offscreen"})
        (work / "home").mkdir()
        time.tzset()
        sys.path.insert(0, str(ROOT))
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0]])
        app.setCursorFlashTime(0)  # a caret that blinks would make two runs differ
        shots = Shots(out, args.wanted, work)
        for names, scene in SCENES:
            if shots.want(*names):
                scene(shots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
