"""Checks citations against the source documents (CONTENT.md rule 2).

A locator must occur exactly once in its document, ignoring case and runs of white space, and be
5-12 words long, unless it is a whole line of the document shorter than five words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.wording import plural

MIN_WORDS, MAX_WORDS = 5, 12
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


@dataclass(frozen=True)
class Document:
    name: str
    text: str  # normalised
    short_lines: frozenset[str]  # normalised lines of fewer than five words

    def count(self, phrase: str) -> int:
        """Occurrences, overlapping ones included, so 'exactly once' means exactly once."""
        needle = normalise(phrase)
        if not needle:
            return 0
        count = start = 0
        while (found := self.text.find(needle, start)) != -1:
            count += 1
            start = found + 1
        return count


def document_from_text(name: str, raw: str) -> Document:
    short = frozenset(normalise(line) for line in raw.splitlines() if 0 < len(line.split()) < MIN_WORDS)
    return Document(name, normalise(raw), short)


def load_documents(folder: Path) -> dict[str, Document]:
    return {
        path.name: document_from_text(path.name, path.read_text(encoding="utf-8", errors="replace"))
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def locator_problem(doc: Document, locator: str) -> str | None:
    words = len(locator.split())
    whole_short_line = normalise(locator) in doc.short_lines
    if not whole_short_line and not MIN_WORDS <= words <= MAX_WORDS:
        return (
            f"locator has {plural(words, 'word')}; use {MIN_WORDS}-{MAX_WORDS} consecutive words "
            f"(or a whole line shorter than {MIN_WORDS} words): {locator!r}"
        )
    count = doc.count(locator)
    if count == 0:
        return f"locator not found in {doc.name}: {locator!r}"
    if count > 1:
        return f"locator occurs {count} times in {doc.name}; lengthen it to be unique: {locator!r}"
    return None
