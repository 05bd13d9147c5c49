"""Plain question values shared by the bank loader, the import parsers and the database.

Parsers and the bank loader produce these; only the install and import services turn them into
rows. Keeping them free of SQLAlchemy lets every parser be tested without a database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

QuestionKind = Literal["single", "multiple", "truefalse"]
TextFormat = Literal["plain", "html"]
# Options are lettered A, B, C… as students see them. Moodle sets no limit on their number; quizapp's
# is what an answer row holds: the compact answer storage (quizapp.core.db.types.MAX_POSITION) packs
# the order options are shown in four bits per position, so positions run 0-14 and a question has at
# most 15 options (A-O). Every parser and the bank loader refuse more, naming the question's line.
# (A test holds the two together; this module stays free of SQLAlchemy.)
LETTERS = "ABCDEFGHIJKLMNO"


@dataclass(frozen=True)
class Citation:
    """A source document and a verbatim phrase inside the passage that supports the key."""

    source: str
    locator: str
    section: str | None = None  # a note's section anchor (CCMA Essentials), found by the bank loader

    def as_dict(self) -> dict[str, str]:
        """The citation as the database and quizapp's own files store it."""
        return {"source": self.source, "locator": self.locator, **({"section": self.section} if self.section else {})}


@dataclass(frozen=True)
class Choice:
    text: str
    is_correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Media:
    """An image carried with a question (e.g. a base64 `<file>` in Moodle XML)."""

    name: str
    mime: str
    data: bytes = field(repr=False)
    alt: str = ""  # what a screen reader says instead of the image


@dataclass(frozen=True)
class MoodleRef:
    """How a Moodle file (GIFT or Moodle XML) names a question: its name, id number and
    category. Labels, not keys: names repeat freely and an id number is unique only within its
    category. Kept so that a re-import finds the question again and an export writes them back.
    """

    name: str | None = None
    idnumber: str | None = None
    category: str = ""  # the category path without `$course$` and `top`, parts joined by "/"

    def as_dict(self) -> dict[str, str]:
        found = {}
        if self.name:
            found["name"] = self.name
        if self.idnumber:
            found["idnumber"] = self.idnumber
        if self.category:
            found["category"] = self.category
        return found


_REF_KEY = "moodle"


def stored_tags(tags: tuple[str, ...], moodle: MoodleRef | None) -> list[Any]:
    """What the question's `tags` JSON column holds: its tags, then (for a question from a
    Moodle file) one `{"moodle": {...}}` object with its name, id number and category."""
    ref = moodle.as_dict() if moodle is not None else {}
    return [*tags, {_REF_KEY: ref}] if ref else list(tags)


def split_stored_tags(raw: Any) -> tuple[tuple[str, ...], MoodleRef | None]:
    """The inverse of stored_tags."""
    tags: list[str] = []
    moodle = None
    for item in raw or ():
        if isinstance(item, dict):
            ref = item.get(_REF_KEY)
            if isinstance(ref, dict):
                moodle = MoodleRef(ref.get("name") or None, ref.get("idnumber") or None,
                                   str(ref.get("category") or ""))
        else:
            tags.append(str(item))
    return tuple(tags), moodle


@dataclass(frozen=True)
class QuestionData:
    """One question as a format holds it, before it is stored.

    `ext_id` is the question's stable id within its set (bank id, GIFT title, Moodle
    `idnumber`, CSV `id`); None when the file gives none, in which case the import service
    derives one from the content.
    """

    stem: str
    choices: tuple[Choice, ...]
    kind: QuestionKind = "single"
    ext_id: str | None = None
    domain: str | None = None
    subdomain: str | None = None
    topic: str | None = None
    difficulty: int | None = None
    rationale: str = ""
    citations: tuple[Citation, ...] = ()
    media: tuple[Media, ...] = ()
    text_format: TextFormat = "plain"
    tags: tuple[str, ...] = ()
    moodle: MoodleRef | None = None  # its Moodle name, id number and category, from GIFT or XML

    @property
    def key_letters(self) -> str:
        return "".join(LETTERS[i] for i, c in enumerate(self.choices) if c.is_correct)

    def content_hash(self) -> str:
        """A digest of everything a student sees or is scored on, so a revision is detectable.

        The id is left out on purpose: a question keeps its id across revisions; so are its
        Moodle name, id number and category, which no student sees.
        """
        payload = {
            "stem": self.stem,
            "choices": [[c.text, c.is_correct, c.feedback] for c in self.choices],
            "kind": self.kind,
            "domain": self.domain,
            "subdomain": self.subdomain,
            "topic": self.topic,
            "difficulty": self.difficulty,
            "rationale": self.rationale,
            "citations": [[c.source, c.locator, *([c.section] if c.section else [])] for c in self.citations],
            "media": [[m.name, m.mime, hashlib.sha256(m.data).hexdigest(), *([m.alt] if m.alt else [])]
                      for m in self.media],
            "text_format": self.text_format,
            "tags": list(self.tags),
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()
