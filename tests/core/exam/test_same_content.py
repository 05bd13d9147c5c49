"""A question imported twice (an exported copy of the bank brought back as another set) is asked
once: mock exams and exam packs draw one question of each content, and `blueprint check`
counts each content once."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.cli import main
from quizapp.core.datafiles import BANK_DIR_ENV
from quizapp.core.db.models import Choice, Question
from quizapp.core.errors import UserError
from quizapp.core.exam.draw import one_content_each
from quizapp.core.packs.draw import PoolRow, choose
from quizapp.core.packs.template import PackTemplate
from quizapp.core.same_content import content_key, one_per_content
from quizapp.core.selection import Candidate
from quizapp.core.taxonomy import TEST_PLAN_ITEMS, TEST_PLAN_SUBDOMAIN_ITEMS
from tests.core.exam.conftest import EXTRA, ExamWorld

PASSPHRASE = "correct horse battery"  # the instructor's signing passphrase (packs are signed)

# -- pure ------------------------------------------------------------------------------------------


def test_content_key_sets_aside_spacing_case_and_option_order_but_not_the_key() -> None:
    one = content_key("Which vein is used first?", [("Median cubital", True), ("Basilic", False)])
    assert one == content_key("  which  vein is used\nfirst? ", [("basilic", False), ("Median  cubital", True)])
    assert one != content_key("Which vein is used first?", [("Median cubital", False), ("Basilic", True)])
    assert one != content_key("Which vein is used first?", [("Median cubital", True), ("Cephalic", False)])
    assert one != content_key("Which vein is used last?", [("Median cubital", True), ("Basilic", False)])


def test_one_per_content_keeps_order_and_the_preferred_copy() -> None:
    rows = [(1, "a"), (2, "b"), (3, "c"), (11, "a-copy"), (12, "b-copy"), (4, "d")]
    shared = {1: "A", 11: "A", 2: "B", 12: "B"}
    assert one_per_content(rows, shared, lambda r: r[0]) == [(1, "a"), (2, "b"), (3, "c"), (4, "d")]
    newest = one_per_content(rows, shared, lambda r: r[0], lambda r: (-r[0],))
    assert newest == [(3, "c"), (11, "a-copy"), (12, "b-copy"), (4, "d")]
    assert one_per_content(rows, {}, lambda r: r[0]) == rows


def test_an_exam_keeps_the_copy_the_student_has_answered() -> None:
    """A copy never passes for unseen: the answered one stays, so "unseen first" means unseen."""
    original = Candidate(1, "Phlebotomy", None, "t", "single", 4, seen=3, last_wrong=False)
    copy = Candidate(40, "Phlebotomy", None, "t", "single", 4, seen=0, last_wrong=False)
    other = Candidate(2, "Phlebotomy", None, "t", "single", 4, seen=0, last_wrong=False)
    assert one_content_each([copy, other, original], {1: "k", 40: "k"}) == [other, original]
    assert one_content_each([copy, other], {1: "k", 40: "k"}) == [copy, other]


def test_a_pack_draw_given_one_per_content_never_repeats_it() -> None:
    rows = [PoolRow(i, "builtin", f"q{i}", "Medical Law and Ethics", None) for i in range(1, 6)]
    copies = [PoolRow(100 + i, "copy", f"q{i}", "Medical Law and Ethics", None) for i in range(1, 6)]
    shared = {**{i: f"k{i}" for i in range(1, 6)}, **{100 + i: f"k{i}" for i in range(1, 6)}}
    pool = one_per_content(rows + copies, shared, lambda r: r.question_id)
    template = PackTemplate.create("Law", 10, 0.7, {"Medical Law and Ethics": 5})
    for seed in range(20):
        assert sorted(r.question_id for r in choose(pool, template, seed)) == [1, 2, 3, 4, 5]
    with pytest.raises(UserError, match="6 wanted, 5 available"):
        choose(pool, PackTemplate.create("Law", 10, 0.7, {"Medical Law and Ethics": 6}), 1)


# -- through the database: an exported copy imported as another set --------------------------------


def _import_a_copy(world: ExamWorld, tmp_path: Path, fmt: str = "json") -> None:
    out = tmp_path / f"bank-copy.{'xml' if fmt == 'moodle-xml' else fmt}"
    assert world.ctx.exports.export("builtin", fmt, out).questions > 0
    report, _ = world.ctx.imports.run(world.ctx.imports.preview(out, name="Copy of the bank"))
    assert report.written and report.imported > 0, report.errors


def _contents(world: ExamWorld, ids: list[int]) -> list[str]:
    with world.ctx.db.sessions() as session:
        stems = dict(session.execute(select(Question.id, Question.stem).where(Question.id.in_(ids))).all())
        choices: dict[int, list[tuple[str, bool]]] = {}
        for qid, text, right in session.execute(select(Choice.question_id, Choice.text, Choice.is_correct)
                                                .where(Choice.question_id.in_(ids))):
            choices.setdefault(qid, []).append((text, right))
    return [content_key(stems[i], choices[i]) for i in ids]


def test_a_mock_exam_never_asks_the_same_question_twice(world: ExamWorld, tmp_path: Path) -> None:
    before = world.exams.availability("ccma-full").payload()
    _import_a_copy(world, tmp_path)
    assert world.exams.availability("ccma-full").payload() == before  # each content counted once
    for seed in range(3):
        engine, _ = world.exams.start(world.profile_id, "ccma-full", seed=seed)
        ids = [item.question.question_id for item in engine.state().items]
        assert len(ids) == 180
        repeated = [k for k, n in Counter(_contents(world, ids)).items() if n > 1]
        assert repeated == []


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "csv"])
def test_an_exam_pack_by_domain_never_holds_the_same_question_twice(world: ExamWorld, tmp_path: Path,
                                                                     fmt: str) -> None:
    _import_a_copy(world, tmp_path, fmt)
    everything = TEST_PLAN_SUBDOMAIN_ITEMS["Phlebotomy"] + EXTRA  # all the phlebotomy questions there are
    template = PackTemplate.create("All of phlebotomy", 30, 0.7, {"Phlebotomy": everything})
    result = world.ctx.packs.export(template, tmp_path / "pack.json", passphrase=PASSPHRASE, seed=3)
    assert result.questions == everything
    with world.ctx.db.sessions() as session:
        ids = list(session.scalars(select(Question.id).where(Question.subdomain == "Phlebotomy",
                                                             Question.retired == False)))  # noqa: E712
    assert len(ids) == 2 * everything  # the copy really is there
    drawn = json.loads((tmp_path / "pack.json").read_text(encoding="utf-8"))["questions"]
    stems = Counter(q["stem"] for q in drawn)
    assert len(drawn) == everything and max(stems.values()) == 1
    with pytest.raises(UserError, match=f"{everything + 1} wanted, {everything} available"):
        world.ctx.packs.export(PackTemplate.create("Too many", 30, 0.7, {"Phlebotomy": everything + 1}),
                               tmp_path / "pack2.json", passphrase=PASSPHRASE, seed=3)


def test_on_the_command_line_a_copy_adds_nothing(world: ExamWorld, tmp_path: Path, monkeypatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """What an instructor sees: `blueprint check` and `pack export` after importing a copy."""
    monkeypatch.setenv(BANK_DIR_ENV, str(world.bank_dir))
    monkeypatch.setenv("QUIZAPP_INSTRUCTOR_PASSPHRASE", PASSPHRASE)
    data = ["--data-dir", str(world.ctx.data_dir)]

    def cli(*argv: str) -> dict:
        assert main([*data, *argv, "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    before = cli("blueprint", "check", "ccma-full")
    cli("export", "--set", "builtin", "--format", "gift", "--out", str(tmp_path / "copy.gift"))
    assert cli("import", str(tmp_path / "copy.gift"), "--name", "Bank copy")["imported"] > 0
    assert cli("blueprint", "check", "ccma-full") == before
    law = TEST_PLAN_ITEMS["Medical Law and Ethics"] + EXTRA
    cli("pack", "export", "--name", "Law", "--minutes", "20", "--pass-mark", "70", "--domain",
        f"Medical Law and Ethics={law}", "--out", str(tmp_path / "law.json"), "--seed", "9")
    stems = [q["stem"] for q in json.loads((tmp_path / "law.json").read_text(encoding="utf-8"))["questions"]]
    assert len(stems) == law == len(set(stems))
