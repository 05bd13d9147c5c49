"""Screenshots of the Question sets page, the set browser and the exam pack template editor.

Drives the real window offscreen over a fresh data dir with the real bank, the way an instructor
would: imports two sets through the page's preview, leaves a student report, removes a third set,
opens the export form, browses a set, and fills and saves an exam pack template. Writes
`.ci/screenshots/question-sets.png`, `set-browser.png` and `pack-editor.png` (the window as the
instructor sees it), and `question-sets-full.png` / `pack-editor-full.png` (each whole scrolling page).

    .venv/bin/python benchmarks/shots_sets.py [--dark] [--scale 2] [--size 1180x820] [--out DIR]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from _shots import open_window, screenshot_args, shoot, shoot_full  # noqa: E402

from quizapp.core.clock import FakeClock  # noqa: E402
from quizapp.ui.features.question_sets import QuestionSetsFeature  # noqa: E402

DATA = ROOT / "tests" / "data" / "formats"


def import_file(feature: QuestionSetsFeature, path: Path, name: str) -> None:
    page = feature.page
    page.path.setText(str(path))
    page.name.setText(name)
    page.preview_button.click()
    page.confirm.click()


def main() -> int:
    args = screenshot_args(__doc__.splitlines()[0])
    clock = FakeClock()
    window = open_window(args, clock, "quizapp-sets-shots-")
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
