"""The one answer path through practice and review: what it refuses, and that what it records
reaches the summaries the statistics read. These are the regression tests for issue #16's
planted bugs (partial credit, the 30-day window, the window's profile, an import split in two)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import Attempt, AttemptItem, QuestionSet, TallyDay, TallyQuestion
from quizapp.core.errors import AttemptClosed, UserError
from quizapp.core.practice import PracticeRequest
from quizapp.core.taxonomy import CLINICAL
from tests.core.stats.support import LAW, key_of, practise

DAY = 86400.0
MULTIPLE_CSV = """id,domain,topic,kind,stem,option_a,option_b,option_c,option_d,key
M-1,Medical Law and Ethics,Consent,multiple,Which two are forms of consent?,Implied,Imagined,Expressed,Assumed,A|C
"""


def _session(ctx: AppContext, count: int = 3, domains: tuple[str, ...] | None = None):
    state, _ = ctx.practice.start(ctx.profiles.current().id, PracticeRequest(domains=domains, count=count, seed=4))
    return state


def _stored(ctx: AppContext) -> list[tuple[int, list[int] | None]]:
    with ctx.db.sessions() as s:
        return [(i.position, i.chosen) for i in s.scalars(select(AttemptItem).order_by(AttemptItem.position))]


def _tallied(ctx: AppContext) -> tuple[int, int]:
    with ctx.db.sessions() as s:
        a, c = s.execute(select(func.coalesce(func.sum(TallyQuestion.answered), 0),
                                func.coalesce(func.sum(TallyQuestion.correct), 0))).one()
        days = s.execute(select(func.coalesce(func.sum(TallyDay.answered), 0))).scalar()
    assert days == a, "the daily and the per-question tallies agree"
    return int(a), int(c)


@pytest.mark.parametrize("position", [-1, 3, 200])
@pytest.mark.sqlite_only  # refused by answers.py before any write
def test_a_position_outside_the_session_is_refused(ctx: AppContext, position: int) -> None:
    """-1 must never mean "the last question"."""
    state = _session(ctx)
    with pytest.raises(UserError, match="no question"):
        ctx.practice.check(state.attempt_id, position, [0])
    assert all(chosen is None for _, chosen in _stored(ctx)) and _tallied(ctx) == (0, 0)


@pytest.mark.parametrize(("chosen", "message"), [([7], "answers shown"), ([-1], "answers shown"),
                                                 ([0, 1, 2], "one answer"), ([], "choose an answer")])
@pytest.mark.sqlite_only  # refused by answers.py before any write
def test_choices_the_question_does_not_take_are_refused(ctx: AppContext, chosen: list[int], message: str) -> None:
    state = _session(ctx)
    with pytest.raises(UserError, match=message):
        ctx.practice.check(state.attempt_id, 0, chosen)
    assert _stored(ctx)[0] == (0, None) and _tallied(ctx) == (0, 0)


def test_a_finished_session_takes_no_more_answers(ctx: AppContext) -> None:
    """Its stored score would otherwise go stale."""
    state = _session(ctx)
    ctx.practice.check(state.attempt_id, 0, key_of(ctx, state.items[0].question.question_id))
    summary, _ = ctx.practice.finish(state.attempt_id)
    with pytest.raises(AttemptClosed, match="ended"):
        ctx.practice.check(state.attempt_id, 1, key_of(ctx, state.items[1].question.question_id))
    with ctx.db.sessions() as s:
        assert s.get(Attempt, state.attempt_id).score == 1.0
    assert _tallied(ctx) == (1, 1) and summary.answered == 1


def test_review_sessions_go_through_the_same_checks(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    practise(ctx, me, CLINICAL, right=0, wrong=2)
    state, _ = ctx.review.start(me, seed=1)
    for position, chosen in ((-1, [0]), (0, [9]), (0, [0, 1])):
        with pytest.raises(UserError):
            ctx.review.check(state.attempt_id, position, chosen)
    item, changes = ctx.review.check(state.attempt_id, 0, key_of(ctx, state.items[0].question.question_id))
    assert item.feedback is not None and item.feedback.correct and changes.review
    assert _tallied(ctx) == (3, 1)


def test_part_of_a_multiple_answer_key_is_wrong_everywhere(ctx: AppContext, tmp_path: Path) -> None:
    """No partial credit: not in the verdict, the feedback, the tallies or the session's score."""
    upload = tmp_path / "consent.csv"
    upload.write_text(MULTIPLE_CSV, encoding="utf-8")
    report, _ = ctx.imports.run(ctx.imports.preview(upload))
    assert report.written
    me = ctx.profiles.current().id
    state, _ = ctx.practice.start(me, PracticeRequest(set_slugs=("consent",), count=2, seed=1))
    item, _ = ctx.practice.check(state.attempt_id, 0, [0])  # "Implied" alone; the key is A and C
    assert item.feedback is not None and not item.feedback.correct
    assert item.feedback.key_positions == (0, 2)
    summary, _ = ctx.practice.finish(state.attempt_id)
    assert summary.correct == 0 and _tallied(ctx) == (1, 0)
    state, _ = ctx.practice.start(me, PracticeRequest(set_slugs=("consent",), count=1, seed=1))
    item, _ = ctx.practice.check(state.attempt_id, 0, [2, 0])
    assert item.feedback is not None and item.feedback.correct and _tallied(ctx) == (2, 1)


def test_the_30_day_window_is_30_local_days(ctx: AppContext, clock: FakeClock) -> None:
    """Today and the 29 days before it; an answer from 30 days ago is outside."""
    me = ctx.profiles.current().id
    practise(ctx, me, CLINICAL, right=0, wrong=1)  # day 0
    clock.advance(DAY)
    practise(ctx, me, CLINICAL, right=1, wrong=0, seed=2)  # day 1
    clock.advance(29 * DAY)  # today is day 30: day 0 is 30 days ago, day 1 is 29 days ago
    clinical = next(d for d in ctx.stats.progress(me).domains if d.name == CLINICAL).line
    assert (clinical.answered, clinical.correct) == (2, 1)
    assert (clinical.answered_30d, clinical.correct_30d) == (1, 1)
    assert ctx.stats.progress(me).readiness.answered == 1


def test_the_30_day_figures_are_one_profiles_own(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    other, _ = ctx.profiles.add("Jordan")
    practise(ctx, me, CLINICAL, right=0, wrong=4)
    practise(ctx, other.id, CLINICAL, right=6, wrong=0, seed=3)
    practise(ctx, other.id, LAW[0], right=3, wrong=0, seed=3)
    mine = ctx.stats.progress(me)
    clinical = next(d for d in mine.domains if d.name == CLINICAL)
    assert (clinical.line.answered_30d, clinical.line.correct_30d) == (4, 0)
    assert sum(t.answered_30d for t in clinical.topics) == 4
    assert next(d for d in mine.domains if d.name == LAW[0]).line.answered_30d == 0
    assert mine.readiness.answered == 4
    assert sum(p.answered for s in mine.weekly for p in s.points) == 4


def test_a_question_set_import_is_one_transaction(ctx: AppContext, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The set is created and its questions written together: when writing the questions
    fails, not even the set remains."""
    upload = tmp_path / "consent.csv"
    upload.write_text(MULTIPLE_CSV, encoding="utf-8")
    preview = ctx.imports.preview(upload)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("quizapp.core.imports.install_questions", fail)
    with pytest.raises(OSError):
        ctx.imports.run(preview)
    with ctx.db.sessions() as s:
        assert s.scalar(select(QuestionSet).where(QuestionSet.slug == "consent")) is None


def test_a_history_import_is_one_transaction(ctx: AppContext, tmp_path: Path, clock: FakeClock,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Attempts, answers, tallies and cards come in together: when the cards fail, nothing
    of the file remains."""
    me = ctx.profiles.current().id
    practise(ctx, me, CLINICAL, right=2, wrong=2)
    exported = tmp_path / "history.json"
    ctx.profiles.export_history(me, exported)
    other, _ = ctx.profiles.add("Ana")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("quizapp.core.history.merge._Merger._merge_cards", fail)
    with pytest.raises(OSError):
        ctx.profiles.import_history(other.id, exported, into_other_profile=True)
    with ctx.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Attempt).where(Attempt.profile_id == other.id)) == 0
        assert s.scalar(select(func.count()).select_from(TallyQuestion)
                        .where(TallyQuestion.profile_id == other.id)) == 0


def test_the_home_total_counts_answers_to_questions_without_a_domain(ctx: AppContext, tmp_path: Path) -> None:
    upload = tmp_path / "misc.csv"
    upload.write_text("id,kind,stem,option_a,option_b,key\nX-1,single,Is this a question?,Yes,No,A\n",
                      encoding="utf-8")
    ctx.imports.run(ctx.imports.preview(upload))
    me = ctx.profiles.current().id
    state, _ = ctx.practice.start(me, PracticeRequest(set_slugs=("misc",), count=1, seed=1))
    ctx.practice.check(state.attempt_id, 0, [0])
    overview = ctx.overview.overview(me)
    assert (overview.answered, overview.correct) == (1, 1)
    assert sum(d.answered for d in overview.domains) == 0  # no CCMA domain to show it under
    assert ctx.stats.progress(me).overall.answered == 1


def test_right_wrong_and_seconds_reach_both_summaries(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    ids = practise(ctx, me, CLINICAL, right=3, wrong=1, seconds=2.5)
    assert _tallied(ctx) == (4, 3)
    with ctx.db.sessions() as s:
        rows = {r.question_id: r for r in s.scalars(select(TallyQuestion))}
    assert rows[ids[-1]].last_correct is False and rows[ids[0]].last_correct is True
    assert sum(r.seconds for r in rows.values()) == pytest.approx(10.0)
