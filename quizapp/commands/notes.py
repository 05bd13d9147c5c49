"""`quizapp notes [--json]` and `quizapp notes show NAME` (DESIGN.md contract)."""

from __future__ import annotations

from quizapp.commands.result import CommandResult
from quizapp.core.context import AppContext
from quizapp.core.notes import note_as_text
from quizapp.core.wording import plural


def list_notes(ctx: AppContext) -> CommandResult:
    notes = ctx.notes.list()
    payload = {"notes": [
        {"name": n.name, "title": n.title, "domain": n.domain, "subdomain": n.subdomain, "sections": n.sections}
        for n in notes
    ]}
    width = max((len(n.name) for n in notes), default=4)
    lines = [f"{n.name:<{width}}  {n.title} ({plural(n.sections, 'section')})"
             for n in notes] or ["no study notes installed"]
    return CommandResult(payload, 0, lines)


def show(ctx: AppContext, name: str) -> CommandResult:
    note = ctx.notes.get(name)
    text = note_as_text(note)
    payload = {"name": note.name, "title": note.title, "domain": note.domain, "subdomain": note.subdomain,
               "text": text}
    return CommandResult(payload, 0, [text.rstrip("\n")])
