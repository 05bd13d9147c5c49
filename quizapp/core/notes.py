"""The study notes as the front ends read them: installed with the built-in sets, listed by the
test plan's order, shown whole or as plain text.

Notes come from the database, not from `question_bank/`, so the app and the CLI show exactly the
notes that were installed with the questions that cite them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.db.models import Note, NoteSection
from quizapp.core.errors import UserError


@dataclass(frozen=True)
class NoteInfo:
    name: str
    title: str
    domain: str
    subdomain: str | None
    sections: int


@dataclass(frozen=True)
class SectionView:
    heading: str
    anchor: str
    body: str  # Markdown
    sources: str


@dataclass(frozen=True)
class NoteView:
    name: str
    title: str
    domain: str
    subdomain: str | None
    intro: str
    sections: tuple[SectionView, ...]

    def section(self, anchor: str) -> SectionView | None:
        return next((s for s in self.sections if s.anchor == anchor), None)


class NoteService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def list(self) -> list[NoteInfo]:
        query = (
            select(Note, func.count(NoteSection.id))
            .outerjoin(NoteSection, NoteSection.note_id == Note.id)
            .group_by(Note.id)
            .order_by(Note.position, Note.title)
        )
        with self._sessions() as session:
            return [NoteInfo(n.name, n.title, n.domain, n.subdomain, int(count)) for n, count in session.execute(query)]

    def get(self, name: str) -> NoteView:
        """The note `name` (its file stem, e.g. "phlebotomy"); UserError naming the notes there are."""
        with self._sessions() as session:
            note = session.scalar(select(Note).where(Note.name == name))
            if note is None:
                known = ", ".join(session.scalars(select(Note.name).order_by(Note.position, Note.name)))
                raise UserError(f"there is no study note {name!r} (notes: {known or 'none installed'})")
            sections = tuple(SectionView(s.heading, s.anchor, s.body, s.sources) for s in note.sections)
            return NoteView(note.name, note.title, note.domain, note.subdomain, note.intro, sections)


_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")


def _plain(markdown: str) -> str:
    """Markdown made readable as text: links as `text (url)`, emphasis marks and `###` dropped."""
    text = _LINK.sub(r"\1 (\2)", markdown)
    text = _EMPHASIS.sub("", text)
    return re.sub(r"^#{3,6}\s+", "", text, flags=re.M)


def _underlined(text: str, mark: str) -> list[str]:
    return [text, mark * len(text)]


def note_as_text(note: NoteView) -> str:
    """The note for printing or reviewing on paper (`quizapp notes show NAME`)."""
    place = f"{note.domain} / {note.subdomain}" if note.subdomain else note.domain
    lines = [*_underlined(note.title, "="), place, ""]
    if note.intro:
        lines += [_plain(note.intro), ""]
    for section in note.sections:
        lines += [*_underlined(section.heading, "-"), _plain(section.body), ""]
        if section.sources:
            lines += [f"Sources: {section.sources}", ""]
    return "\n".join(lines).rstrip() + "\n"
