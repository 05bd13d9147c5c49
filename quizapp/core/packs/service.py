"""Exam packs for a class, as a front end holds them (`ctx.packs`): keep templates, export packs.

A pack is imported by the ordinary import (`ctx.imports`, `quizapp import`), which recognises it
from its content; taking one is a mock exam (`ctx.exams`) over the pack's fixed questions.
Templates are kept as blueprint rows of origin `pack-template` (slug `template:<slug>`), so the
editor can reopen them; they are never offered as exams on the instructor's computer.

Every exported pack is signed with the instructor's key (quizapp.core.packs.signing, unlocked by
the instructor's passphrase; the first export creates it), and its answer key is kept here as an
"issued" pack, so a student's history is later re-scored against the instructor's own copy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Blueprint, ExamPack
from quizapp.core.errors import UserError
from quizapp.core.formats.writers.files import write_atomically
from quizapp.core.packs.draw import draw_pack_questions
from quizapp.core.packs.pack_file import PackContent, read_pack_file, render_pack
from quizapp.core.packs.signing import SignerInfo, SigningKey, public_hex
from quizapp.core.packs.template import PackTemplate, pass_mark_text
from quizapp.core.packs.trust import ISSUED, short_fingerprint
from quizapp.core.questions import QuestionData

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
    signer: str = ""  # the instructor's public key, hex

    @property
    def pass_mark_text(self) -> str:
        return pass_mark_text(self.pass_mark)

    @property
    def fingerprint(self) -> str:
        return short_fingerprint(self.signer)


def _template(row: Blueprint) -> PackTemplate:
    counts = row.counts or {}
    items = counts.get("items", {}) or {}
    return PackTemplate(row.name, row.minutes, float(row.pass_mark or 0), tuple((str(k), int(v)) for k, v in
                                                                                 items.items()),
                        counts.get("by", "domain"), row.slug.removeprefix(TEMPLATE_PREFIX))


def answer_key(questions: list[QuestionData]) -> dict[str, Any]:
    """The issued copy's key: per pack question id, its kind, keyed positions and option count."""
    return {q.ext_id: {"kind": q.kind, "keys": [i for i, c in enumerate(q.choices) if c.is_correct],
                       "options": len(q.choices)} for q in questions if q.ext_id}


class PackService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock, data_dir: Path) -> None:
        self._sessions = sessions
        self._clock = clock
        self._key = SigningKey(data_dir)

    def signer(self) -> SignerInfo:
        """The instructor's signing key as the editor shows it (no passphrase needed)."""
        return self._key.info()

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

    def export(self, template: PackTemplate, out: Path, *, passphrase: str, seed: int | None = None) -> PackExport:
        """Draws the pack's questions now from the switched-on sets, signs the pack with the
        instructor's key (created with `passphrase` on first use) and writes it atomically; the
        issued copy's answer key is kept here in the same transaction. UserError if the sets
        cannot fill it, the passphrase is wrong or the path is unwritable."""
        checked = template.checked()
        seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        now = self._clock.now()
        out = Path(out).expanduser()
        with self._sessions.begin() as session:
            questions = draw_pack_questions(session, checked, seed)  # a shortfall is said before the passphrase
            key = self._key.unlock_or_create(passphrase)
            signer = public_hex(key)
            session.add(ExamPack(role=ISSUED, name=checked.slug, signer=signer, version=now,
                                 pass_mark=checked.pass_mark, minutes=checked.minutes,
                                 answer_key=answer_key(questions), recorded_at=now, trust=""))
            write_atomically(out, render_pack(checked, questions, now, key).encode("utf-8"))
        return PackExport(out, checked.slug, checked.name, checked.minutes, checked.pass_mark, len(questions), signer)

    @staticmethod
    def read(path: Path) -> PackContent:
        """A pack file checked in full without storing anything (PackError if it is unusable)."""
        return read_pack_file(Path(path))
