"""Screenshots of the Question sets page, the set browser and the exam pack template editor.

Drives the real window offscreen over a fresh data dir with the real bank, the way an instructor
would: imports two sets through the page's preview, leaves a student report, removes a third set,
opens the export form, browses a set, and fills and saves an exam pack template. Writes
`.ci/screenshots/question-sets.png`, `set-browser.png` and `pack-editor.png` (the window as the
instructor sees it), and `question-sets-full.png` / `pack-editor-full.png` (each whole scrolling page).

    .venv/bin/python benchmarks/shots_sets.py [--dark] [--scale 2] [--size 1180x820] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from quizapp.core.clock import FakeClock  # noqa: E402
from quizapp.ui.app import create_main_window  # noqa: E402
from quizapp.ui.features.question_sets import QuestionSetsFeature  # noqa: E402
from quizapp.ui.theme import ThemeName  # noqa: E402

OUT = ROOT / ".ci" / "screenshots"
DATA = ROOT / "tests" / "data" / "formats"


def shoot(window: QWidget, out: Path, name: str) -> None:
    for _ in range(3):  # wrapped labels settle over a couple of layout passes
        QApplication.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def shoot_full(page: QWidget, out: Path, name: str) -> None:
    """The whole scrolling page, not only the part the window shows."""
    for _ in range(3):
        QApplication.processEvents()
    body = page.property("scrollArea").widget()
    body.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def import_file(feature: QuestionSetsFeature, path: Path, name: str) -> None:
    page = feature.page
    page.path.setText(str(path))
    page.name.setText(name)
    page.preview_button.click()
    page.confirm.click()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--size", default="1180x820")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))

    clock = FakeClock()
    data = Path(tempfile.mkdtemp(prefix="quizapp-sets-shots-"))
    window = create_main_window(data, clock)
    window.set_theme(ThemeName.DARK if args.dark else ThemeName.LIGHT)
    window.set_text_scale(args.scale)
    window.resize(width, height)
    window.show()
    window.home.skip_name.click()
    ctx = window.ctx
    feature = next(f for f in window.features if isinstance(f, QuestionSetsFeature))
    feature.open_import()
    import_file(feature, DATA / "vitals.gift", "Vital signs drills")
    import_file(feature, DATA / "hipaa_moodle.xml", "HIPAA week 3")
    import_file(feature, DATA / "phlebotomy_aiken.txt", "Old phlebotomy quiz")

    question = ctx.sets.browse("vital-signs-drills").items[1]
    ctx.reports.submit(ctx.profiles.current().id, question.question_id, "unclear",
                       "Popliteal is also used in some offices?")
    ctx.reports.submit(ctx.profiles.current().id, question.question_id, "typo", "")
    window.publish(ctx.sets.remove("old-phlebotomy-quiz"))

    page = feature.page
    page.manage("vital-signs-drills")
    page.actions.export_button.click()
    page.actions.format.setCurrentIndex(1)
    area = page.property("scrollArea")
    area.verticalScrollBar().setValue(0)
    shoot(window, args.out, "question-sets")
    shoot_full(page, args.out, "question-sets-full")

    page.actions.browse_button.click()
    feature.browser.search.setText("pulse")
    feature.browser.search_button.click()
    shoot(window, args.out, "set-browser")

    feature.open_pack_editor()
    editor = feature.pack_editor
    editor.name.setText("Week 6 review")
    editor.minutes.setValue(45)
    spins = editor.counts.spins
    spins["Anatomy and Physiology"].setValue(5)
    spins["Clinical Patient Care"].setValue(20)
    spins["Medical Law and Ethics"].setValue(5)
    editor.save_button.click()
    editor.new_template()
    editor.name.setText("Midterm practice exam")
    editor.minutes.setValue(90)
    editor.pass_mark.setValue(75)
    for domain, n in (("Foundational Knowledge and Basic Science", 10), ("Anatomy and Physiology", 15),
                      ("Clinical Patient Care", 40), ("Administrative Assisting", 8)):
        spins = editor.counts.spins
        spins[domain].setValue(n)
    editor.property("scrollArea").verticalScrollBar().setValue(0)
    shoot(window, args.out, "pack-editor")
    shoot_full(editor, args.out, "pack-editor-full")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
