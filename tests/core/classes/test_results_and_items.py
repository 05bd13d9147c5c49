"""Class results and item analysis over a class of 32 students (DESIGN.md "Item statistics")."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.classroom.items import FirstAnswer, QuestionFacts, analyse, point_biserial
from quizapp.core.classroom.period import Period
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.practice import PracticeRequest
from tests.core.classes.support import PASSPHRASE, answer_all
from tests.helpers.databases import cli_args

STUDENTS = 32


def _class_of(ctx: AppContext, clock: FakeClock) -> list[int]:
    """32 students of "Morning": student k is right on v-0 when k >= 16 (v-0 discriminates),
    everyone is right on v-1 (very easy), and on v-2 the strongest half picks distractor B while
    the weakest pick the key (a key to check). Ability shows on the other items v-3..v-9."""
    morning, _ = ctx.classes.create("Morning", PASSPHRASE)
    ids = []
    for k in range(STUDENTS):
        profile, _ = ctx.profiles.add(f"Student {k:02d}", class_id=morning.id)
        strong = k >= STUDENTS // 2
        picks = {"v-0": 0 if strong else 1, "v-1": 0, "v-2": 1 if strong else 0}
        for i in range(3, 10):
            picks[f"v-{i}"] = 0 if (k + i) % STUDENTS >= STUDENTS // 2 - (8 if strong else -8) else 2
        answer_all(ctx, profile.id, picks, clock)
        ids.append(profile.id)
    return ids


def test_point_biserial_matches_pearson() -> None:
    assert point_biserial([(True, 1.0), (False, 0.0), (True, 0.8), (False, 0.2)]) == pytest.approx(0.8 / 0.68 ** 0.5)
    assert point_biserial([(True, 0.5), (True, 0.7)]) is None  # the item does not vary


def test_statistics_wait_for_thirty_students_but_reports_flag_at_once() -> None:
    facts = {1: QuestionFacts("s", "q1", "Stem", frozenset({0}), 4, False, False)}
    answers = [FirstAnswer(p, 1, p % 2 == 0, (0,) if p % 2 == 0 else (1,)) for p in range(29)]
    (item,) = analyse(answers, facts, {1: 2})
    assert item.answers == 29 and item.p == pytest.approx(15 / 29)
    assert item.discrimination is None and item.flags == ("reported",)
    assert [(c.letter, c.correct, c.chosen) for c in item.choices] == [("A", True, 15), ("B", False, 14),
                                                                       ("C", False, 0), ("D", False, 0)]


def test_item_analysis_flags_easy_broken_and_good_questions(ctx: AppContext, clock: FakeClock) -> None:
    _class_of(ctx, clock)
    items = {i.ext_id: i for i in ctx.instructor.items(PASSPHRASE, class_name="Morning")}
    assert all(i.answers == STUDENTS for i in items.values())
    good, easy, broken = items["v-0"], items["v-1"], items["v-2"]
    assert good.p == 0.5 and good.discrimination is not None and good.discrimination > 0.5 and good.flags == ()
    assert easy.p == 1.0 and "very-easy" in easy.flags and easy.discrimination is None
    assert "check-key" in broken.flags and "no-discrimination" in broken.flags
    assert broken.discrimination is not None and broken.discrimination < 0
    assert [(c.letter, c.chosen) for c in broken.choices][:2] == [("A", 16), ("B", 16)]
    assert ctx.instructor.items(PASSPHRASE, min_answers=STUDENTS + 1) == []


def test_each_student_counts_once_by_their_first_answer_in_the_period(ctx: AppContext, clock: FakeClock) -> None:
    ids = _class_of(ctx, clock)
    clock.advance(3 * 86400)
    for pid in ids:  # everyone answers v-2 again, right this time
        answer_all(ctx, pid, {"v-2": 0}, clock)
    before = {i.ext_id: i for i in ctx.instructor.items(PASSPHRASE)}["v-2"]
    assert before.answers == STUDENTS and before.p == 0.5
    later = Period(since=(clock.now().astimezone().date()))
    again = {i.ext_id: i for i in ctx.instructor.items(PASSPHRASE, period=later)}
    assert set(again) == {"v-2"} and again["v-2"].p == 1.0


def test_class_results_per_student_domain_and_mock_exam(ctx: AppContext, clock: FakeClock) -> None:
    morning, _ = ctx.classes.create("Morning", PASSPHRASE)
    evening, _ = ctx.classes.create("Evening", PASSPHRASE)
    ana, _ = ctx.profiles.add("Ana", class_id=morning.id)
    ben, _ = ctx.profiles.add("Ben", class_id=evening.id)
    ctx.profiles.add("Idle", class_id=morning.id)
    answer_all(ctx, ana.id, {"v-0": 0, "v-1": 1, "p-0": 1, "l-0": 2}, clock)
    answer_all(ctx, ben.id, {"l-1": 2}, clock, mode="mock", score=0.75)
    results = ctx.instructor.results(PASSPHRASE)
    assert [(s.profile, s.class_name) for s in results] == [("Ben", "Evening"), ("Ana", "Morning")]
    (only,) = ctx.instructor.results(PASSPHRASE, "morning")
    assert (only.profile, only.answered, only.correct) == ("Ana", 4, 3)
    clinical = next(d for d in only.domains if d.name == "Clinical Patient Care")
    assert (clinical.answered, clinical.correct) == (3, 2)
    assert {s.name: (s.answered, s.correct) for s in clinical.subdomains} == {
        "Patient Intake and Vitals": (2, 1), "Phlebotomy": (1, 1)}
    assert only.last_active == clock.now()
    ben_row = results[0]
    assert [(m.score, m.submitted_at) for m in ben_row.mock_exams] == [(0.75, clock.now())]
    tomorrow = clock.now().astimezone().date() + timedelta(days=1)
    assert ctx.instructor.results(PASSPHRASE, period=Period(since=tomorrow)) == []
    with pytest.raises(UserError, match="ends before it starts"):
        Period(date(2026, 2, 2), date(2026, 2, 1))


def test_retiring_a_flagged_question_of_an_imported_set_only(ctx: AppContext, clock: FakeClock) -> None:
    _class_of(ctx, clock)
    broken = {i.ext_id: i for i in ctx.instructor.items(PASSPHRASE)}["v-2"]
    assert broken.builtin
    with pytest.raises(UserError, match="next version of the bank"):
        ctx.instructor.retire(PASSPHRASE, broken.question_id)
    report, _ = ctx.imports.run(ctx.imports.preview(Path(__file__).parents[2] / "data" / "formats" / "vitals.gift"))
    profile = ctx.profiles.current()
    state, _ = ctx.practice.start(profile.id, PracticeRequest(set_slugs=(report.slug,), count=1, seed=1))
    qid = state.items[0].question.question_id
    ctx.practice.check(state.attempt_id, 0, [0], seconds=3)
    mine = next(i for i in ctx.instructor.items(PASSPHRASE, set_slug=report.slug) if i.question_id == qid)
    assert not mine.builtin
    changes = ctx.instructor.retire(PASSPHRASE, qid)
    assert changes.bank
    retired = next(i for i in ctx.instructor.items(PASSPHRASE, set_slug=report.slug) if i.question_id == qid)
    assert retired.retired and retired.answers == 1  # its answers stay


def test_cli_class_results_items_and_reports(ctx: AppContext, clock: FakeClock, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    base = cli_args(ctx)
    assert main([*base, "class", "create", "Morning", "--json"]) == 1  # no passphrase given
    assert "needs the instructor passphrase" in json.loads(capsys.readouterr().out)["error"]["message"]
    assert main([*base, "class", "create", "Morning", "--passphrase-file", str(secret), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"class": "Morning"}
    morning = ctx.classes.find("Morning")
    maria, _ = ctx.profiles.add("Maria", class_id=morning.id)
    answer_all(ctx, maria.id, {"v-0": 0, "v-1": 3}, clock)

    monkeypatch.setenv("QUIZAPP_INSTRUCTOR_PASSPHRASE", PASSPHRASE)
    assert main([*base, "class", "results", "--class", "Morning", "--json"]) == 0
    (student,) = json.loads(capsys.readouterr().out)["students"]
    assert set(student) == {"profile", "class", "answered", "correct", "accuracy", "last_active", "domains",
                            "mock_exams"}
    assert (student["profile"], student["class"], student["answered"], student["accuracy"]) == (
        "Maria", "Morning", 2, 0.5)
    assert set(student["domains"][0]) == {"name", "answered", "accuracy", "subdomains"}
    assert main([*base, "items", "--set", "builtin", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert {i["id"] for i in items} == {"v-0", "v-1"}
    assert set(items[0]) == {"set", "id", "answers", "p", "discrimination", "choices", "reports", "flags"}
    assert main([*base, "items", "--min-answers", "x", "--json"]) == 2
    capsys.readouterr()
    assert main([*base, "items", "--since", "yesterday", "--json"]) == 1
    assert "YYYY-MM-DD" in json.loads(capsys.readouterr().out)["error"]["message"]

    for name in ("class.csv", "class.pdf"):
        assert main([*base, "report", "class", "--out", str(tmp_path / name), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["students"] == 1
    assert (tmp_path / "class.pdf").read_bytes().startswith(b"%PDF")
    from quizapp.printing.pdf_reports import class_html

    page = class_html(ctx.instructor.class_report(PASSPHRASE, None, Period()))  # what the PDF is drawn from
    assert "1 student with answers" in page and "2 questions answered" in page
    assert "Maria" in (tmp_path / "class.csv").read_text(encoding="utf-8-sig")
    assert main([*base, "report", "student", "--profile", "maria", "--out", str(tmp_path / "maria.pdf")]) == 0
    assert (tmp_path / "maria.pdf").read_bytes().startswith(b"%PDF")
    assert main([*base, "report", "student", "--profile", "Maria", "--out", str(tmp_path / "m.docx")]) == 1
    capsys.readouterr()

    monkeypatch.setenv("QUIZAPP_INSTRUCTOR_PASSPHRASE", "wrong wrong wrong")
    assert main([*base, "class", "results", "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "students": [], "error": {"file": None, "line": None,
                                  "message": "that is not this database's instructor passphrase"}}


def test_cli_stats_needs_the_class_where_names_repeat_and_the_pin(ctx: AppContext, clock: FakeClock,
                                                                  tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    base = cli_args(ctx)
    morning, _ = ctx.classes.create("Morning", PASSPHRASE)
    evening, _ = ctx.classes.create("Evening", PASSPHRASE)
    ctx.profiles.add("Maria", class_id=morning.id)
    evening_maria, _ = ctx.profiles.add("Maria", class_id=evening.id)
    ctx.profiles.set_pin(evening_maria.id, "2468")
    assert main([*base, "stats", "--profile", "Maria", "--json"]) == 2
    assert "name the class" in json.loads(capsys.readouterr().out)["error"]["message"]
    assert main([*base, "stats", "--profile", "Maria", "--class", "Morning", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "Maria"
    assert main([*base, "stats", "--profile", "Maria", "--class", "Evening", "--json"]) == 1
    assert "protected by a PIN" in json.loads(capsys.readouterr().out)["error"]["message"]
    pin = tmp_path / "pin"
    pin.write_text("2468\n", encoding="utf-8")
    assert main([*base, "stats", "--profile", "Maria", "--class", "Evening", "--pin-file", str(pin)]) == 0
    assert main([*base, "stats", "--profile", "Maria", "--class", "Night", "--json"]) == 1
    capsys.readouterr()
