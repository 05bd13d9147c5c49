"""Figures about the bank as compiled (the `bank stats --json` contract)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from quizapp.core.bank.load import Bank
from quizapp.core.questions import LETTERS, QuestionData


def key_is_strictly_longest(q: QuestionData) -> bool:
    keys = [c for c in q.choices if c.is_correct]
    if len(keys) != 1:
        return False
    key = keys[0]
    return all(len(key.text) > len(c.text) for c in q.choices if c is not key)


def bank_stats(bank: Bank, set_slug: str | None = None) -> dict[str, Any]:
    """The `bank stats --json` figures over live questions, of one set when `set_slug` is given."""
    chosen = [q for q in bank.questions if not q.retired and set_slug in (None, q.set_slug)]
    live = [q.data for q in chosen]
    positions = Counter(
        q.key_letters for q in live if q.kind == "single" and len(q.key_letters) == 1
    )
    return {
        "questions": len(live),
        "by_domain": dict(sorted(Counter(q.domain for q in live if q.domain).items())),
        "by_subdomain": dict(sorted(Counter(q.subdomain for q in live if q.subdomain).items())),
        "by_topic": dict(sorted(Counter(q.topic for q in live if q.topic).items())),
        "by_difficulty": {str(d): sum(1 for q in live if q.difficulty == d) for d in (1, 2, 3)},
        "answer_positions": {letter: positions.get(letter, 0) for letter in LETTERS[:4]},
        "with_rationale": sum(1 for q in live if q.rationale.strip()),
        "with_citation": sum(1 for q in live if q.citations),
        "key_longest_share": (
            round(sum(key_is_strictly_longest(q) for q in live) / len(live), 4) if live else 0.0
        ),
        "by_set": dict(Counter(q.set_slug for q in chosen)),
        "with_media": sum(1 for q in live if q.media),
        "by_source": dict(sorted(Counter(c.source for q in live for c in q.citations).items())),
    }
