"""StatsService over a real database: answers in, frozen Progress out."""

from __future__ import annotations

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import Question
from quizapp.core.exam.service import ExamService
from quizapp.core.scheduling import note_answer
from quizapp.core.stats import Progress
from tests.core.stats.support import LAW, key_of, practise, question_id, retire

CLINICAL = "Clinical Patient Care"
DAY = 86400.0


def progress(ctx: AppContext, profile_id: int) -> Progress:
    return ctx.stats.progress(profile_id)


def domain(p: Progress, name: str):
    return next(d for d in p.domains if d.name == name)


def test_an_empty_profile_has_the_plan_and_no_numbers(ctx: AppContext) -> None:
    p = progress(ctx, ctx.profiles.current().id)
    assert p.empty and p.overall.accuracy is None and p.weakest == () and p.weekly == ()
    assert p.mock_exams == () and p.review_due == 0 and p.readiness.estimate is None
    assert len(p.domains) == 8 and all(d.line.answered == 0 for d in p.domains)


def test_answers_show_per_domain_subdomain_and_topic(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    practise(ctx, me, CLINICAL, right=6, wrong=2, seconds=20.0)
    practise(ctx, me, LAW[0], right=1, wrong=3, seconds=5.0, seed=2)
    p = progress(ctx, me)
    assert (p.overall.answered, p.overall.correct) == (12, 7)
    assert p.overall.seconds_per_question == pytest.approx((8 * 20 + 4 * 5) / 12)
    clinical = domain(p, CLINICAL)
    assert (clinical.line.answered, clinical.line.correct) == (8, 6)
    assert clinical.line.accuracy == clinical.line.accuracy_30d == pytest.approx(0.75)
    assert sum(s.answered for s in clinical.subdomains) == 8
    assert {t.name for t in clinical.topics} <= {"Vital signs", "Venipuncture"}
    law = domain(p, LAW[0])
    assert law.line.accuracy == pytest.approx(0.25)
    assert law.topics[0].name == "HIPAA" and law.topics[0].accuracy is None  # 4 answers: not enough
    assert p.weekly and {s.name for s in p.weekly} == {CLINICAL, LAW[0]}


def test_one_students_answers_never_show_in_anothers_stats(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    other, _ = ctx.profiles.add("Jordan")
    practise(ctx, me, CLINICAL, right=5, wrong=0)
    theirs = progress(ctx, other.id)
    assert theirs.empty and all(d.line.answered == 0 for d in theirs.domains) and theirs.weekly == ()
    practise(ctx, other.id, LAW[0], right=0, wrong=5)
    assert progress(ctx, me).overall.correct == 5 and progress(ctx, me).overall.answered == 5
    assert progress(ctx, other.id).overall.answered == 5 and progress(ctx, other.id).overall.correct == 0


def test_old_answers_leave_the_30_day_figures_but_not_the_totals(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    practise(ctx, me, CLINICAL, right=2, wrong=4)
    clock.advance(45 * DAY)
    practise(ctx, me, CLINICAL, right=5, wrong=0, seed=5)
    clinical = domain(progress(ctx, me), CLINICAL).line
    assert (clinical.answered, clinical.correct) == (11, 7)
    assert (clinical.answered_30d, clinical.correct_30d) == (5, 5) and clinical.accuracy_30d == 1.0
    assert clinical.trend == pytest.approx(1.0 - 2 / 6)
    clock.advance(40 * DAY)
    assert domain(progress(ctx, me), CLINICAL).line.accuracy_30d is None
    assert progress(ctx, me).readiness.estimate is None  # nothing recent to go on


def test_a_retired_questions_answers_still_count_under_its_topic(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    ids = practise(ctx, me, CLINICAL, right=5, wrong=0)
    with ctx.db.sessions() as session:
        ext = session.get(Question, ids[0]).ext_id  # type: ignore[union-attr]
    retire(ctx, ext)
    p = progress(ctx, me)
    assert domain(p, CLINICAL).line.answered == 5 and p.overall.correct == 5


def test_mock_exams_are_listed_newest_first_ten_at_most(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    exams = ExamService(ctx.db.sessions, clock)
    for n in range(12):
        engine, _ = exams.start(me, "ccma-quick", seed=n)
        items = engine.state().items
        for position, item in enumerate(items[: n % 4 + 1]):
            engine.answer(position, key_of(ctx, item.question.question_id))
        engine.submit()
        clock.advance(DAY)
    engine, _ = exams.start(me, "ccma-quick", seed=99)  # unfinished: never listed
    p = progress(ctx, me)
    assert len(p.mock_exams) == 10 and {m.blueprint for m in p.mock_exams} == {"ccma-quick"}
    times = [m.submitted_at for m in p.mock_exams]
    assert times == sorted(times, reverse=True)
    total = len(engine.state().items)
    assert p.mock_exams[0].score == pytest.approx((11 % 4 + 1) / total)
    assert all(0.0 <= m.score <= 1.0 for m in p.mock_exams)


def test_a_clock_that_moves_backwards_breaks_nothing(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    practise(ctx, me, CLINICAL, right=3, wrong=1)
    clock.jump_wall(-20 * DAY)
    practise(ctx, me, CLINICAL, right=2, wrong=2, seed=3)
    p = progress(ctx, me)
    assert p.overall.answered == 8 and domain(p, CLINICAL).line.answered_30d == 8
    assert sum(pt.answered for s in p.weekly for pt in s.points) == 8  # "future" days land in this week
    clock.jump_wall(-400 * DAY)
    assert progress(ctx, me).overall.answered == 8


def test_the_weakest_topics_come_from_the_database(ctx: AppContext) -> None:
    me = ctx.profiles.current().id
    practise(ctx, me, LAW[0], right=1, wrong=5)
    practise(ctx, me, "Career and Credentialing", right=4, wrong=0)  # four: not enough to judge
    weakest = progress(ctx, me).weakest
    assert [t.name for t in weakest] == ["HIPAA"] and weakest[0].accuracy == pytest.approx(1 / 6)


def test_review_due_is_part_of_progress(ctx: AppContext, clock: FakeClock) -> None:
    me = ctx.profiles.current().id
    with ctx.db.sessions.begin() as session:
        note_answer(session, me, question_id(ctx, "v-1"), False, False, clock.now())
        note_answer(session, me, question_id(ctx, "v-2"), True, True, clock.now())
        note_answer(session, me, question_id(ctx, "v-3"), True, False, clock.now())  # right: no card
    assert progress(ctx, me).review_due == 2
