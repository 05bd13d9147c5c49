"""`quizapp bank build | check | stats`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.commands.result import CommandResult, failure
from quizapp.core.bank.builtin_sets import BUILTIN_SETS, builtin_set_named
from quizapp.core.bank.service import BankService
from quizapp.core.bank.stats import bank_stats
from quizapp.core.clock import SystemClock
from quizapp.core.errors import Located
from quizapp.core.wording import plural

EMPTY_STATS: dict[str, Any] = {
    "questions": 0, "by_domain": {}, "by_subdomain": {}, "by_topic": {},
    "by_difficulty": {"1": 0, "2": 0, "3": 0}, "answer_positions": {"A": 0, "B": 0, "C": 0, "D": 0},
    "with_rationale": 0, "with_citation": 0, "key_longest_share": 0.0, "by_set": {}, "with_media": 0,
    "by_source": {},
}
EMPTY_BUILD: dict[str, Any] = {"out": None, "questions": 0, "content_hash": ""}


def _problem_dicts(problems: list[Located]) -> list[dict[str, Any]]:
    return [{"file": p.file, "line": p.line, "message": p.message} for p in problems]


def check(documents: Path | None) -> CommandResult:
    bank = BankService(None, SystemClock()).load(documents=documents, review=True)
    payload = {"ok": bank.ok, "questions": len(bank.questions), "problems": _problem_dicts(bank.problems)}
    if bank.ok:
        cited = " and citations checked against the documents" if documents else ""
        return CommandResult(payload, 0, [f"bank OK: {plural(len(bank.questions), 'question')}{cited}"])
    summary = Located(None, None, f"{len(bank.problems)} problem(s) in the bank")
    return CommandResult(payload, 1, [], bank.problems, bank.problems[0] if bank.problems else summary)


def stats(set_slug: str | None = None) -> CommandResult:
    if set_slug is not None and builtin_set_named(set_slug) is None:
        known = ", ".join(s.slug for s in BUILTIN_SETS)
        problem = f"there is no built-in set {set_slug!r} (built-in sets: {known})"
        return failure(EMPTY_STATS, Located(None, None, problem))
    bank = BankService(None, SystemClock()).load()
    if not bank.ok:
        return failure(EMPTY_STATS, bank.problems[0], bank.problems)
    payload = bank_stats(bank, set_slug)
    lines = [plural(payload["questions"], "question")]
    lines += [f"  {name}: {count}" for name, count in payload["by_domain"].items()]
    return CommandResult(payload, 0, lines)


def build(out: Path) -> CommandResult:
    service = BankService(None, SystemClock())
    bank, report = service.build(out)
    if report is None:
        return failure(EMPTY_BUILD, bank.problems[0], bank.problems)
    payload = {"out": str(out), "questions": len(bank.questions), "content_hash": bank.content_hash}
    return CommandResult(payload, 0, [f"compiled {plural(len(bank.questions), 'question')} to {out}"])
