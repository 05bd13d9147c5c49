"""`quizapp sets`."""

from __future__ import annotations

from quizapp.commands.result import CommandResult
from quizapp.core.context import AppContext


def list_sets(ctx: AppContext) -> CommandResult:
    sets = ctx.sets.list()
    payload = {"sets": [
        {"slug": s.slug, "name": s.name, "questions": s.questions, "enabled": s.enabled, "origin": s.origin}
        for s in sets
    ]}
    lines = [f"{s.slug:<20} {s.questions:>6}  {'on ' if s.enabled else 'off'}  {s.name}" for s in sets]
    return CommandResult(payload, 0, lines)
