"""History files: export on one computer, import on another, merging by attempt id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from quizapp.commands.stats import payload
from quizapp.core import history
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.location import DatabaseLocation
from quizapp.core.db.models import Attempt, ReviewCard
from quizapp.core.errors import UserError
from quizapp.core.exam.service import ExamService
from quizapp.core.review import ReviewService
from quizapp.core.scheduling import note_answer
from tests.core.stats.support import (
    key_of,
    other_computer,
    practise,
    question_id,
    stats_bank,
    wrong_of,
)
from tests.helpers.databases import Backend

DAY = 86400.0


def snapshot(ctx: AppContext, profile_id: int) -> tuple[Any, ...]:
    progress = ctx.stats.progress(profile_id)
    return payload(progress, "-"), progress.weekly, progress.weakest


def build_history(ctx: AppContext, clock: FakeClock) -> int:
    """A few days of practice, a review session, a submitted and an unfinished mock exam."""
    me = ctx.profiles.current().id
    practise(ctx, me, "Clinical Patient Care", right=6, wrong=3, seconds=12.0)
    clock.advance(DAY)
    practise(ctx, me, "Medical Law and Ethics", right=3, wrong=3, seconds=7.0, seed=4)
    reviews: ReviewService = ctx.review
    with ctx.db.sessions.begin() as session:  # what practice does for wrong answers
        for a in session.scalars(select(Attempt)):
            for item in a.items:
                if item.correct is False:
                    note_answer(session, me, item.question_id, False, False, clock.now())
    clock.advance(DAY)
    state, _ = reviews.start(me, limit=4, seed=2)
    for n, item in enumerate(state.items):
        qid = item.question.question_id
        reviews.check(state.attempt_id, item.position, key_of(ctx, qid) if n % 2 else wrong_of(ctx, qid))
    reviews.finish(state.attempt_id)
    exams = ExamService(ctx.db.sessions, clock)
    engine, _ = exams.start(me, "ccma-quick", seed=5)
    for position, item in enumerate(engine.state().items[:6]):
        engine.answer(position, key_of(ctx, item.question.question_id))
    engine.submit()
    clock.advance(DAY)
    exams.start(me, "ccma-quick", seed=6)  # left unfinished
    return me


@pytest.fixture
def home(tmp_path: Path, backend: Backend, migrated_template: DatabaseLocation, clock: FakeClock,
         bank_dir: Path) -> Iterator[AppContext]:
    """A second computer: a fresh data dir with the same bank."""
    with other_computer(backend, migrated_template, tmp_path / "home", clock, bank_dir) as other:
        yield other


def test_export_then_import_elsewhere_gives_the_same_stats(ctx: AppContext, home: AppContext, clock: FakeClock,
                                                           tmp_path: Path) -> None:
    me = build_history(ctx, clock)
    file = tmp_path / "maya.json"
    exported = ctx.profiles.export_history(me, file)
    assert exported.attempts == 5 and exported.answers > 0 and exported.review_cards > 0
    document = json.loads(file.read_text(encoding="utf-8"))
    assert document["format"] == "quizapp-history" and document["version"] == 2 and document["answer_daily"]
    assert document["profile"] == "Default" and len(document["profile_id"]) == 36
    target = home.profiles.current().id
    with pytest.raises(history.OtherProfile, match="comes from the profile Default on another computer"):
        home.profiles.import_history(target, file)
    assert _attempt_count(home) == 0
    report, changes = home.profiles.import_history(target, file, into_other_profile=True)
    assert changes.answers and changes.review
    assert (report.attempts_added, report.attempts_left_out, report.answers_skipped) == (4, 1, 0)
    assert report.cards_added == exported.review_cards and "added" in report.summary()
    assert snapshot(home, target) == snapshot(ctx, me)
    assert snapshot(home, target)[0]["mock_exams"] and snapshot(home, target)[0]["review_due"] >= 0


def test_importing_twice_duplicates_nothing(ctx: AppContext, home: AppContext, clock: FakeClock,
                                            tmp_path: Path) -> None:
    me = build_history(ctx, clock)
    file = tmp_path / "maya.json"
    ctx.profiles.export_history(me, file)
    target = home.profiles.current().id
    home.profiles.import_history(target, file, into_other_profile=True)
    before = snapshot(home, target)
    again, changes = home.profiles.import_history(target, file)
    assert not changes and not again.changed
    assert (again.attempts_added, again.attempts_present, again.answers_added, again.cards_added) == (0, 4, 0, 0)
    assert snapshot(home, target) == before
    back, _ = ctx.profiles.import_history(me, file)  # into the computer it came from
    assert back.attempts_added == 0 and snapshot(ctx, me) == before


def test_newer_reviews_on_the_other_computer_win(ctx: AppContext, home: AppContext, clock: FakeClock,
                                                 tmp_path: Path) -> None:
    me = build_history(ctx, clock)
    file = tmp_path / "maya.json"
    ctx.profiles.export_history(me, file)
    target = home.profiles.current().id
    home.profiles.import_history(target, file, into_other_profile=True)
    clock.advance(DAY)
    reviews: ReviewService = ctx.review
    state, _ = reviews.start(me, seed=9)
    reviews.check(state.attempt_id, 0, key_of(ctx, state.items[0].question.question_id))
    ctx.profiles.export_history(me, file)
    report, _ = home.profiles.import_history(target, file)
    assert report.attempts_added == 1 and report.cards_updated == 1 and report.cards_added == 0
    with ctx.db.sessions() as a, home.db.sessions() as b:
        due = [sorted(c.due for c in s.scalars(select(ReviewCard))) for s in (a, b)]
        assert due[0] == due[1]
    assert snapshot(home, target) == snapshot(ctx, me)


def test_answers_to_questions_missing_here_are_skipped_and_counted(
        ctx: AppContext, clock: FakeClock, tmp_path: Path, backend: Backend,
        migrated_template: DatabaseLocation) -> None:
    me = ctx.profiles.current().id
    practise(ctx, me, "Medical Law and Ethics", right=2, wrong=2)
    practise(ctx, me, "Clinical Patient Care", right=3, wrong=0, seed=3)
    file = tmp_path / "h.json"
    ctx.profiles.export_history(me, file)
    with other_computer(backend, migrated_template, tmp_path / "lab", clock,
                        stats_bank(tmp_path / "lab-bank", with_law=False)) as lab:
        target = lab.profiles.current().id
        report, _ = lab.profiles.import_history(target, file, into_other_profile=True)
        assert (report.attempts_added, report.answers_added, report.answers_skipped) == (1, 3, 4)
        progress = lab.stats.progress(target)
        assert (progress.overall.answered, progress.overall.correct) == (3, 3)
        again, _ = lab.profiles.import_history(target, file)
        assert again.answers_added == 0 and again.attempts_present == 1


def _attempt_count(ctx: AppContext) -> int:
    with ctx.db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Attempt)) or 0)


def _break(document: dict[str, Any], how: str) -> Any:
    if how == "not an object":
        return [document]
    if how == "other format":
        return {**document, "format": "something-else"}
    if how == "bad version":
        return {**document, "version": "one"}
    if how == "missing key":
        document["attempts"][0]["items"][0].pop("chosen")
    elif how == "bad date":
        document["attempts"][-1]["started_at"] = "yesterday"
    elif how == "naive date":
        document["attempts"][-1]["started_at"] = "2026-01-05T09:00:00"
    elif how == "bad card":
        document["review_cards"][-1]["state"] = {"due": 3}
    elif how == "duplicate attempt":
        document["attempts"].append(document["attempts"][0])
    elif how == "wrong type":
        document["attempts"][0]["items"][0]["chosen"] = "A"
    return document


@pytest.mark.parametrize("how", ["not an object", "other format", "bad version", "missing key", "bad date",
                                 "naive date", "bad card", "duplicate attempt", "wrong type"])
@pytest.mark.sqlite_only  # refused while reading the file, before any SQL
def test_a_damaged_file_imports_nothing(ctx: AppContext, home: AppContext, clock: FakeClock, tmp_path: Path,
                                        how: str) -> None:
    me = build_history(ctx, clock)
    file = tmp_path / "h.json"
    ctx.profiles.export_history(me, file)
    file.write_text(json.dumps(_break(json.loads(file.read_text(encoding="utf-8")), how)), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        home.profiles.import_history(home.profiles.current().id, file)
    assert caught.value.file == str(file)
    assert _attempt_count(home) == 0


def test_truncated_newer_and_missing_files_are_refused(ctx: AppContext, clock: FakeClock, tmp_path: Path) -> None:
    me = build_history(ctx, clock)
    file = tmp_path / "h.json"
    ctx.profiles.export_history(me, file)
    text = file.read_text(encoding="utf-8")
    before = _attempt_count(ctx)
    file.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(UserError, match="damaged") as caught:
        ctx.profiles.import_history(me, file)
    assert caught.value.line is not None
    newer = {**json.loads(text), "version": history.VERSION + 1}
    file.write_text(json.dumps(newer), encoding="utf-8")
    with pytest.raises(UserError, match="newer"):
        ctx.profiles.import_history(me, file)
    file.write_bytes(b"\xff\xfe\x00 not text")
    with pytest.raises(UserError):
        ctx.profiles.import_history(me, file)
    with pytest.raises(UserError, match="no such file"):
        ctx.profiles.import_history(me, tmp_path / "absent.json")
    assert _attempt_count(ctx) == before


def test_export_writes_atomically(ctx: AppContext, clock: FakeClock, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    me = build_history(ctx, clock)
    folder = tmp_path / "out"
    folder.mkdir()
    file = folder / "h.json"
    file.write_text("the old file", encoding="utf-8")
    ctx.profiles.export_history(me, file)
    assert json.loads(file.read_text(encoding="utf-8"))["format"] == "quizapp-history"
    assert [p.name for p in folder.iterdir()] == ["h.json"]

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    file.write_text("the old file", encoding="utf-8")
    monkeypatch.setattr("quizapp.core.history.document.os.replace", fail)
    with pytest.raises(UserError, match="No space"):
        ctx.profiles.export_history(me, file)
    assert file.read_text(encoding="utf-8") == "the old file"
    assert [p.name for p in folder.iterdir()] == ["h.json"]
    monkeypatch.undo()
    with pytest.raises(UserError, match="folder"):
        ctx.profiles.export_history(me, tmp_path / "missing" / "h.json")


def _file_from_the_app_before_0005(ctx: AppContext) -> dict[str, Any]:
    """A history as quizapp wrote it before answers were stored compactly: cards without a
    `state_version`, a per-question `answer_daily` list, an exam's pretest item among its items,
    and one verdict that this computer's key does not share (the file says right; it is wrong)."""
    v0, v1, l0 = (key_of(ctx, question_id(ctx, ext)) for ext in ("v-0", "v-1", "l-0"))
    wrong_v1 = wrong_of(ctx, question_id(ctx, "v-1"))
    item = {"flagged": False, "guessed": False, "seconds_spent": 6.5, "display_order": [0, 1, 2, 3]}
    state = {"card_id": 1, "state": 2, "step": None, "stability": 3.2, "difficulty": 5.1,
             "due": "2026-01-09T09:00:00+00:00", "last_review": "2026-01-05T09:00:00+00:00"}
    return {
        "format": "quizapp-history", "version": 1, "app_version": "0.1.0", "exported_at": "2026-01-05T10:00:00+00:00",
        "profile": "Maya",
        "attempts": [
            {"id": "8b3f5c2e-0000-4000-8000-000000000001", "mode": "practice", "blueprint": None, "seed": 1,
             "started_at": "2026-01-05T09:00:00+00:00", "submitted_at": "2026-01-05T09:05:00+00:00",
             "elapsed_seconds": 0.0, "checkpoint_at": None, "time_limit_seconds": None, "strict": False,
             "accommodation": 1.0, "current_index": 1, "settings": {"feedback": True}, "score": 1.0,
             "items": [{**item, "position": 0, "question": ["builtin", "v-0"], "chosen": v0, "correct": True,
                        "scored": True, "answered_at": "2026-01-05T09:01:00+00:00"},
                       {**item, "position": 1, "question": ["builtin", "v-1"], "chosen": wrong_v1, "correct": True,
                        "scored": True, "answered_at": "2026-01-05T09:02:00+00:00"}]},
            {"id": "8b3f5c2e-0000-4000-8000-000000000002", "mode": "mock", "blueprint": "ccma-quick", "seed": 2,
             "started_at": "2026-01-05T09:10:00+00:00", "submitted_at": "2026-01-05T09:40:00+00:00",
             "elapsed_seconds": 1800.0, "checkpoint_at": "2026-01-05T09:40:00+00:00", "time_limit_seconds": 2160.0,
             "strict": False, "accommodation": 1.0, "current_index": 0, "settings": {"auto_submitted": False},
             "score": 1.0,
             "items": [{**item, "position": 0, "question": ["builtin", "l-0"], "chosen": l0, "correct": True,
                        "scored": True, "answered_at": "2026-01-05T09:11:00+00:00"},
                       {**item, "position": 1, "question": ["builtin", "v-1"], "chosen": v1, "correct": True,
                        "scored": False, "answered_at": "2026-01-05T09:12:00+00:00"}]},
        ],
        "review_cards": [{"question": ["builtin", "v-1"], "state": state, "due": "2026-01-09T09:00:00+00:00"}],
        "answer_daily": [{"question": ["builtin", "v-0"], "day": "2026-01-05", "answered": 1, "correct": 1,
                          "seconds": 6.5}],
    }


def test_a_file_written_before_compact_answers_imports(ctx: AppContext, tmp_path: Path) -> None:
    """Files today's students already hold keep working: sessions, answers (re-scored against
    this computer's keys, the pretest one left out of the statistics) and review cards."""
    path = tmp_path / "old.json"
    path.write_text(json.dumps(_file_from_the_app_before_0005(ctx)), encoding="utf-8")
    me = ctx.profiles.current().id
    with pytest.raises(history.OtherProfile, match="Maya's"):
        ctx.profiles.import_history(me, path)
    report, changes = ctx.profiles.import_history(me, path, into_other_profile=True)
    assert (report.attempts_added, report.answers_added, report.answers_recomputed) == (2, 3, 1)
    assert (report.cards_added, report.cards_skipped) == (1, 0) and changes.answers
    progress = ctx.stats.progress(me)
    assert (progress.overall.answered, progress.overall.correct) == (3, 2)
    assert [m.score for m in progress.mock_exams] == [1.0]
    with ctx.db.sessions() as session:
        card = session.scalar(select(ReviewCard))
        assert card.state_version == 1 and card.state["stability"] == 3.2
        uuids = set(session.scalars(select(Attempt.uuid)))
    assert uuids == {"8b3f5c2e-0000-4000-8000-000000000001", "8b3f5c2e-0000-4000-8000-000000000002"}
    again, _ = ctx.profiles.import_history(me, path, into_other_profile=True)
    assert again.attempts_added == 0 and again.attempts_present == 2
