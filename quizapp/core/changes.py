"""What a mutation changed, so the front end can tell each page once (STYLE.md: OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    bank: bool = False  # questions, sets or blueprints
    answers: bool = False  # an answer, flag or attempt state was committed
    attempts: bool = False  # an attempt started, finished or was abandoned
    review: bool = False  # review cards
    profiles: bool = False  # profile added, renamed, switched or reset
    reports: bool = False  # a "report a problem" was stored
    marks: bool = False  # a bookmark or a student's own note on a question
    goal: bool = False  # the daily goal was set

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()
