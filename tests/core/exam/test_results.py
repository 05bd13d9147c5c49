"""Scoring at submit and the score report: per domain and sub-domain, unscored items apart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from quizapp.core.db.models import Attempt, AttemptItem, Question, TallyQuestion
from quizapp.core.errors import UserError
from quizapp.core.exam.blueprints import ExamBlueprint
from quizapp.core.exam.engine import ExamEngine
from quizapp.core.exam.results import ReviewFilter, ScoreRow, score_lines
from quizapp.core.taxonomy import CLINICAL, TEST_PLAN_ITEMS, TEST_PLAN_SUBDOMAIN_ITEMS
from tests.core.exam.conftest import ExamWorld

Fact = tuple[str, str | None, bool, int, list[int]]  # domain, subdomain, scored, key, positions


def facts(world: ExamWorld, attempt_id: int) -> list[Fact]:
    """Per position: (domain, subdomain, scored, key position, all positions) from the database."""
    with world.ctx.db.sessions() as s:
        rows = s.execute(select(AttemptItem, Question).join(Question, Question.id == AttemptItem.question_id)
                         .where(AttemptItem.attempt_id == attempt_id).order_by(AttemptItem.position)).all()
        return [(q.domain, q.subdomain, i.scored, next(c.position for c in q.choices if c.is_correct),
                 [c.position for c in q.choices]) for i, q in rows]


def take(engine: ExamEngine, world: ExamWorld, right: Callable[[Fact], bool],
         skip: Callable[[Fact], bool] = lambda f: False) -> Counter:
    """Answers every item: rightly where `right(fact)`, wrongly otherwise, blank where `skip(fact)`."""
    expected: Counter = Counter()
    for position, fact in enumerate(facts(world, engine.attempt_id)):
        domain, sub, scored, key, positions = fact
        if skip(fact):
            continue
        good = right(fact)
        engine.answer(position, [key if good else next(p for p in positions if p != key)])
        if scored and good:
            expected[domain] += 1
            if sub:
                expected[sub] += 1
    return expected


def test_score_lines_are_per_domain_and_subdomain_over_scored_items_only() -> None:
    blueprint = ExamBlueprint(1, "b", "B", 10, {"Anatomy and Physiology": 2, CLINICAL: 3, "Medical Law and Ethics": 1},
                              {"Phlebotomy": 2, "EKG and Cardiovascular Testing": 1})
    rows = [
        ScoreRow("Anatomy and Physiology", None, True, True),
        ScoreRow("Anatomy and Physiology", None, True, False),
        ScoreRow("Anatomy and Physiology", None, False, False),  # unscored: ignored
        ScoreRow(CLINICAL, "Phlebotomy", True, True),
        ScoreRow(CLINICAL, "Phlebotomy", True, True),
        ScoreRow(CLINICAL, "EKG and Cardiovascular Testing", True, False),
        ScoreRow(CLINICAL, "General Patient Care", False, True),  # unscored: ignored
    ]
    lines = {line.name: line for line in score_lines(rows, blueprint)}
    assert list(lines) == ["Anatomy and Physiology", CLINICAL, "Medical Law and Ethics"]
    assert (lines["Anatomy and Physiology"].correct, lines["Anatomy and Physiology"].total) == (1, 2)
    assert lines["Anatomy and Physiology"].percent == 50.0
    assert (lines[CLINICAL].correct, lines[CLINICAL].total) == (2, 3)
    assert [(s.name, s.correct, s.total) for s in lines[CLINICAL].subdomains] == [
        ("Phlebotomy", 2, 2), ("EKG and Cardiovascular Testing", 0, 1)]
    assert lines["Medical Law and Ethics"].total == 0 and lines["Medical Law and Ethics"].percent is None


def test_submit_scores_by_domain_and_subdomain_and_leaves_unscored_items_out(world: ExamWorld) -> None:
    engine, _ = world.exams.start(world.profile_id, "ccma-full", seed=8)
    # Right: every Anatomy and Phlebotomy item and every unscored item; blank: Medical Law;
    # wrong: everything else.
    expected = take(engine, world,
                    right=lambda f: f[0] == "Anatomy and Physiology" or f[1] == "Phlebotomy" or not f[2],
                    skip=lambda f: f[0] == "Medical Law and Ethics")
    engine.set_flag(3, True)
    world.clock.advance(1234)
    engine.submit()
    results = world.exams.results(engine.attempt_id)

    assert results.overall.total == 150 and results.overall.correct == 8 + 12
    assert results.score == pytest.approx(20 / 150) and results.percent == pytest.approx(100 * 20 / 150)
    domains = {d.name: d for d in results.domains}
    assert list(domains) == list(TEST_PLAN_ITEMS)
    for name, total in TEST_PLAN_ITEMS.items():
        assert domains[name].total == total and domains[name].correct == expected[name]
    subs = {s.name: s for s in domains[CLINICAL].subdomains}
    assert list(subs) == list(TEST_PLAN_SUBDOMAIN_ITEMS)
    assert subs["Phlebotomy"].percent == 100.0 and subs["General Patient Care"].percent == 0.0
    assert domains["Medical Law and Ethics"].correct == 0

    unscored = results.unscored_items
    assert len(unscored) == 30 and all(i.correct for i in unscored if i.answered)
    assert results.time_used_seconds == 1234 and results.time_limit_seconds == 180 * 60
    assert not results.auto_submitted and results.previous_score is None and results.change is None
    assert "not an NHA pass or fail" in results.note and "390" in results.note

    wrong = results.review(ReviewFilter.WRONG)
    assert len(wrong) == 180 - 20 - sum(1 for i in unscored if i.correct)
    assert all(not i.correct for i in wrong)
    assert sum(1 for i in wrong if not i.answered) == 7 + sum(1 for i in unscored if not i.answered)
    assert [i.number for i in results.review(ReviewFilter.FLAGGED)] == [4]
    item = results.items[0]
    assert item.feedback.key_letters in "ABCD" and len(item.feedback.key_letters) == 1
    assert item.feedback.sources[0].title == "A test guide"  # the readable title, not the file name
    assert item.feedback.rationale

    with world.ctx.db.sessions() as s:
        attempt = s.get(Attempt, engine.attempt_id)
        assert attempt.score == pytest.approx(20 / 150)
        answered = s.scalar(select(func.sum(TallyQuestion.answered)))
        correct = s.scalar(select(func.sum(TallyQuestion.correct)))
        assert s.scalar(select(func.count()).where(AttemptItem.correct.is_(None))) == 0
    # DESIGN.md: unscored (pretest) items count in no statistic, so only the 150 scored items'
    # answers (7 were left blank) reach the summaries (issue #23).
    assert answered == 150 - 7
    assert correct == 20


def test_mock_answers_reach_the_statistics_only_when_submitted(world: ExamWorld) -> None:
    engine, _ = world.exams.start(world.profile_id, "ccma-quick", seed=2)
    take(engine, world, right=lambda f: True)
    with world.ctx.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(TallyQuestion)) == 0
    with pytest.raises(UserError, match="not been submitted"):
        world.exams.results(engine.attempt_id)
    engine.submit()
    with world.ctx.db.sessions() as s:
        assert s.scalar(select(func.sum(TallyQuestion.answered))) == 30
    assert world.exams.results(engine.attempt_id).percent == 100.0


def test_results_compare_with_the_previous_exams_of_the_same_blueprint(world: ExamWorld) -> None:
    scores = []
    for n, share in enumerate((0.5, 0.8, 0.7)):
        engine, _ = world.exams.start(world.profile_id, "ccma-quick", seed=n)
        state = engine.state()
        budget = iter(range(state.total))
        target = round(share * state.total)
        take(engine, world, right=lambda f, budget=budget, target=target: next(budget) < target)
        world.clock.advance(60)
        engine.submit()
        scores.append(world.exams.results(engine.attempt_id))
    other, _ = world.exams.start(world.profile_id, "ccma-half", seed=9)
    other.submit()
    last = scores[-1]
    assert [round(p.score, 2) for p in last.history] == [0.5, 0.8, 0.7]
    assert last.history[-1].attempt_id == last.attempt_id
    assert last.previous_score == pytest.approx(0.8) and last.change == pytest.approx(-0.1)
    assert scores[0].previous_score is None and len(scores[1].history) == 2
    assert world.exams.results(other.attempt_id).history[-1].score == 0.0
    assert len(world.exams.results(other.attempt_id).history) == 1
    # The preference for unseen questions: three quick exams drew 90 different questions.
    with world.ctx.db.sessions() as s:
        quick_ids = s.scalars(select(AttemptItem.question_id).join(Attempt)
                              .where(Attempt.id.in_([r.attempt_id for r in scores]))).all()
    assert len(set(quick_ids)) == 90


def anatomy_ids(world: ExamWorld, attempt_id: int) -> set[int]:
    with world.ctx.db.sessions() as s:
        return set(s.scalars(select(AttemptItem.question_id).join(Question)
                             .where(AttemptItem.attempt_id == attempt_id,
                                    Question.domain == "Anatomy and Physiology")))


def test_unseen_questions_come_first_then_missed_ones_then_ones_answered_right(world: ExamWorld) -> None:
    # Anatomy has 8 + 3 = 11 questions and ccma-quick asks 2. Exam 1: both missed. Exams 2-5:
    # eight unseen ones, answered right. Exam 6: the last unseen one and one of the missed.
    first, _ = world.exams.start(world.profile_id, "ccma-quick", seed=1)
    take(first, world, right=lambda f: False)
    first.submit()
    missed = anatomy_ids(world, first.attempt_id)
    answered_right: set[int] = set()
    for seed in range(2, 6):
        engine, _ = world.exams.start(world.profile_id, "ccma-quick", seed=seed)
        drawn = anatomy_ids(world, engine.attempt_id)
        assert not drawn & (missed | answered_right)  # unseen ones first
        answered_right |= drawn
        take(engine, world, right=lambda f: True)
        engine.submit()
    assert len(answered_right) == 8
    last, _ = world.exams.start(world.profile_id, "ccma-quick", seed=6)
    drawn = anatomy_ids(world, last.attempt_id)
    assert len(drawn - missed - answered_right) == 1 and len(drawn & missed) == 1
