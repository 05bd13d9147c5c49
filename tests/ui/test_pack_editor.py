"""An instructor builds an exam pack template, exports the pack, and a student imports it through
`Import question set` and finds it among the exams."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox

from tests.helpers.layout import clipped
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, unnamed_controls


def open_editor(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "New exam pack"), Qt.MouseButton.LeftButton)
    assert named(window, "Pack name").hasFocus()


def type_number(qtbot, spin: QSpinBox, value: int) -> None:
    """Types into a spin box as a user would: select what is there, type, Enter."""
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == value


def fill_form(qtbot, window, name: str, minutes: int, pass_mark: int, items: dict[str, int]) -> None:
    field = named(window, "Pack name")
    field.clear()
    qtbot.keyClicks(field, name)
    type_number(qtbot, named(window, "Time limit in minutes"), minutes)
    type_number(qtbot, named(window, "Instructor's pass mark (%)"), pass_mark)
    for domain, n in items.items():
        type_number(qtbot, named(window, f"Items from {domain}"), n)


PASSPHRASE = "correct horse battery"


def type_passphrase(qtbot, window, again: str | None = None) -> None:
    """Types the signing passphrase (and, before the first export, repeats it)."""
    page = window.pages["pack_editor"]
    for field, text in ((page.passphrase, PASSPHRASE), (page.passphrase_again, again or PASSPHRASE)):
        if field.isVisible():
            field.clear()
            qtbot.keyClicks(field, text)


def test_create_export_and_import_a_pack(qtbot, window, tmp_path: Path) -> None:
    open_editor(qtbot, window)
    assert text_of(window, "Template heading") == "New template"
    note = text_of(window, "Pass mark note")
    assert "instructor's pass mark" in note and "It is not an NHA pass mark" in note
    available = window.ctx.overview.overview(window.ctx.profiles.current().id).domains
    anatomy = next(d.questions for d in available if d.name == "Anatomy and Physiology")
    fill_form(qtbot, window, "Week 6 quiz", 45, 75, {"Anatomy and Physiology": 3, "Medical Law and Ethics": 2})
    assert text_of(window, "Total items") == "Total: 5 items."

    qtbot.mouseClick(named(window, "Save template"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Template status") == "Saved the template Week 6 quiz (5 items)."
    assert text_of(window, "Template heading") == "Editing Week 6 quiz"
    assert is_shown(window, "Edit template Week 6 quiz") and is_shown(window, "Delete template Week 6 quiz")
    [saved] = window.ctx.packs.templates()
    assert (saved.name, saved.minutes, saved.pass_mark, saved.by) == ("Week 6 quiz", 45, 0.75, "domain")
    assert dict(saved.counts) == {"Anatomy and Physiology": 3, "Medical Law and Ethics": 2}

    field = named(window, "Pack file")
    assert field.text() == str(Path.home() / "week-6-quiz.json")
    out = tmp_path / "week-6-quiz.json"
    field.clear()
    qtbot.keyClicks(field, str(out))
    assert "no signing key yet" in text_of(window, "Signing key") and is_shown(window, "Repeat signing passphrase")
    type_passphrase(qtbot, window, again="a different one")
    qtbot.mouseClick(named(window, "Export pack"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Pack status").startswith("Nothing was exported: the two passphrases differ")
    assert not out.exists()
    type_passphrase(qtbot, window)
    qtbot.mouseClick(named(window, "Export pack"), Qt.MouseButton.LeftButton)
    status = text_of(window, "Pack status")
    assert status.startswith("Exported Week 6 quiz: 5 questions, 45 minutes, Instructor's pass mark: 75%"), status
    assert "not an NHA pass mark" in status
    fingerprint = window.ctx.packs.signer().fingerprint
    assert f"Signed by your key {fingerprint}" in status and fingerprint in text_of(window, "Signing key")
    assert not window.pages["pack_editor"].passphrase_again.isVisible()
    assert named(window, "Signing passphrase").text() == ""
    type_passphrase(qtbot, window)
    named(window, "Signing passphrase").setText("wrong passphrase")
    qtbot.mouseClick(named(window, "Export pack"), Qt.MouseButton.LeftButton)
    assert "that passphrase does not open your signing key" in text_of(window, "Pack status")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "quizapp-exam-pack" and len(document["questions"]) == 5
    assert document["pack"]["pass_mark_by"] == "instructor"
    assert anatomy >= 3

    # A student (here, the same computer) imports it through the ordinary import.
    window.show_home()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(named(window, "Import file"), str(out))
    qtbot.mouseClick(named(window, "Preview import"), Qt.MouseButton.LeftButton)
    preview = text_of(window, "Preview domains")
    assert preview.startswith("Exam pack: Week 6 quiz — 5 questions, 45 minutes.")
    assert "Instructor's pass mark: 75%" in preview and f"Signed by {fingerprint}" in preview
    qtbot.mouseClick(named(window, "Confirm import"), Qt.MouseButton.LeftButton)
    assert "The exam Week 6 quiz is now offered under Start mock exam." in text_of(window, "Import status")
    packs = [b for b in window.ctx.exams.blueprints() if b.is_pack]
    assert [(b.slug, b.name, b.minutes, b.pass_mark) for b in packs] == [("week-6-quiz", "Week 6 quiz", 45, 0.75)]
    table = named(window, "Question sets")
    row = [table.item(r, 0).text() for r in range(table.rowCount())].index("Week 6 quiz")
    assert table.item(row, 1).text() == "exam pack week-6-quiz.json" and table.item(row, 2).text() == "5"


def test_edit_and_delete_a_saved_template(qtbot, window) -> None:
    open_editor(qtbot, window)
    fill_form(qtbot, window, "Midterm", 90, 70, {"Clinical Patient Care": 10})
    qtbot.mouseClick(named(window, "Save template"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "New template"), Qt.MouseButton.LeftButton)
    assert named(window, "Pack name").text() == "" and text_of(window, "Template heading") == "New template"
    assert named(window, "Items from Clinical Patient Care").value() == 0

    # A second template of the same name is refused; saving an edit replaces it in place.
    fill_form(qtbot, window, "Midterm", 30, 70, {"Clinical Patient Care": 1})
    qtbot.mouseClick(named(window, "Save template"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Template status").startswith("Cannot save: a saved template is already called Midterm.")
    qtbot.mouseClick(named(window, "Edit template Midterm"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Template heading") == "Editing Midterm"
    assert named(window, "Time limit in minutes").value() == 90
    assert named(window, "Items from Clinical Patient Care").value() == 10
    fill_form(qtbot, window, "Midterm, part 1", 60, 80, {"Clinical Patient Care": 12})
    qtbot.mouseClick(named(window, "Save template"), Qt.MouseButton.LeftButton)
    assert [(t.name, t.minutes, t.pass_mark, t.items) for t in window.ctx.packs.templates()] == [
        ("Midterm, part 1", 60, 0.8, 12)]

    qtbot.mouseClick(named(window, "Delete template Midterm, part 1"), Qt.MouseButton.LeftButton)
    assert "Packs you already exported from it keep working" in text_of(window, "Confirm delete template warning")
    qtbot.mouseClick(named(window, "Cancel delete template"), Qt.MouseButton.LeftButton)
    assert len(window.ctx.packs.templates()) == 1
    qtbot.mouseClick(named(window, "Delete template Midterm, part 1"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Confirm delete template"), Qt.MouseButton.LeftButton)
    assert window.ctx.packs.templates() == []
    assert text_of(window, "Saved templates status") == "Deleted the template Midterm, part 1."
    assert not is_shown(window, "Edit template Midterm, part 1")
    assert text_of(window, "Template heading") == "New template"


def test_core_checks_and_shortfalls_are_shown_inline(qtbot, window, tmp_path: Path) -> None:
    open_editor(qtbot, window)
    qtbot.mouseClick(named(window, "Save template"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Template status") == "Cannot save: give the exam pack a name."
    assert named(window, "Template status").property("result") == "wrong"
    fill_form(qtbot, window, "Too big", 30, 70, {})
    qtbot.mouseClick(named(window, "Save template"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Template status") == "Cannot save: the pack needs at least one item."

    spin = named(window, "Items from Anatomy and Physiology")
    available = next(d.questions for d in window.ctx.overview.overview(window.ctx.profiles.current().id).domains
                     if d.name == "Anatomy and Physiology")
    type_number(qtbot, spin, available + 1)
    assert f"Not enough questions for Anatomy and Physiology: {available + 1} wanted, {available} available." \
        in text_of(window, "Total items")
    out = tmp_path / "too-big.json"
    field = named(window, "Pack file")
    field.clear()
    qtbot.keyClicks(field, str(out))
    qtbot.keyClick(field, Qt.Key.Key_Return)
    status = text_of(window, "Pack status")
    assert status.startswith("Nothing was exported: the switched-on sets cannot fill this pack"), status
    assert not out.exists()

    type_number(qtbot, spin, 1)
    field.clear()
    qtbot.keyClicks(field, str(tmp_path / "no-such-folder" / "pack.json"))
    type_passphrase(qtbot, window)
    qtbot.mouseClick(named(window, "Export pack"), Qt.MouseButton.LeftButton)
    assert "the folder does not exist" in text_of(window, "Pack status")
    assert not (tmp_path / "no-such-folder").exists()


def test_items_per_question_set(qtbot, window, tmp_path: Path) -> None:
    open_editor(qtbot, window)
    radio = named(window, "Items per question set")
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=radio.rect().center())
    assert radio.isChecked() and not is_shown(window, "Items from Anatomy and Physiology")
    fill_form(qtbot, window, "Bank sampler", 20, 60, {"Career-guide bank": 4})
    qtbot.mouseClick(named(window, "Save template"), Qt.MouseButton.LeftButton)
    [saved] = window.ctx.packs.templates()
    assert saved.by == "set" and dict(saved.counts) == {"builtin": 4}
    out = tmp_path / "sampler.json"
    field = named(window, "Pack file")
    field.clear()
    qtbot.keyClicks(field, str(out))
    type_passphrase(qtbot, window)
    qtbot.mouseClick(named(window, "Export pack"), Qt.MouseButton.LeftButton)
    assert text_of(window, "Pack status").startswith("Exported Bank sampler: 4 questions, 20 minutes")
    # Back to per domain: the per-domain numbers were kept apart from the per-set ones.
    by_domain = named(window, "Items per CCMA domain")
    qtbot.mouseClick(by_domain, Qt.MouseButton.LeftButton, pos=by_domain.rect().center())
    assert named(window, "Items from Clinical Patient Care").value() == 0
    qtbot.keyClick(window.pages["pack_editor"], Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.pages["question_sets"]


@pytest.mark.parametrize("size", [(1024, 640), (800, 600)])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_clipped_text_and_unique_names_at_small_sizes(qtbot, window, scale: float, size: tuple[int, int]) -> None:
    window.set_text_scale(scale)
    window.resize(*size)
    open_editor(qtbot, window)
    fill_form(qtbot, window, "Week 6 quiz", 45, 75, {"Anatomy and Physiology": 500})
    qtbot.mouseClick(named(window, "Save template"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Delete template Week 6 quiz"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(named(window, "Export pack"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    problems = (clipped(window), duplicate_names(window), unnamed_controls(window))
    radio = named(window, "Items per question set")
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=radio.rect().center())
    QApplication.processEvents()
    per_set = (clipped(window), duplicate_names(window), unnamed_controls(window))
    window.set_text_scale(1.0)
    assert problems == ([], {}, []) and per_set == ([], {}, [])


def test_a_damaged_pack_is_refused_with_a_clear_message(qtbot, window, tmp_path: Path) -> None:
    open_editor(qtbot, window)
    fill_form(qtbot, window, "Quiz", 10, 70, {"Medical Law and Ethics": 2})
    out = tmp_path / "quiz.json"
    field = named(window, "Pack file")
    field.clear()
    qtbot.keyClicks(field, str(out))
    type_passphrase(qtbot, window)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    document = json.loads(out.read_text(encoding="utf-8"))
    document["questions"][0]["stem"] = "Edited after export?"
    out.write_text(json.dumps(document), encoding="utf-8")

    window.show_home()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(named(window, "Import file"), str(out))
    qtbot.keyClick(named(window, "Import file"), Qt.Key.Key_Return)
    problems = named(window, "Import problems")
    lines = [problems.item(i).text() for i in range(problems.count())]
    assert len(lines) == 1 and lines[0].startswith("the exam pack is damaged")
    assert "ask your instructor for a new copy" in lines[0]
    assert not named(window, "Confirm import").isEnabled()
    assert [b for b in window.ctx.exams.blueprints() if b.is_pack] == []


def test_a_pack_not_from_your_instructor_is_marked_where_students_choose_it(qtbot, window, tmp_path: Path) -> None:
    """Issue #24, case 7: a pack signed by another key than the one pinned for its name (here a
    student's re-keyed copy) is shown as not from your instructor, in the preview and the list."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from quizapp.core.packs.pack_file import pack_digest, signed_message
    from quizapp.core.packs.signing import sign
    from quizapp.core.packs.template import PackTemplate

    named(window, "Skip naming").click()
    ctx = window.ctx
    genuine = tmp_path / "quiz.json"
    ctx.packs.export(PackTemplate.create("Quiz", 10, 0.7, {"Medical Law and Ethics": 2}), genuine,
                     passphrase=PASSPHRASE, seed=1)
    ctx.imports.run(ctx.imports.preview(genuine))
    document = json.loads(genuine.read_text(encoding="utf-8"))
    for question in document["questions"]:
        flags = [c["correct"] for c in question["choices"]]
        for choice, flag in zip(question["choices"], flags[-1:] + flags[:-1], strict=True):
            choice["correct"] = flag
    document["sha256"] = pack_digest(document["pack"], document["questions"])
    document["signature"] = sign(Ed25519PrivateKey.generate(), signed_message(document))
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(document), encoding="utf-8")

    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(named(window, "Import file"), str(forged))
    qtbot.keyClick(named(window, "Import file"), Qt.Key.Key_Return)
    assert "Not from your instructor: signed by" in text_of(window, "Preview domains")
    qtbot.mouseClick(named(window, "Confirm import"), Qt.MouseButton.LeftButton)
    window.show_home()
    qtbot.mouseClick(named(window, "Start mock exam"), Qt.MouseButton.LeftButton)
    radios = window.pages["exam_setup"].radios
    forged_slug = next(slug for slug in radios if slug.startswith("quiz-"))
    assert radios["quiz"].text() == "Quiz" and "Signed by" in radios["quiz"].accessibleDescription()
    assert radios[forged_slug].text() == "Quiz — not from your instructor"
    assert "Not from your instructor" in radios[forged_slug].accessibleDescription()
    window.grab().save(str(tmp_path / "exam-setup.png"))
