"""The study notes as the front ends read them: installed with the built-in sets, listed by the
test plan's order, shown whole or as plain text.

Notes come from the database, not from `question_bank/`, so the app and the CLI show exactly the
notes that were installed with the questions that cite them.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

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

    def all(self) -> builtins.list[NoteView]:
        """Every note whole, in test-plan order (for the notes page and its search)."""
        with self._sessions() as session:
            notes = session.scalars(select(Note).options(selectinload(Note.sections))
                                    .order_by(Note.position, Note.title)).all()
            return [_view(n) for n in notes]

    def get(self, name: str) -> NoteView:
        """The note `name` (its file stem, e.g. "phlebotomy"); UserError naming the notes there are."""
        with self._sessions() as session:
            note = session.scalar(select(Note).where(Note.name == name))
            if note is None:
                known = ", ".join(session.scalars(select(Note.name).order_by(Note.position, Note.name)))
                raise UserError(f"there is no study note {name!r} (notes: {known or 'none installed'})")
            return _view(note)


def _view(note: Note) -> NoteView:
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


@dataclass(frozen=True)
class NoteHit:
    """A section that holds every word searched for, with a snippet to show in the results."""

    note: str
    note_title: str
    anchor: str
    heading: str
    snippet: str  # plain text
    spans: tuple[tuple[int, int], ...]  # where the searched words stand in the snippet
    score: int


@dataclass(frozen=True)
class _Entry:
    note: NoteView
    section: SectionView
    text: str  # the body as plain text: what the snippet shows
    folded: str  # the same, case-folded (same length for the ASCII-range text notes are written in)
    heading: str  # case-folded


_STOP = frozenset("a an and are as at be by for from in is it of on or the to with".split())


def search_terms(query: str) -> list[str]:
    """The words a query must find: its words less the small ones every section has ("of",
    "the"), unless that leaves nothing; the whole phrase first when it has several words."""
    words = list(dict.fromkeys(query.casefold().split()))
    kept = [w for w in words if w not in _STOP] or words
    phrase = " ".join(query.casefold().split())
    return ([phrase] if len(words) > 1 else []) + kept


class NoteSearch:
    """Searches every section of every note for all the words of a query.

    The notes are a few hundred kilobytes, so the index is their plain text held once in memory:
    searching is a few substring scans, well under the 30 ms a keystroke may take.
    """

    SNIPPET = 180

    def __init__(self, notes: list[NoteView]) -> None:
        self._entries = []
        for note in notes:
            for section in note.sections:
                text = " ".join(_plain(section.body).split())
                folded = text.casefold()
                if len(folded) != len(text):  # a rare character that folds to two: keep offsets true
                    folded = text.lower()
                self._entries.append(_Entry(note, section, text, folded, section.heading.casefold()))

    def find(self, query: str, limit: int = 50) -> builtins.list[NoteHit]:
        terms = search_terms(query)
        if not terms:
            return []
        phrase = terms[0] if len(terms) > 1 and " " in terms[0] else None
        words = terms[1:] if phrase else terms
        hits = []
        for entry in self._entries:
            counts = [entry.folded.count(term) + 5 * (term in entry.heading) for term in words]
            if not all(counts):
                continue
            bonus = 20 * (entry.folded.count(phrase) + 3 * (phrase in entry.heading)) if phrase else 0
            hits.append((sum(counts) + bonus, entry))
        hits.sort(key=lambda pair: -pair[0])
        return [self._hit(entry, terms, score) for score, entry in hits[:limit]]

    def _hit(self, entry: _Entry, terms: list[str], score: int) -> NoteHit:
        starts = [at for at in (entry.folded.find(term) for term in terms) if at >= 0]
        first = starts[0] if starts and len(terms) > 1 and " " in terms[0] and entry.folded.find(terms[0]) >= 0 \
            else min(starts, default=0)
        start = max(0, first - self.SNIPPET // 3)
        if start:
            space = entry.text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(entry.text), start + self.SNIPPET)
        snippet = entry.text[start:end]
        folded = entry.folded[start:end]
        spans: list[tuple[int, int]] = []
        for term in terms:  # the phrase first: a word inside it is already marked
            at = folded.find(term)
            while at != -1:
                if not any(a <= at < b for a, b in spans):
                    spans.append((at, at + len(term)))
                at = folded.find(term, at + len(term))
        prefix = "…" if start else ""
        shift = len(prefix)
        return NoteHit(entry.note.name, entry.note.title, entry.section.anchor, entry.section.heading,
                       prefix + snippet + ("…" if end < len(entry.text) else ""),
                       tuple(sorted((a + shift, b + shift) for a, b in spans)), score)
