"""Exam packs for a class, as a front end holds them (`ctx.packs`): keep templates, export packs.

A pack is imported by the ordinary import (`ctx.imports`, `quizapp import`), which recognises it
from its content; taking one is a mock exam (`ctx.exams`) over the pack's fixed questions.
Templates are kept as blueprint rows of origin `pack-template` (slug `template:<slug>`), so the
editor can reopen them; they are never offered as exams on the instructor's computer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Blueprint
from quizapp.core.errors import UserError
from quizapp.core.formats.writers.files import write_atomically
from quizapp.core.packs.draw import draw_pack_questions
from quizapp.core.packs.pack_file import PackContent, read_pack_file, render_pack
from quizapp.core.packs.template import PackTemplate, pass_mark_text

TEMPLATE_ORIGIN = "pack-template"
TEMPLATE_PREFIX = "template:"


@dataclass(frozen=True)
class PackExport:
    out: Path
    slug: str
    name: str
    minutes: int
    pass_mark: float  # the instructor's
    questions: int

    @property
    def pass_mark_text(self) -> str:
        return pass_mark_text(self.pass_mark)


def _template(row: Blueprint) -> PackTemplate:
    counts = row.counts or {}
    items = counts.get("items", {}) or {}
    return PackTemplate(row.name, row.minutes, float(row.pass_mark or 0), tuple((str(k), int(v)) for k, v in
                                                                                 items.items()),
                        counts.get("by", "domain"), row.slug.removeprefix(TEMPLATE_PREFIX))


class PackService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def templates(self) -> list[PackTemplate]:
        """Saved templates, by name."""
        with self._sessions() as session:
            rows = session.scalars(select(Blueprint).where(Blueprint.origin == TEMPLATE_ORIGIN)
                                   .order_by(Blueprint.name))
            return [_template(row) for row in rows]

    def save_template(self, template: PackTemplate) -> tuple[PackTemplate, Changes]:
        """Stores (or replaces, by slug) a checked template; UserError naming what to fix."""
        checked = template.checked()
        with self._sessions.begin() as session:
            slug = TEMPLATE_PREFIX + checked.slug
            row = session.scalar(select(Blueprint).where(Blueprint.slug == slug))
            if row is None:
                row = Blueprint(slug=slug, origin=TEMPLATE_ORIGIN)
                session.add(row)
            row.name, row.minutes, row.pass_mark, row.unscored = checked.name, checked.minutes, checked.pass_mark, 0
            row.counts = {"by": checked.by, "items": dict(checked.counts)}
        return checked, Changes(bank=True)

    def delete_template(self, slug: str) -> Changes:
        with self._sessions.begin() as session:
            row = session.scalar(select(Blueprint).where(Blueprint.slug == TEMPLATE_PREFIX + slug,
                                                         Blueprint.origin == TEMPLATE_ORIGIN))
            if row is None:
                raise UserError(f"there is no pack template {slug!r}")
            session.delete(row)
        return Changes(bank=True)

    def export(self, template: PackTemplate, out: Path, *, seed: int | None = None) -> PackExport:
        """Draws the pack's questions now from the switched-on sets and writes the pack file
        atomically. Reads only. UserError if the sets cannot fill it or the path is unwritable."""
        checked = template.checked()
        seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        with self._sessions() as session:
            questions = draw_pack_questions(session, checked, seed)
        out = Path(out).expanduser()
        write_atomically(out, render_pack(checked, questions, self._clock.now()).encode("utf-8"))
        return PackExport(out, checked.slug, checked.name, checked.minutes, checked.pass_mark, len(questions))

    @staticmethod
    def read(path: Path) -> PackContent:
        """A pack file checked in full without storing anything (PackError if it is unusable)."""
        return read_pack_file(Path(path))
