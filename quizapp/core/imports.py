"""Importing instructors' question sets: parse -> validate -> preview -> one transaction -> log.

Parsers never touch the database (quizapp.core.formats); this service compares what a file holds
with the set already stored, reports new / updated / unchanged / skipped, and commits all of it
or nothing. Without `skip_invalid`, any error means nothing is written at all.

An exam pack (quizapp.core.packs) comes through the same door: recognised from its content, it is
previewed like a set and stored as a set plus a pack blueprint — always all or nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.bank.builtin_sets import RESERVED_SLUGS, builtin_set_named
from quizapp.core.bank.install import InstallReport, install_questions
from quizapp.core.changes import Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Choice, Question, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.formats import ParsedItem, Problem, parse_file
from quizapp.core.import_ids import StoredQuestion, content_key, identify
from quizapp.core.packs.install import PackSummary, conflicts, install_pack, place, record_import
from quizapp.core.packs.pack_file import PackContent, is_pack_file, read_pack_file
from quizapp.core.questions import split_stored_tags
from quizapp.core.sets import PACK_FORMAT, REMOVED
from quizapp.core.user_files import irregular

T = TypeVar("T")
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def nothing_served(skipped: tuple[Problem, ...] | list[Problem]) -> str:
    """Why a file gives no question at all (DESIGN.md): the types it holds that quizapp skips."""
    kinds = Counter(p.kind for p in skipped if p.kind)
    if not kinds:
        return "the file holds no question that can be imported"
    held = ", ".join(f"{n} {kind} question{'s' if n != 1 else ''}" if kind != "description" else
                     f"{n} description{'s' if n != 1 else ''}" for kind, n in kinds.most_common())
    return (f"the file holds no question quizapp serves (multiple choice or true/false); it holds {held}, "
            "which quizapp skips")


def slugify(name: str) -> str:
    slug = _SLUG_CHARS.sub("-", name.lower()).strip("-")
    return slug[:80] or "imported"


def _once_more_if_raced(preview: ImportPreview, install: Callable[[], T]) -> T:
    """Runs `install`; if another import created the same set (or pack) between this one's look
    and its write, the unique names refuse the second writer and nothing of it was written: run
    it again, and it finds the set and updates it (a pack finds the clash and says so). Should
    that collide too, say so plainly, never "IntegrityError"."""
    try:
        return install()
    except IntegrityError:
        pass
    try:
        return install()
    except IntegrityError:
        raise UserError(f"another import was writing the set '{preview.slug}' at the same moment; nothing was "
                        "imported. Run the import again", preview.file) from None


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do, for the preview page and `--dry-run`."""

    file: Path
    format: str
    slug: str
    name: str
    items: tuple[ParsedItem, ...]
    errors: tuple[Problem, ...]
    skipped: tuple[Problem, ...]
    warnings: tuple[str, ...]
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    existing_set: bool = False
    kinds: dict[str, int] = field(default_factory=dict)
    domains: dict[str, int] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)
    pack: PackSummary | None = None  # an exam pack: its exam, beside the questions
    pack_content: PackContent | None = field(default=None, repr=False)
    blocked: bool = False  # an error about the whole import (a reserved name): no option skips it

    def can_import(self, skip_invalid: bool) -> bool:
        return bool(self.items) and not self.blocked and (skip_invalid or not self.errors)


@dataclass(frozen=True)
class ImportReport:
    slug: str
    imported: int
    updated: int
    unchanged: int
    skipped: tuple[Problem, ...]
    errors: tuple[Problem, ...]
    warnings: tuple[str, ...]
    written: bool
    pack: PackSummary | None = None


class ImportService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def preview(self, path: Path, fmt: str | None = None, name: str | None = None) -> ImportPreview:
        path = Path(path)
        kind = irregular(path)
        if kind is not None:  # a pipe would hang the reader, /dev/zero never ends: refused before opening
            return self._compared(path, fmt or "unknown", path.stem or "imported", [],
                                  [Problem(None, f"this is {kind}, not a file quizapp imports")], [], [])
        if fmt in (None, "json") and is_pack_file(path):
            return self._pack_preview(path, name)
        used, result = parse_file(path, fmt)
        display = (name or path.stem).strip() or path.stem
        return self._compared(path, used, display, result.items, result.errors, result.skipped, result.warnings)

    def _pack_preview(self, path: Path, name: str | None) -> ImportPreview:
        try:
            content = read_pack_file(path)
        except UserError as exc:
            display = (name or path.stem).strip() or path.stem
            return self._compared(path, PACK_FORMAT, display, [], [Problem(None, exc.message)], [], [])
        display = (name or content.name).strip() or content.name
        items = [ParsedItem(index, q) for index, q in enumerate(content.questions, start=1)]
        try:
            with self._sessions() as session:
                placement = place(session, content, slugify(display))
        except UserError as exc:
            return self._compared(path, PACK_FORMAT, display, [], [Problem(None, exc.message)], [], [])
        preview = self._compared(path, PACK_FORMAT, display, items, [], [], [], slug=placement.slug)
        summary = PackSummary(preview.slug, display, content.minutes, content.pass_mark, len(items), content.signer,
                              placement.trust, placement.note(content.name, content.signer))
        with self._sessions() as session:
            clashes = tuple(Problem(None, message) for message in conflicts(session, preview.slug))
        warnings = preview.warnings if summary.trusted else (summary.note, *preview.warnings)
        return replace(preview, pack=summary, pack_content=content, errors=preview.errors + clashes,
                       warnings=warnings)

    def _compared(self, path: Path, used: str, display: str, parsed: list[ParsedItem], parse_errors: list[Problem],
                  skipped: list[Problem], warnings: list[str], slug: str | None = None) -> ImportPreview:
        """The preview of `parsed` against the set already stored under `slug` (by default the
        slug of `display`)."""
        slug = slug or slugify(display)
        with self._sessions() as session:
            qset = session.scalar(select(QuestionSet).where(QuestionSet.slug == slug))
            stored = {} if qset is None else _stored(session, qset.id)
        identified = identify(parsed, [entry[0] for entry in stored.values()])
        items = identified.items
        errors = tuple(parse_errors) + tuple(identified.errors)
        summary = identified.match_summary()
        preview = ImportPreview(
            file=path, format=used, slug=slug, name=display, items=tuple(items),
            errors=tuple(sorted(errors, key=lambda p: (p.line or 0))),
            skipped=tuple(skipped),
            warnings=tuple(warnings) + tuple(identified.warnings) + ((summary,) if summary else ()),
            kinds=dict(Counter(i.question.kind for i in items)),
            domains=dict(Counter(i.question.subdomain or i.question.domain or "No CCMA domain" for i in items)),
            topics=dict(Counter(i.question.topic or "No topic" for i in items)),
        )
        if not items and not errors:
            preview = replace(preview, errors=(Problem(None, nothing_served(skipped)),))
        if slug in RESERVED_SLUGS:
            owner = builtin_set_named(slug)
            problem = Problem(None, f"the name {slug!r} is kept for the built-in set "
                                    f"{owner.name if owner else slug}; choose another with --name")
            return replace(preview, errors=preview.errors + (problem,), blocked=True)
        new = updated = unchanged = 0
        for item in items:
            found = stored.get(item.question.ext_id or "")
            digest = found[1] if found is not None else None
            if digest is None:
                new += 1
            elif digest == item.question.content_hash():
                unchanged += 1
            else:
                updated += 1
        return replace(preview, new=new, updated=updated, unchanged=unchanged, existing_set=qset is not None)

    def run(self, preview: ImportPreview, *, skip_invalid: bool = False, dry_run: bool = False
            ) -> tuple[ImportReport, Changes]:
        """Commits the previewed import, all or nothing; with errors and no skip, writes nothing.
        An exam pack is never imported in part: any error, and nothing is written."""
        if preview.errors and (not skip_invalid or preview.blocked or preview.format == PACK_FORMAT):
            return self._nothing(preview, preview.errors), Changes()
        if not preview.items:
            nothing = (Problem(None, nothing_served(preview.skipped)),)
            return self._nothing(preview, nothing), Changes()
        skipped = preview.skipped + (preview.errors if skip_invalid else ())
        if dry_run:
            report = ImportReport(preview.slug, preview.new, preview.updated, preview.unchanged, skipped, (),
                                  preview.warnings, written=False, pack=preview.pack)
            return report, Changes()
        if preview.pack_content is not None:
            return self._run_pack(preview, preview.pack_content)
        install = _once_more_if_raced(preview, lambda: self._install(preview))
        report = ImportReport(preview.slug, len(install.added), len(install.revised) + len(install.rekeyed),
                              install.unchanged, skipped, (), preview.warnings, written=True)
        return report, Changes(bank=True)

    def _install(self, preview: ImportPreview) -> InstallReport:
        now = self._clock.now()
        with self._sessions.begin() as session:
            qset = session.scalar(select(QuestionSet).where(QuestionSet.slug == preview.slug))
            if qset is None:
                qset = QuestionSet(slug=preview.slug, name=preview.name, enabled=True, imported_at=now)
                session.add(qset)
            if (qset.origin_format or "").startswith(REMOVED):
                qset.enabled = True  # importing a removed set again brings it back
            qset.origin_file = preview.file.name
            qset.origin_format = preview.format
            qset.imported_at = now
            session.flush()
            return install_questions(session, qset, ((i.question, False) for i in preview.items), now,
                                     retire_missing=False)

    def _run_pack(self, preview: ImportPreview, content: PackContent) -> tuple[ImportReport, Changes]:
        def write() -> InstallReport:
            now = self._clock.now()
            with self._sessions.begin() as session:
                placement = place(session, content, preview.slug)
                if placement.slug != preview.slug:
                    raise UserError("another copy of this exam pack was imported meanwhile; preview it again",
                                    preview.file)
                clashes = conflicts(session, preview.slug)
                if clashes:
                    raise UserError(clashes[0], preview.file)
                install = install_pack(session, content, preview.slug, preview.name, preview.file.name, now)
                record_import(session, content, placement, now)
                return install

        install = _once_more_if_raced(preview, write)
        report = ImportReport(preview.slug, len(install.added), len(install.revised) + len(install.rekeyed),
                              install.unchanged, preview.skipped, (), preview.warnings, written=True,
                              pack=preview.pack)
        return report, Changes(bank=True)

    @staticmethod
    def _nothing(preview: ImportPreview, errors: tuple[Problem, ...]) -> ImportReport:
        return ImportReport(preview.slug, 0, 0, 0, preview.skipped, errors, preview.warnings, written=False,
                            pack=preview.pack)


def _stored(session: Session, set_id: int) -> dict[str, tuple[StoredQuestion, str]]:
    """The set's questions (retired ones too) as matching needs them, with their content hash."""
    choices: dict[int, list[tuple[str, bool]]] = {}
    for qid, text, correct in session.execute(
        select(Choice.question_id, Choice.text, Choice.is_correct).join(Question, Question.id == Choice.question_id)
        .where(Question.set_id == set_id).order_by(Choice.question_id, Choice.position)
    ):
        choices.setdefault(qid, []).append((text, bool(correct)))
    stored: dict[str, tuple[StoredQuestion, str]] = {}
    for qid, ext_id, kind, stem, tags, digest in session.execute(
        select(Question.id, Question.ext_id, Question.kind, Question.stem, Question.tags, Question.content_hash)
        .where(Question.set_id == set_id).order_by(Question.id)
    ):
        _, moodle = split_stored_tags(tags)
        stored[ext_id] = (StoredQuestion(ext_id, moodle, content_key(kind, stem, choices.get(qid, []))), digest)
    return stored
