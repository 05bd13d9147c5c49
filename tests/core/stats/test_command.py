"""`quizapp stats`: the payload is exactly DESIGN.md's contract."""

from __future__ import annotations

import json

import pytest

from quizapp.commands.stats import EMPTY, stats
from quizapp.core.context import AppContext
from quizapp.core.exam.service import ExamService
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL_SUBDOMAINS
from tests.core.stats.support import key_of, practise

TOP_KEYS = {"profile", "answered", "correct", "accuracy", "domains", "mock_exams", "review_due", "readiness",
            "bookmarks", "notes", "streak_days", "daily_goal"}
LINE_KEYS = {"name", "answered", "correct", "accuracy", "accuracy_30d"}


def test_payload_keys_and_types(ctx: AppContext) -> None:
    me = ctx.profiles.current()
    practise(ctx, me.id, "Clinical Patient Care", right=5, wrong=3)
    engine, _ = ExamService(ctx.db.sessions, ctx.clock).start(me.id, "ccma-quick", seed=1)
    engine.answer(0, key_of(ctx, engine.state().items[0].question.question_id))
    engine.submit()
    result = stats(ctx, None)
    assert result.exit_code == 0 and result.error is None
    payload = json.loads(json.dumps(result.payload))  # JSON-ready as is
    assert set(payload) == TOP_KEYS
    assert payload["profile"] == "Default" and payload["answered"] == 9 and payload["correct"] == 6
    assert payload["accuracy"] == pytest.approx(6 / 9)
    assert [d["name"] for d in payload["domains"]] == list(ALL_DOMAINS)
    for d in payload["domains"]:
        assert set(d) == LINE_KEYS | {"subdomains", "topics"}
        for line in (*d["subdomains"], *d["topics"]):
            assert set(line) == LINE_KEYS
    clinical = payload["domains"][2]
    assert [s["name"] for s in clinical["subdomains"]] == list(CLINICAL_SUBDOMAINS)
    assert all(d["subdomains"] == [] for d in payload["domains"] if d["name"] != "Clinical Patient Care")
    [exam] = payload["mock_exams"]
    assert set(exam) == {"blueprint", "submitted_at", "score"} and exam["blueprint"] == "ccma-quick"
    assert exam["submitted_at"].startswith("2026-01-05T") and 0 < exam["score"] <= 1
    assert isinstance(payload["review_due"], int)
    assert payload["readiness"] == {"estimate": None, "low": None, "high": None}  # 9 answers: too few
    assert any("none yet (9 of the 20 recent answers it needs)" in line for line in result.lines)


def test_readiness_is_null_below_twenty_recent_answers_then_a_range(ctx: AppContext) -> None:
    """The contract's keys stay; null below ESTIMATE_FROM (20) recent CCMA answers."""
    me = ctx.profiles.current()
    practise(ctx, me.id, "Medical Law and Ethics", right=6, wrong=2)
    practise(ctx, me.id, "Clinical Patient Care", right=8, wrong=3)
    assert stats(ctx, None).payload["readiness"] == {"estimate": None, "low": None, "high": None}
    practise(ctx, me.id, "Career and Credentialing", right=4, wrong=0)  # practice only: not counted
    assert stats(ctx, None).payload["readiness"]["estimate"] is None
    practise(ctx, me.id, "Medical Law and Ethics", right=1, wrong=0, seed=2)
    result = stats(ctx, None)
    readiness = json.loads(json.dumps(result.payload))["readiness"]
    assert set(readiness) == {"estimate", "low", "high"}
    assert 0 <= readiness["low"] <= readiness["estimate"] <= readiness["high"] <= 1
    line = next(line for line in result.lines if line.startswith("Readiness estimate"))
    assert "still rough" in line and "20 recent answers" in line and "not an NHA score" in line


def test_profile_by_name_and_an_unknown_name(ctx: AppContext) -> None:
    other, _ = ctx.profiles.add("Jordan Lee")
    practise(ctx, other.id, "Medical Law and Ethics", right=2, wrong=0)
    result = stats(ctx, "jordan  lee")
    assert result.exit_code == 0 and result.payload["profile"] == "Jordan Lee" and result.payload["answered"] == 2
    assert stats(ctx, None).payload["answered"] == 0  # the last-used profile is still Default
    missing = stats(ctx, "Nobody")
    assert missing.exit_code == 1 and missing.error is not None and "Nobody" in missing.error.message
    assert missing.payload == EMPTY and set(missing.payload) == TOP_KEYS


def test_an_empty_profile_prints_a_friendly_line(ctx: AppContext) -> None:
    result = stats(ctx, None)
    assert result.payload["accuracy"] is None and result.payload["readiness"]["estimate"] is None
    assert any("No answers yet" in line for line in result.lines)
