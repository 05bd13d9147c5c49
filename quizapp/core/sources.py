"""What students see instead of a citation's file name: a source document's readable title, or
the study note a CCMA Essentials question cites."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Note, SourceDocument

NOTE_TITLE = "Study note: {title}"


def source_titles(session: Session) -> dict[str, str]:
    """Citation source -> title, for every source document and every installed note."""
    titles = {row.file: row.title for row in session.scalars(select(SourceDocument))}
    for name, title in session.execute(select(Note.name, Note.title)):
        titles[f"notes/{name}.md"] = NOTE_TITLE.format(title=title)
    return titles
