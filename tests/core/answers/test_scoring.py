"""Scoring (DESIGN.md, a contract) and choice validation, as pure functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.practice import PracticeRequest
from quizapp.core.scoring import is_correct, validated_choice


@pytest.mark.parametrize(("kind", "chosen", "key", "right"), [
    ("single", [1], [1], True),
    ("single", [2], [1], False),
    ("single", [0], [0, 2], True),  # an imported question with two full-credit answers: either is right
    ("single", [2], [0, 2], True),
    ("single", [0, 2], [0, 2], False),  # a single-answer question takes one answer
    ("truefalse", [0], [0], True),
    ("multiple", [0, 2], [0, 2], True),
    ("multiple", [2, 0], [0, 2], True),
    ("multiple", [0], [0, 2], False),  # part of the keyed set: no partial credit
    ("multiple", [0, 1, 2], [0, 2], False),  # more than the keyed set
    ("multiple", [1, 3], [0, 2], False),
    ("multiple", [], [0, 2], False),
    ("single", [], [1], False),
])
def test_is_correct_is_all_or_nothing(kind: str, chosen: list[int], key: list[int], right: bool) -> None:
    assert is_correct(kind, chosen, key) is right


@pytest.mark.parametrize(("kind", "chosen", "message"), [
    ("single", [], "choose an answer"),
    ("single", [-1], "answers shown"),
    ("single", [4], "answers shown"),
    ("single", [True], "answers shown"),
    ("single", [0, 1, 2], "one answer"),
    ("truefalse", [0, 1], "one answer"),
    ("multiple", [], "choose an answer"),
    ("multiple", [1, 7], "answers shown"),
])
def test_invalid_choices_are_refused(kind: str, chosen: list[int], message: str) -> None:
    with pytest.raises(UserError, match=message):
        validated_choice(kind, {0, 1, 2, 3}, chosen)


def test_valid_choices_come_back_sorted_once_each() -> None:
    assert validated_choice("multiple", {0, 1, 2, 3}, [3, 1, 3]) == (1, 3)
    assert validated_choice("single", {0, 1}, [1, 1]) == (1,)


def test_any_key_of_an_imported_single_answer_question_scores_in_practice(data_dir: Path, tmp_path: Path) -> None:
    """Item 4: Moodle gives full credit for any `=` answer, and so does quizapp."""
    ctx = AppContext.open(data_dir, FakeClock())
    try:
        source = tmp_path / "seasons.gift"
        source.write_text("Name a season\\: {= spring = summer ~ easter}\n", encoding="utf-8")
        ctx.imports.run(ctx.imports.preview(source))
        profile = ctx.profiles.current().id
        state, _ = ctx.practice.start(profile, PracticeRequest(set_slugs=("seasons",), count=1, seed=1))
        view = state.items[0].question
        summer = next(c.position for c in view.choices if c.text == "summer")
        item, _ = ctx.practice.check(state.attempt_id, 0, [summer])
        assert item.feedback is not None and item.feedback.correct
    finally:
        ctx.close()
