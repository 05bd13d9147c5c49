"""Exam packs end to end: an instructor exports one, a student imports it and takes it (fake
clock, no sleeps), damaged packs change nothing, and removing the pack's set hides its exam."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.cli import main
from quizapp.core.bank.builtin_sets import RESERVED_SLUGS
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import Attempt, Blueprint, Choice, Question, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.exam.engine import ExamEngine
from quizapp.core.packs.template import PackTemplate
from tests.helpers.databases import cli_args

PASSPHRASE = "correct horse battery"
MIDTERM = PackTemplate.create("Midterm 1", 20, 0.7,
                              {"Phlebotomy": 3, "Medical Law and Ethics": 2, "Clinical Patient Care": 2})


def export(source: AppContext, tmp_path: Path, template: PackTemplate = MIDTERM, seed: int = 5) -> Path:
    out = tmp_path / "packs" / f"{template.slug}.json"
    out.parent.mkdir(exist_ok=True)
    result = source.packs.export(template, out, passphrase=PASSPHRASE, seed=seed)
    assert result.questions == template.items and result.out == out
    return out


def student_with(fresh: Callable[[str], AppContext], pack: Path, name: str = "student") -> AppContext:
    ctx = fresh(name)
    report, changes = ctx.imports.run(ctx.imports.preview(pack))
    assert report.written and changes.bank and report.pack is not None, report.errors
    return ctx


def keys(ctx: AppContext, question_id: int) -> list[int]:
    with ctx.db.sessions() as session:
        return list(session.scalars(select(Choice.position).where(Choice.question_id == question_id,
                                                                  Choice.is_correct == True)))  # noqa: E712


def take(ctx: AppContext, slug: str, *, right: int, seed: int = 1) -> ExamEngine:
    """Answers the first `right` items correctly and the rest wrongly, then submits."""
    clock = ctx.clock
    assert isinstance(clock, FakeClock)
    engine, _ = ctx.exams.start(ctx.profiles.current().id, slug, seed=seed)
    for item in engine.state().items:
        key = keys(ctx, item.question.question_id)
        wrong = [c.position for c in item.question.choices if c.position not in key][:1]
        clock.advance(20)
        engine.answer(item.position, key if item.position < right else wrong)
    clock.advance(5)
    engine.submit()
    return engine


def counts(ctx: AppContext) -> tuple[int, int, int]:
    """Sets, questions and pack exams besides the built-in sets (the CLI installs them on opening)."""
    with ctx.db.sessions() as session:
        imported = select(QuestionSet.id).where(QuestionSet.slug.not_in(RESERVED_SLUGS))
        return (session.scalar(select(func.count()).select_from(imported.subquery())),
                session.scalar(select(func.count(Question.id)).where(Question.set_id.in_(imported))),
                session.scalar(select(func.count(Blueprint.id)).where(Blueprint.origin == "pack")))


def test_export_import_take_and_see_the_instructors_pass_mark(source: AppContext, fresh, tmp_path: Path) -> None:
    pack = export(source, tmp_path)
    document = json.loads(pack.read_text(encoding="utf-8"))
    assert document["format"] == "quizapp-exam-pack" and document["version"] == 2 and document["signature"]
    # Self-contained: each question in full, named by the set it was drawn from.
    assert all(q["stem"] and len(q["choices"]) >= 2 and "/" in q["id"] for q in document["questions"])

    student = fresh("student")
    preview = student.imports.preview(pack)
    assert preview.format == "exam-pack" and preview.slug == "midterm-1" and not preview.errors
    assert preview.pack is not None and (preview.pack.name, preview.pack.minutes, preview.pack.questions) == (
        "Midterm 1", 20, 7)
    assert preview.new == 7 and sum(preview.kinds.values()) == 7
    report, _ = student.imports.run(preview)
    assert (report.imported, report.pack and report.pack.pass_mark) == (7, 0.7)
    # The questions sit in a set named after the pack, switched off so practice does not spoil the exam.
    sets = {s.slug: s for s in student.sets.list()}
    assert sets["midterm-1"].name == "Midterm 1" and not sets["midterm-1"].enabled and sets["midterm-1"].is_pack
    exams = {b.slug: b for b in student.exams.blueprints()}
    assert exams["midterm-1"].is_pack and exams["midterm-1"].pass_mark == 0.7 and exams["midterm-1"].items == 7
    assert student.exams.availability("midterm-1").can_fill

    engine = take(student, "midterm-1", right=5)
    state = engine.state()
    assert state.submitted and state.total == 7 and state.time_limit_seconds == 20 * 60
    results = student.exams.results(engine.attempt_id)
    assert results.blueprint == "midterm-1" and results.overall.correct == 5 and results.overall.total == 7
    assert results.pass_mark == 0.7 and results.passed is True
    assert results.pass_mark_text == ("Instructor's pass mark: 70% (set by your instructor for this exam pack; "
                                      "it is not an NHA pass mark)")
    assert "not an NHA pass or fail" in results.note
    with student.db.sessions() as session:
        assert session.get(Attempt, engine.attempt_id).mode == "pack"
    progress = student.stats.progress(student.profiles.current().id)
    assert [m.blueprint for m in progress.mock_exams] == ["midterm-1"] and progress.overall.answered == 7

    failed = student.exams.results(take(student, "midterm-1", right=4, seed=2).attempt_id)
    assert failed.passed is False and failed.previous_score == pytest.approx(5 / 7)


def test_taking_a_pack_again_serves_the_same_questions_in_a_new_order(source: AppContext, fresh,
                                                                      tmp_path: Path) -> None:
    student = student_with(fresh, export(source, tmp_path))
    orders = []
    for _ in range(3):
        engine = take(student, "midterm-1", right=7, seed=11)  # the same seed each time, on purpose
        orders.append([item.question.question_id for item in engine.state().items])
        student.clock.advance(3600)  # type: ignore[attr-defined]
    assert len({tuple(sorted(o)) for o in orders}) == 1 and len(orders[0]) == 7
    assert len({tuple(o) for o in orders}) == 3


def test_a_pack_by_set_carries_images_multiple_answer_and_true_false(source: AppContext, fresh,
                                                                     tmp_path: Path) -> None:
    template = PackTemplate.create("Lab quiz", 15, 0.8, {"every-feature": 10}, by="set")
    student = student_with(fresh, export(source, tmp_path, template))
    engine, _ = student.exams.start(student.profiles.current().id, "lab-quiz", seed=3)
    items = engine.state().items
    kinds = {i.question.kind for i in items}
    assert kinds == {"single", "multiple", "truefalse"} and len(items) == 10
    assert any(i.question.media for i in items)
    true_false = [i for i in items if i.question.kind == "truefalse"]
    assert all([c.text for c in i.question.choices] == ["True", "False"] for i in true_false)
    multiple = next(i for i in items
                    if i.question.kind == "multiple" and len(keys(student, i.question.question_id)) > 1)
    engine.answer(multiple.position, keys(student, multiple.question.question_id))
    engine.submit()
    results = student.exams.results(engine.attempt_id)
    assert results.overall.correct == 1 and results.pass_mark == 0.8 and results.passed is False


@pytest.mark.parametrize("damage", ["truncate", "edit", "newer", "garbage"])
def test_a_damaged_or_newer_pack_imports_nothing(source: AppContext, fresh, tmp_path: Path, damage: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    pack = export(source, tmp_path)
    text = pack.read_text(encoding="utf-8")
    bad = tmp_path / "bad.json"
    if damage == "truncate":
        bad.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    elif damage == "edit":
        bad.write_text(text.replace('"minutes": 20', '"minutes": 200'), encoding="utf-8")
    elif damage == "newer":
        bad.write_text(text.replace('"version": 2', '"version": 3', 1), encoding="utf-8")
    else:
        bad.write_text('{"format": "quizapp-exam-pack", "version": 2, "pack": {"name": ', encoding="utf-8")
    student = fresh("student")
    before = counts(student)
    preview = student.imports.preview(bad)
    expected = "made by a newer quizapp" if damage == "newer" else "the exam pack is damaged"
    assert preview.format == "exam-pack" and len(preview.errors) == 1 and expected in preview.errors[0].message
    assert not preview.can_import(skip_invalid=True)
    report, changes = student.imports.run(preview, skip_invalid=True)
    assert not report.written and not changes and counts(student) == before

    code = main([*cli_args(student), "import", str(bad), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1 and payload["imported"] == 0 and expected in payload["error"]["message"]
    assert payload["error"]["file"] == str(bad) and counts(student) == before


def test_a_pack_never_takes_over_a_set_or_exam_of_the_same_name(source: AppContext, fresh, tmp_path: Path) -> None:
    pack = export(source, tmp_path)
    student = fresh("student")
    other = tmp_path / "midterm-1.gift"
    other.write_text("::Q1:: Which cuff measures blood pressure? {=Sphygmomanometer ~Otoscope}\n", encoding="utf-8")
    student.imports.run(student.imports.preview(other))
    preview = student.imports.preview(pack)
    assert any("already exists and is not this exam pack" in p.message for p in preview.errors)
    assert not student.imports.run(preview)[0].written
    with pytest.raises(UserError, match="the name 'builtin' is kept"):
        report, _ = student.imports.run(student.imports.preview(pack, None, "builtin"))
        raise UserError(report.errors[0].message)
    renamed, _ = student.imports.run(student.imports.preview(pack, None, "Midterm 1 (retake)"))
    assert renamed.written and renamed.slug == "midterm-1-retake"
    assert "midterm-1-retake" in {b.slug for b in student.exams.blueprints()}
    # The same pack (same name and signer) again goes where it already is, whatever name is asked.
    again, _ = student.imports.run(student.imports.preview(pack, None, "Something else"))
    assert again.slug == "midterm-1-retake" and again.unchanged == 7


def test_importing_the_same_pack_again_changes_nothing_and_history_stays(source: AppContext, fresh,
                                                                         tmp_path: Path) -> None:
    pack = export(source, tmp_path)
    student = student_with(fresh, pack)
    attempt = take(student, "midterm-1", right=7).attempt_id
    again, _ = student.imports.run(student.imports.preview(pack))
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 7)
    assert student.exams.results(attempt).overall.correct == 7


def test_removing_the_packs_set_hides_its_exam_and_keeps_its_results(source: AppContext, fresh,
                                                                     tmp_path: Path) -> None:
    student = student_with(fresh, export(source, tmp_path))
    attempt = take(student, "midterm-1", right=6).attempt_id
    student.sets.rename("midterm-1", "Midterm 1 (spring)")
    assert {b.slug: b.name for b in student.exams.blueprints()}["midterm-1"] == "Midterm 1 (spring)"
    student.sets.remove("midterm-1")
    assert "midterm-1" not in {b.slug for b in student.exams.blueprints()}
    with pytest.raises(UserError, match="unknown blueprint 'midterm-1'"):
        student.exams.start(student.profiles.current().id, "midterm-1")
    assert student.exams.results(attempt).overall.correct == 6
    assert student.stats.progress(student.profiles.current().id).overall.answered == 7
    student.sets.restore("midterm-1")
    assert "midterm-1" in {b.slug for b in student.exams.blueprints()}
    assert not {s.slug: s for s in student.sets.list()}["midterm-1"].enabled


def test_an_unfinished_pack_is_offered_for_resume_and_can_be_abandoned(source: AppContext, fresh,
                                                                       tmp_path: Path) -> None:
    student = student_with(fresh, export(source, tmp_path))
    profile = student.profiles.current().id
    engine, _ = student.exams.start(profile, "midterm-1", seed=2)
    student.clock.advance(30)  # type: ignore[attr-defined]
    engine.answer(0, [engine.state().items[0].question.choices[0].position])
    waiting = student.exams.in_progress(profile)
    assert waiting is not None and waiting.blueprint == "midterm-1" and waiting.answered == 1
    resumed, _ = student.exams.resume(engine.attempt_id)
    assert resumed.state().items[0].chosen == engine.state().items[0].chosen
    student.exams.abandon(engine.attempt_id)
    assert student.exams.in_progress(profile) is None


def test_exporting_a_pack_the_sets_cannot_fill_writes_nothing(source: AppContext, tmp_path: Path) -> None:
    too_many = PackTemplate.create("Big", 60, 0.7, {"Phlebotomy": 500})
    with pytest.raises(UserError, match="Phlebotomy: 500 wanted"):
        source.packs.export(too_many, tmp_path / "big.json", passphrase=PASSPHRASE)
    source.sets.set_enabled("vitals", False)
    with pytest.raises(UserError, match="there is no question set 'nope'"):
        source.packs.export(PackTemplate.create("S", 5, 0.5, {"nope": 1}, by="set"), tmp_path / "s.json",
                            passphrase=PASSPHRASE)
    with pytest.raises(UserError, match="vitals: 1 wanted, 0 available"):
        source.packs.export(PackTemplate.create("S", 5, 0.5, {"vitals": 1}, by="set"), tmp_path / "s.json",
                            passphrase=PASSPHRASE)
    with pytest.raises(UserError, match="the folder does not exist"):
        source.packs.export(MIDTERM, tmp_path / "missing" / "m.json", passphrase=PASSPHRASE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source"]
    assert source.packs.signer().exists  # the first export made the key, even though nothing was written


def test_templates_are_kept_for_the_editor_and_never_offered_as_exams(source: AppContext) -> None:
    saved, changes = source.packs.save_template(MIDTERM)
    assert changes.bank and saved.slug == "midterm-1"
    source.packs.save_template(PackTemplate.create("Midterm 1", 25, 0.75, {"Phlebotomy": 4}))
    assert [(t.name, t.minutes, t.pass_mark, t.counts) for t in source.packs.templates()] == [
        ("Midterm 1", 25, 0.75, (("Phlebotomy", 4),))]
    assert "midterm-1" not in {b.slug for b in source.exams.blueprints()}
    assert not [b for b in source.exams.blueprints() if "template" in b.slug]
    source.packs.delete_template("midterm-1")
    assert source.packs.templates() == []
    with pytest.raises(UserError, match="no pack template"):
        source.packs.delete_template("midterm-1")


def test_cli_pack_export_then_import(source: AppContext, fresh, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "quiz.json"
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    code = main([*cli_args(source), "pack", "export", "--name", "Week 3 quiz", "--minutes", "15",
                 "--pass-mark", "75%", "--domain", "Phlebotomy=2", "--domain", "Medical Law and Ethics=1",
                 "--out", str(out), "--seed", "4", "--passphrase-file", str(secret), "--json"])
    payload = json.loads(capsys.readouterr().out)
    signer = source.packs.signer().fingerprint
    assert code == 0 and payload == {"pack": "week-3-quiz", "name": "Week 3 quiz", "out": str(out), "minutes": 15,
                                     "pass_mark": 0.75, "questions": 3, "signer": signer}
    student = fresh("student")
    code = main([*cli_args(student), "import", str(out)])
    captured = capsys.readouterr()
    assert code == 0 and "Instructor's pass mark: 75%" in captured.out and "week-3-quiz" in captured.out
    code = main([*cli_args(student), "import", str(out), "--json"])
    again = json.loads(capsys.readouterr().out)
    assert code == 0 and again["unchanged"] == 3 and again["pack"]["blueprint"] == "week-3-quiz"
    code = main([*cli_args(source), "pack", "export", "--name", "X", "--minutes", "5",
                 "--pass-mark", "abc", "--domain", "Phlebotomy=1", "--out", str(out)])
    assert code == 2 and "not a pass mark" in capsys.readouterr().err
