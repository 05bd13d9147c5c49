"""Installing and upgrading the bank by stable ids, keeping every answer."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.core.answers import record_answer
from quizapp.core.bank.build import compile_bank, install_bank
from quizapp.core.bank.digest import content_hash
from quizapp.core.bank.load import load_bank
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import (
    Attempt,
    AttemptItem,
    BankChange,
    Blueprint,
    Question,
    ReviewCard,
    SourceDocument,
    TallyDay,
    TallyQuestion,
    TallyTopic,
)
from quizapp.core.profiles import ensure_default
from quizapp.core.stats import StatsService
from tests.helpers.bank import make_bank, question, render_file


def _bank_dir(tmp_path: Path, questions: list[dict]) -> Path:
    return make_bank(tmp_path, {"vitals.toml": render_file(questions)})


def _rewrite(bank_dir: Path, questions: list[dict]) -> None:
    (bank_dir / "questions" / "vitals.toml").write_text(render_file(questions), encoding="utf-8")


def _answer(ctx: AppContext, ext_id: str, chosen: list[int], clock: FakeClock, *, submitted: bool = True) -> int:
    """Answers one question in a practice session through the answer path (so its tallies and
    review card are written as the app writes them), then ends the session if `submitted`."""
    with ctx.db.sessions.begin() as s:
        profile = ensure_default(s, clock.now())
        q = s.scalar(select(Question).where(Question.ext_id == ext_id))
        attempt = Attempt(uuid=str(uuid.uuid4()), profile_id=profile.id, mode="practice", started_at=clock.now())
        attempt.items.append(AttemptItem(position=0, question_id=q.id, display_order=[0, 1, 2, 3]))
        s.add(attempt)
        s.flush()
        record_answer(s, attempt, 0, chosen, clock.now(), guessed=True)  # a card even when right
        if submitted:
            attempt.submitted_at = clock.now()
            attempt.score = 1.0 if attempt.items[0].correct else 0.0
        return attempt.id


def test_install_then_upgrade_keeps_answers_and_rescores_a_rekeyed_question(
    tmp_path: Path, data_dir: Path, clock: FakeClock
) -> None:
    bank_dir = _bank_dir(tmp_path, [question("v-1"), question("v-2", stem="Which device checks the ear?")])
    ctx = AppContext.open(data_dir, clock, bank_dir)
    report = ctx.bank.ensure_installed()
    assert report is not None and report.added == ["v-1", "v-2"]
    assert ctx.bank.ensure_installed() is None  # unchanged files: nothing to do

    attempt_id = _answer(ctx, "v-1", [1], clock)  # chose B, key A: wrong
    clock.advance(60)
    # A revision re-keys v-1 to B, edits v-2's wording, and drops nothing.
    _rewrite(bank_dir, [question("v-1", answer="B"), question("v-2", stem="Which device examines the ear?")])
    report = ctx.bank.ensure_installed()
    assert report is not None
    assert report.rekeyed == ["v-1"] and report.revised == ["v-2"] and report.added == []

    with ctx.db.sessions() as s:
        item = s.scalar(select(AttemptItem))
        assert item.chosen == [1] and item.correct is True
        assert s.get(Attempt, attempt_id).score == 1.0
        tally = s.scalar(select(TallyQuestion))
        assert (tally.answered, tally.correct, tally.last_correct) == (1, 1, True)
        assert [(d.answered, d.correct) for d in s.scalars(select(TallyDay))] == [(1, 1)]
        card = s.scalar(select(ReviewCard))
        assert card.state == {} and card.due == clock.now()  # reset
        changes = {(c.ext_id, c.change) for c in s.scalars(select(BankChange))}
        assert changes == {("v-1", "rekeyed"), ("v-2", "revised")}
        assert s.scalar(select(func.count(Question.id))) == 2
    ctx.close()


def test_a_question_left_out_of_the_bank_is_retired_not_deleted(
    tmp_path: Path, data_dir: Path, clock: FakeClock
) -> None:
    bank_dir = _bank_dir(tmp_path, [question("v-1"), question("v-2", stem="Which device checks the ear?")])
    ctx = AppContext.open(data_dir, clock, bank_dir)
    ctx.bank.ensure_installed()
    _answer(ctx, "v-2", [0], clock)
    _rewrite(bank_dir, [question("v-1")])
    report = ctx.bank.ensure_installed()
    assert report is not None and report.retired == ["v-2"]
    with ctx.db.sessions() as s:
        retired = s.scalar(select(Question).where(Question.ext_id == "v-2"))
        assert retired.retired is True
        assert s.scalar(select(func.count()).select_from(AttemptItem)) == 1
        assert s.scalar(select(func.count(ReviewCard.id))) == 0  # its card is dropped
    # Coming back restores it with its history.
    _rewrite(bank_dir, [question("v-1"), question("v-2", stem="Which device checks the ear?")])
    ctx.bank.ensure_installed()
    with ctx.db.sessions() as s:
        assert s.scalar(select(Question.retired).where(Question.ext_id == "v-2")) is False
    ctx.close()


def test_a_bank_with_errors_is_not_installed(tmp_path: Path, data_dir: Path, clock: FakeClock) -> None:
    bank_dir = _bank_dir(tmp_path, [question("v-1")])
    ctx = AppContext.open(data_dir, clock, bank_dir)
    ctx.bank.ensure_installed()
    _rewrite(bank_dir, [question("v-1", answer="Z")])
    try:
        ctx.bank.ensure_installed()
    except Exception as exc:  # UserError
        assert "vitals.toml" in str(exc) and "answer Z" in str(exc)
    else:
        raise AssertionError("an invalid bank must not install")
    with ctx.db.sessions() as s:
        assert s.scalar(select(Question.ext_id)) == "v-1"
        assert [c.is_correct for c in s.scalar(select(Question)).choices] == [True, False, False, False]
    ctx.close()


def test_blueprints_and_source_titles_are_installed(tmp_path: Path, data_dir: Path, clock: FakeClock) -> None:
    ctx = AppContext.open(data_dir, clock, _bank_dir(tmp_path, [question("v-1")]))
    ctx.bank.ensure_installed()
    with ctx.db.sessions() as s:
        assert s.get(SourceDocument, "guide.txt").title == "A test guide"
        full = s.scalar(select(Blueprint).where(Blueprint.slug == "ccma-full"))
        assert (full.minutes, full.unscored, sum(full.counts["domains"].values())) == (180, 30, 150)
    ctx.close()


def test_build_is_deterministic(tmp_path: Path, clock: FakeClock) -> None:
    questions = [question("v-1"), question("v-2", stem="Which device checks the ear?")]
    one = _bank_dir(tmp_path / "one", questions)
    two = _bank_dir(tmp_path / "two", questions)
    assert content_hash(one) == content_hash(two)
    assert load_bank(one).content_hash == load_bank(two).content_hash
    _rewrite(two, [question("v-1"), question("v-2", stem="Which device checks the nose?")])
    assert content_hash(one) != content_hash(two)
    q1 = {q.id: q.data.content_hash() for q in load_bank(one).questions}
    q2 = {q.id: q.data.content_hash() for q in load_bank(two).questions}
    assert q1["v-1"] == q2["v-1"] and q1["v-2"] != q2["v-2"]


def test_compiled_bank_holds_every_question(tmp_path: Path, clock: FakeClock) -> None:
    bank = load_bank(_bank_dir(tmp_path, [question("v-1"), question("v-2", stem="Which device checks the ear?")]))
    out = tmp_path / "out" / "bank.sqlite"
    compile_bank(bank, out, clock.now())
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    engine = create_engine(f"sqlite:///{out}")
    with Session(engine) as s:
        assert sorted(s.scalars(select(Question.ext_id))) == ["v-1", "v-2"]
        assert s.scalar(select(func.count(Blueprint.id))) == 3
    engine.dispose()
    assert [p.name for p in out.parent.iterdir()] == ["bank.sqlite"]  # no temporary file left


def test_install_bank_is_one_transaction(tmp_path: Path, data_dir: Path, clock: FakeClock) -> None:
    """A failure half-way leaves the previous bank untouched (the caller's transaction rolls back)."""
    ctx = AppContext.open(data_dir, clock, _bank_dir(tmp_path, [question("v-1")]))
    bank = load_bank(ctx.bank.bank_dir)
    try:
        with ctx.db.sessions.begin() as s:
            install_bank(s, bank, clock.now())
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    with ctx.db.sessions() as s:
        assert s.scalar(select(func.count(Question.id))) == 0
    ctx.close()


def test_a_question_moved_to_another_topic_takes_its_answers_with_it(
    tmp_path: Path, data_dir: Path, clock: FakeClock
) -> None:
    """The daily tallies are kept per topic; a bank upgrade that moves a question moves them too,
    so the Progress page never shows an old topic name with answers and no question."""
    bank_dir = _bank_dir(tmp_path, [question("v-1"), question("v-2", stem="Which device checks the ear?")])
    ctx = AppContext.open(data_dir, clock, bank_dir)
    ctx.bank.ensure_installed()
    _answer(ctx, "v-1", [0], clock)
    _answer(ctx, "v-2", [1], clock)
    _rewrite(bank_dir, [question("v-1", topic="Blood pressure"), question("v-2", stem="Which device checks the ear?")])
    assert ctx.bank.ensure_installed() is not None
    with ctx.db.sessions() as s:
        days = {(t.topic, d.answered, d.correct) for d, t in s.execute(
            select(TallyDay, TallyTopic).join(TallyTopic, TallyTopic.id == TallyDay.topic_id))}
        profile_id = ensure_default(s, clock.now()).id
    assert days == {("Blood pressure", 1, 1), ("Vital signs", 1, 0)}
    domain = next(d for d in StatsService(ctx.db.sessions, clock).progress(profile_id).domains
                  if d.name == "Clinical Patient Care")
    assert {(t.name, t.answered, t.answered_30d) for t in domain.topics} == {
        ("Blood pressure", 1, 1), ("Vital signs", 1, 1)}
    ctx.close()


@pytest.mark.parametrize("moved", [False, True])
def test_a_rekey_rescores_only_settled_answers(tmp_path: Path, data_dir: Path, clock: FakeClock, moved: bool) -> None:
    """An answer in a session not yet checked (no verdict) is left for its own check."""
    bank_dir = _bank_dir(tmp_path, [question("v-1")])
    ctx = AppContext.open(data_dir, clock, bank_dir)
    ctx.bank.ensure_installed()
    _answer(ctx, "v-1", [1], clock, submitted=False)
    _rewrite(bank_dir, [question("v-1", answer="B", topic="Pulse" if moved else "Vital signs")])
    ctx.bank.ensure_installed()
    with ctx.db.sessions() as s:
        assert s.scalar(select(AttemptItem.correct)) is True
        tally = s.scalar(select(TallyQuestion))
        assert (tally.answered, tally.correct) == (1, 1)
        assert [(t.topic, d.answered, d.correct) for d, t in s.execute(
            select(TallyDay, TallyTopic).join(TallyTopic, TallyTopic.id == TallyDay.topic_id))] == [
            ("Pulse" if moved else "Vital signs", 1, 1)]
    ctx.close()
