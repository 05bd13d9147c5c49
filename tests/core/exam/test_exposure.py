"""Exposure control: a new mock exam prefers questions this profile has not met in an earlier
one, then those met longest ago; the results say how many items were new."""

from __future__ import annotations

from pathlib import Path

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.exam.service import ExamService
from quizapp.core.profiles import ensure_default
from tests.core.exam.test_availability import QUICK_DOMAINS, QUICK_SUBS
from tests.helpers.exam_bank import STRATA, exam_bank


def _quick_times(n: int) -> dict:
    return {s: n * (QUICK_SUBS[s[1]] if s[1] else QUICK_DOMAINS[s[0]]) for s in STRATA}


def _take(exams: ExamService, profile_id: int, clock: FakeClock, seed: int) -> tuple[set[int], int]:
    engine, _ = exams.start(profile_id, "ccma-quick", seed=seed)
    asked = {item.question.question_id for item in engine.state().items}
    clock.advance(60)
    engine.submit()
    clock.advance(3600)
    return asked, engine.attempt_id


def test_exams_do_not_repeat_until_the_sets_run_out_then_the_oldest_come_back(
        tmp_path: Path, data_dir: Path, clock: FakeClock) -> None:
    ctx = AppContext.open(data_dir, clock, exam_bank(tmp_path, _quick_times(2), with_ineligible=False))
    ctx.bank.ensure_installed()
    with ctx.db.sessions.begin() as session:
        profile_id = ensure_default(session, clock.now()).id
    exams = ExamService(ctx.db.sessions, clock)
    assert exams.availability("ccma-quick").distinct_exams == 2

    first, first_id = _take(exams, profile_id, clock, seed=1)
    second, second_id = _take(exams, profile_id, clock, seed=2)
    assert len(first) == len(second) == 30 and not first & second  # two exams, no question twice
    assert exams.results(first_id).new_items == 30
    assert exams.results(second_id).new_items == 30

    third, third_id = _take(exams, profile_id, clock, seed=3)
    assert third == first  # every question met: those met longest ago come back first
    assert exams.results(third_id).new_items == 0
    ctx.close()


def test_a_question_met_in_an_abandoned_exam_counts_as_met(tmp_path: Path, data_dir: Path, clock: FakeClock) -> None:
    counts = _quick_times(2)
    ctx = AppContext.open(data_dir, clock, exam_bank(tmp_path, counts, with_ineligible=False))
    ctx.bank.ensure_installed()
    with ctx.db.sessions.begin() as session:
        profile_id = ensure_default(session, clock.now()).id
    exams = ExamService(ctx.db.sessions, clock)
    engine, _ = exams.start(profile_id, "ccma-quick", seed=1)  # left open, then abandoned by the next start
    seen = {item.question.question_id for item in engine.state().items}
    clock.advance(600)
    second, second_id = _take(exams, profile_id, clock, seed=2)
    assert not seen & second and exams.results(second_id).new_items == 30
    ctx.close()
