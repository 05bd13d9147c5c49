"""Practice sessions in core: drawing, checking, tallies, resume and summaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import QuestionReport, TallyQuestion
from quizapp.core.errors import UserError
from quizapp.core.practice import PracticeRequest
from tests.helpers.bank import make_bank, question, render_file


@pytest.fixture
def ctx(tmp_path: Path, data_dir: Path, clock: FakeClock) -> AppContext:
    vitals = [question(f"v-{i}", stem=f"Vitals question number {i} about pulse {i}?") for i in range(6)]
    law = [question(f"l-{i}", stem=f"Law question number {i} about consent {i}?", answer="C") for i in range(4)]
    bank = make_bank(tmp_path, {
        "vitals.toml": render_file(vitals),
        "law.toml": render_file(law, domain="Medical Law and Ethics", subdomain=None),
    })
    context = AppContext.open(data_dir, clock, bank)
    context.bank.ensure_installed()
    yield context
    context.close()


def _key_positions(item) -> list[int]:
    # The test bank keys by stored position: v-* is A (0), l-* is C (2).
    return [0] if item.question.domain == "Clinical Patient Care" else [2]


def test_practice_draws_from_the_chosen_domains_and_shuffles_options(ctx: AppContext) -> None:
    profile = ctx.profiles.current()
    request = PracticeRequest(domains=("Medical Law and Ethics",), count=10, seed=3)
    state, changes = ctx.practice.start(profile.id, request)
    assert changes.attempts
    assert len(state.items) == 4 and {i.question.domain for i in state.items} == {"Medical Law and Ethics"}
    orders = {tuple(c.position for c in i.question.choices) for i in state.items}
    assert len(orders) > 1  # display order differs from the stored order somewhere
    for item in state.items:
        assert [c.letter for c in item.question.choices] == ["A", "B", "C", "D"]


def test_checking_records_the_answer_and_its_tally(ctx: AppContext, clock: FakeClock) -> None:
    profile = ctx.profiles.current()
    state, _ = ctx.practice.start(profile.id, PracticeRequest(count=3, seed=1))
    first = state.items[0]
    checked, changes = ctx.practice.check(state.attempt_id, 0, _key_positions(first), seconds=12.0)
    assert changes.answers and checked.feedback is not None and checked.feedback.correct
    assert checked.feedback.key_letters == first.question.letters_for(_key_positions(first))
    assert checked.feedback.sources[0].title == "A test guide"
    wrong = [p for p in range(4) if p not in _key_positions(state.items[1])][:1]
    checked, _ = ctx.practice.check(state.attempt_id, 1, wrong, guessed=True)
    assert checked.feedback is not None and not checked.feedback.correct and checked.guessed
    with pytest.raises(UserError):
        ctx.practice.check(state.attempt_id, 1, wrong)  # answers are final
    with ctx.db.sessions() as s:
        rows = s.scalars(select(TallyQuestion)).all()
        assert sum(r.answered for r in rows) == 2 and sum(r.correct for r in rows) == 1
        assert sum(r.seconds for r in rows) == 12.0
    overview = ctx.overview.overview(profile.id)
    assert sum(d.answered for d in overview.domains) == 2


def test_unseen_questions_come_first(ctx: AppContext) -> None:
    profile = ctx.profiles.current()
    first, _ = ctx.practice.start(profile.id, PracticeRequest(domains=("Clinical Patient Care",), count=3, seed=5))
    for item in first.items:
        ctx.practice.check(first.attempt_id, item.position, _key_positions(item))
    second, _ = ctx.practice.start(profile.id, PracticeRequest(domains=("Clinical Patient Care",), count=3, seed=5))
    assert not {i.question.question_id for i in first.items} & {i.question.question_id for i in second.items}


def test_resume_and_summary(ctx: AppContext) -> None:
    profile = ctx.profiles.current()
    state, _ = ctx.practice.start(profile.id, PracticeRequest(count=4, seed=2, feedback=False))
    ctx.practice.check(state.attempt_id, 0, _key_positions(state.items[0]))
    ctx.practice.go_to(state.attempt_id, 1)
    assert ctx.practice.in_progress(profile.id) == state.attempt_id
    resumed = ctx.practice.state(state.attempt_id)
    assert resumed.current == 1 and resumed.answered == 1
    assert resumed.items[0].feedback is None  # feedback hidden until the end in this mode
    wrong = [p for p in range(4) if p not in _key_positions(state.items[1])][:1]
    ctx.practice.check(state.attempt_id, 1, wrong)
    summary, _ = ctx.practice.finish(state.attempt_id)
    assert (summary.answered, summary.correct, summary.total) == (2, 1, 4)
    assert len(summary.missed) == 1 and summary.missed[0].feedback is not None
    assert ctx.practice.in_progress(profile.id) is None


def test_reports_are_stored(ctx: AppContext) -> None:
    profile = ctx.profiles.current()
    state, _ = ctx.practice.start(profile.id, PracticeRequest(count=1, seed=1))
    qid = state.items[0].question.question_id
    assert ctx.reports.submit(profile.id, qid, "typo", "  'pulse' misspelt  ").reports
    with pytest.raises(UserError):
        ctx.reports.submit(profile.id, qid, "other", "")
    with ctx.db.sessions() as s:
        report = s.scalar(select(QuestionReport))
        assert (report.reason, report.note) == ("typo", "'pulse' misspelt")
    assert ctx.reports.list()[0].question_ext_id.startswith(("v-", "l-"))


def test_nothing_to_practise_is_a_clear_error(ctx: AppContext) -> None:
    with pytest.raises(UserError, match="no questions match"):
        ctx.practice.start(ctx.profiles.current().id, PracticeRequest(domains=("Anatomy and Physiology",)))



def test_practice_draws_only_from_the_chosen_places(ctx: AppContext) -> None:
    from quizapp.core.selection import place_counts

    with ctx.db.sessions() as session:
        counts = place_counts(session)
    assert {(c.set_slug, c.place, c.questions) for c in counts} == {
        ("builtin", ("Clinical Patient Care", "Patient Intake and Vitals", "Vital signs"), 6),
        ("builtin", ("Medical Law and Ethics", None, "Vital signs"), 4),
    }
    chosen = (("Medical Law and Ethics", None, "Vital signs"),)
    state, _ = ctx.practice.start(ctx.profiles.current().id, PracticeRequest(places=chosen, count=50))
    assert len(state.items) == 4
    assert {(i.question.domain, i.question.subdomain, i.question.topic) for i in state.items} == set(chosen)
