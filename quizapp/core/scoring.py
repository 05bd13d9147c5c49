"""Scoring (DESIGN.md "Scoring", a contract), as pure functions of positions.

Nothing here reads the database: quizapp.core.answers is the one caller that records what
these decide.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from quizapp.core.errors import UserError

MULTIPLE = "multiple"


def is_correct(kind: str, chosen: Collection[int], key: Collection[int]) -> bool:
    """All or nothing, with no partial credit (the CCMA gives none).

    A single-answer (or true/false) question is right when its one chosen option is a key: an
    imported question may have several full-credit answers, and any one of them is right. A
    multiple-answer question is right only when exactly the keyed set is chosen.
    """
    picked, keyed = set(chosen), set(key)
    if not picked or not keyed:
        return False
    if kind == MULTIPLE:
        return picked == keyed
    return len(picked) == 1 and picked <= keyed


def validated_choice(kind: str, positions: Collection[int], chosen: Sequence[int]) -> tuple[int, ...]:
    """The chosen positions, sorted, or UserError: at least one, each an option the question
    has (never negative), and exactly one unless the question takes several answers."""
    picked = tuple(sorted(set(chosen)))
    if not picked:
        raise UserError("choose an answer first")
    if any(isinstance(p, bool) or not isinstance(p, int) or p not in positions for p in picked):
        raise UserError("choose one of the answers shown")
    if kind != MULTIPLE and len(picked) != 1:
        raise UserError("this question has one answer; choose only one")
    return picked
