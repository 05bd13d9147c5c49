"""`quizapp blueprint check SLUG`: can the bank fill a mock exam? (DESIGN.md contract)

Exit 0 whether or not it can be filled; an unknown slug is a problem with the user's input
(exit 1) and names the valid ones.
"""

from __future__ import annotations

from typing import Any

from quizapp.commands.result import CommandResult, failure
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.exam.availability import Availability

EMPTY: dict[str, Any] = {"blueprint": "", "minutes": 0, "scored": 0, "unscored": 0, "can_fill": False,
                         "distinct_exams": 0, "domains": []}


def _lines(a: Availability) -> list[str]:
    lines = [f"{a.blueprint}: {a.name}, {a.minutes} minutes, {a.scored} scored + {a.unscored} unscored items",
             f"{'':<52} {'wanted':>6} {'available':>9}"]
    for d in a.domains:
        lines.append(f"{d.name:<52} {d.wanted:>6} {d.available:>9}")
        lines += [f"  {s.name:<50} {s.wanted:>6} {s.available:>9}" for s in d.subdomains]
    if a.sets:
        lines.append(f"Drawn from: {', '.join(a.sets)}.")
    if a.can_fill:
        lines.append(f"The bank can fill this exam: {a.distinct_exams} exam{'' if a.distinct_exams == 1 else 's'} "
                     "without using a question twice.")
        return lines
    lines.append(f"The bank cannot fill this exam (an exam started anyway has {a.drawable} of "
                 f"{a.scored + a.unscored} items):")
    lines += [f"  {s.label}: {s.missing} short" for s in a.shortfalls]
    if a.unscored_missing:
        lines.append(f"  unscored items: {a.unscored_missing} short")
    return lines


def check(ctx: AppContext, slug: str) -> CommandResult:
    try:
        result = ctx.exams.availability(slug)
    except UserError as exc:
        return failure(EMPTY, exc.located)
    return CommandResult(result.payload(), 0, _lines(result))
