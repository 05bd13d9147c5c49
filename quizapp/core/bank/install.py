"""Installs or upgrades a question set in a database by stable ids, in the caller's transaction.

Nothing a student answered is lost: a revised question keeps its row; one that left the bank is
retired, not deleted; when a revision changes the key, past answers are re-scored and the
question's review cards reset, and every change is logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from quizapp.core.answers import rescore_question
from quizapp.core.bank.blueprints import BlueprintSpec
from quizapp.core.bank.builtin_sets import BuiltinSet
from quizapp.core.bank.notes import Note as NoteData
from quizapp.core.db.models import (
    BankChange,
    Blueprint,
    Choice,
    Note,
    NoteSection,
    Question,
    QuestionMedia,
    QuestionSet,
    ReviewCard,
    SourceDocument,
)
from quizapp.core.questions import QuestionData, stored_tags
from quizapp.core.search.index import QuestionText, index_for
from quizapp.core.tallies import Place, move_question
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS
from quizapp.core.wording import plural


@dataclass
class InstallReport:
    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    rekeyed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0

    def merge(self, other: InstallReport, prefix: str = "") -> None:
        """Adds another set's report; `prefix` tells its ids apart (e.g. "essentials/")."""
        self.added += [prefix + i for i in other.added]
        self.revised += [prefix + i for i in other.revised]
        self.rekeyed += [prefix + i for i in other.rekeyed]
        self.retired += [prefix + i for i in other.retired]
        self.unchanged += other.unchanged


def _key_positions(q: Question | QuestionData) -> list[int]:
    return [i for i, c in enumerate(q.choices) if c.is_correct]


def _apply(row: Question, data: QuestionData, digest: str, now: datetime) -> None:
    row.domain, row.subdomain, row.topic = data.domain, data.subdomain, data.topic
    row.stem, row.text_format, row.kind = data.stem, data.text_format, data.kind
    row.difficulty, row.rationale = data.difficulty, data.rationale
    row.citations = [c.as_dict() for c in data.citations]
    row.tags = stored_tags(data.tags, data.moodle)
    row.content_hash = digest
    row.updated_at = now
    existing = {c.position: c for c in row.choices}
    for position, choice in enumerate(data.choices):
        target = existing.pop(position, None)
        if target is None:
            row.choices.append(Choice(position=position, text=choice.text,
                                      is_correct=choice.is_correct, feedback=choice.feedback))
        else:
            target.text, target.is_correct, target.feedback = choice.text, choice.is_correct, choice.feedback
    for leftover in existing.values():
        row.choices.remove(leftover)
    if [(m.name, m.mime, m.data, m.alt) for m in row.media] != [(m.name, m.mime, m.data, m.alt) for m in data.media]:
        row.media.clear()
        row.media.extend(QuestionMedia(name=m.name, mime=m.mime, data=m.data, alt=m.alt) for m in data.media)


def _text(question_id: int, data: QuestionData) -> QuestionText:
    return QuestionText(question_id, data.stem, tuple(c.text for c in data.choices), data.rationale, data.topic,
                        data.text_format)


def _insert_new(session: Session, set_id: int, rows: list[tuple[QuestionData, bool, str]],
                now: datetime) -> dict[str, int]:
    """Adds new questions with plain executemany INSERTs instead of an ORM object graph per
    question, then reads their ids back in one SELECT: a 10,000-question set installs in about
    a second instead of many. Returns the new ids by ext_id."""
    connection = session.connection()
    connection.execute(Question.__table__.insert(), [
        {"set_id": set_id, "ext_id": data.ext_id, "domain": data.domain, "subdomain": data.subdomain,
         "topic": data.topic, "stem": data.stem, "text_format": data.text_format, "kind": data.kind,
         "difficulty": data.difficulty, "rationale": data.rationale,
         "citations": [c.as_dict() for c in data.citations],
         "tags": stored_tags(data.tags, data.moodle), "content_hash": digest, "retired": retired, "updated_at": now}
        for data, retired, digest in rows
    ])
    wanted = {data.ext_id for data, _, _ in rows}
    ids = {ext_id: qid for qid, ext_id in connection.execute(
        select(Question.id, Question.ext_id).where(Question.set_id == set_id)) if ext_id in wanted}
    choices = [
        {"question_id": ids[data.ext_id], "position": position, "text": c.text, "is_correct": c.is_correct,
         "feedback": c.feedback}
        for data, _, _ in rows
        for position, c in enumerate(data.choices)
    ]
    if choices:
        connection.execute(Choice.__table__.insert(), choices)
    media = [
        {"question_id": ids[data.ext_id], "name": m.name, "mime": m.mime, "data": m.data, "alt": m.alt}
        for data, _, _ in rows
        for m in data.media
    ]
    if media:
        connection.execute(QuestionMedia.__table__.insert(), media)
    return ids


def install_questions(
    session: Session,
    qset: QuestionSet,
    questions: Iterable[tuple[QuestionData, bool]],
    now: datetime,
    *,
    retire_missing: bool,
) -> InstallReport:
    """Upserts (question, retired) pairs into `qset` by ext_id. Does not commit.

    Only changed questions are loaded as ORM objects; unchanged ones are recognised by their
    content hash, and new ones are bulk-inserted. Every question added or changed is written
    into the search index in the same transaction (quizapp.core.search.index).
    """
    report = InstallReport()
    session.flush()
    stored = {
        ext_id: (qid, digest, retired, tags)
        for qid, ext_id, digest, retired, tags in session.execute(
            select(Question.id, Question.ext_id, Question.content_hash, Question.retired, Question.tags)
            .where(Question.set_id == qset.id)
        )
    }
    seen: set[str] = set()
    new_rows: list[tuple[QuestionData, bool, str]] = []
    to_index: list[QuestionText] = []  # added or changed: their words go to the search index

    def log(ext_id: str, change: str, detail: str = "") -> None:
        session.add(BankChange(set_id=qset.id, ext_id=ext_id, change=change, detail=detail, at=now))

    for data, retired in questions:
        assert data.ext_id is not None
        seen.add(data.ext_id)
        digest = data.content_hash()
        found = stored.get(data.ext_id)
        if found is None:
            new_rows.append((data, retired, digest))
            report.added.append(data.ext_id)
            if stored:
                log(data.ext_id, "added")
            continue
        qid, old_digest, was_retired, old_tags = found
        if old_digest == digest and was_retired == retired:
            report.unchanged += 1
            tags = stored_tags(data.tags, data.moodle)
            if tags != old_tags:  # only its Moodle name, id number or category changed
                session.execute(update(Question).where(Question.id == qid).values(tags=tags))
            continue
        row = session.get(Question, qid)
        assert row is not None
        to_index.append(_text(qid, data))
        old_key, old_kind, old_place = _key_positions(row), row.kind, Place.of(row)
        _apply(row, data, digest, now)
        move_question(session, row, old_place)  # its answers' daily tallies follow it
        row.retired = retired
        new_key = _key_positions(data)
        if retired and not was_retired:
            report.retired.append(data.ext_id)
            log(data.ext_id, "retired")
            _drop_cards(session, row.id)
        elif was_retired and not retired:
            log(data.ext_id, "restored")
        if old_key != new_key or old_kind != data.kind:
            session.flush()
            changed = rescore_question(session, row, now)  # against the row's new key and kind
            _reset_cards(session, row.id, now)
            report.rekeyed.append(data.ext_id)
            log(data.ext_id, "rekeyed", f"key {old_key} -> {new_key}; {plural(changed, 'answer')} re-scored")
        elif not (retired and not was_retired):
            report.revised.append(data.ext_id)
            log(data.ext_id, "revised")
    if new_rows:
        ids = _insert_new(session, qset.id, new_rows, now)
        to_index += [_text(ids[data.ext_id], data) for data, _, _ in new_rows]
    if retire_missing:
        for ext_id, (qid, _, was_retired, _) in stored.items():
            if ext_id not in seen and not was_retired:
                row = session.get(Question, qid)
                assert row is not None
                row.retired = True
                row.updated_at = now
                report.retired.append(ext_id)
                log(ext_id, "retired", "no longer in the bank")
                _drop_cards(session, qid)
    if to_index:
        index_for(session).write(session, to_index)
    return report


def _drop_cards(session: Session, question_id: int) -> None:
    for card in session.scalars(select(ReviewCard).where(ReviewCard.question_id == question_id)):
        session.delete(card)


def _reset_cards(session: Session, question_id: int, now: datetime) -> None:
    """A re-keyed question's cards start over: what was learnt may have been the old key."""
    for card in session.scalars(select(ReviewCard).where(ReviewCard.question_id == question_id)):
        card.state = {}
        card.due = now
        card.previous_state = None  # the last review's grade can no longer be changed


def install_blueprints(session: Session, specs: Iterable[BlueprintSpec]) -> None:
    rows = {b.slug: b for b in session.scalars(select(Blueprint).where(Blueprint.origin == "builtin"))}
    for spec in specs:
        row = rows.get(spec.slug) or Blueprint(slug=spec.slug, origin="builtin")
        row.name, row.minutes, row.unscored = spec.name, spec.minutes, spec.unscored
        row.counts, row.position = spec.counts(), spec.position
        session.add(row)


def install_sources(session: Session, sources: dict[str, str]) -> None:
    for name, title in sources.items():
        row = session.get(SourceDocument, name) or SourceDocument(file=name, title=title)
        row.title = title
        session.add(row)


def install_notes(session: Session, notes: Iterable[NoteData]) -> None:
    """Replaces the installed notes with the bank's: nothing a student did points at a note row
    (citations name a note and a section anchor), so a note is simply written anew."""
    places = [name for domain in ALL_DOMAINS for name in (CLINICAL_SUBDOMAINS if domain == CLINICAL else (domain,))]
    order = {name: i for i, name in enumerate(places)}  # the test plan's order, sub-domains in place
    for row in session.scalars(select(Note)):
        session.delete(row)
    session.flush()
    for note in notes:
        place = order.get(note.subdomain or note.domain, len(order))
        session.add(Note(
            name=note.name, title=note.title, domain=note.domain, subdomain=note.subdomain, intro=note.intro,
            position=place,
            sections=[NoteSection(position=i, heading=s.heading, anchor=s.anchor, body=s.body, sources=s.sources)
                      for i, s in enumerate(note.sections)],
        ))


def builtin_set(session: Session, spec: BuiltinSet, now: datetime) -> QuestionSet:
    """The built-in set `spec`, created on first install, enabled by default."""
    qset = session.scalar(select(QuestionSet).where(QuestionSet.slug == spec.slug))
    if qset is None:
        qset = QuestionSet(slug=spec.slug, name=spec.name, origin_file=f"question_bank/{spec.folder}/",
                           origin_format="bank", imported_at=now, enabled=True)
        session.add(qset)
        session.flush()
    qset.name = spec.name
    return qset
