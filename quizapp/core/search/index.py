"""The full-text index behind `Search questions`: one small protocol, one implementation per database.

The search service (quizapp.core.search.service) builds everything dialect-neutral in SQLAlchemy
Core — enabled sets, retired questions, the set, domain, bookmark, missed and note filters, the
order and the count. Only two things differ between databases, and they are this protocol:

- `reindex`: write some questions' words into the index, in the caller's transaction. The bank
  installer and the importer call it (through `install_questions`) for every question they add
  or change, so the index never disagrees with the questions.
- `hits`: a subquery of (question_id, rank, in_note) rows for the words searched — one row per
  question whose stem, options, rationale or topic hold every word, and one per question whose
  note (this profile's) holds every word. A lower rank is a better match.

A student's notes are indexed by the database itself as they are written (SQLite: triggers on
`question_note`), so writing a note never has to know about search.

SQLite: FTS5 tables `question_fts` (rowid = question id; columns stem, options, rationale, topic)
and `question_note_fts` (rowid = `question_note.id`), with the Porter stemmer over unicode61 (so
"injections" finds "injected") and prefix indexes (every word is matched as a prefix, as one
types). Migration 0006 creates and fills them; `create_search_tables` makes the same ones in a
database built without migrations (`quizapp bank build`).

PostgreSQL (the class server) plugs in with a `PostgresTextIndex` implementing this protocol and
a branch in `index_for`; what it needs:
- a table `question_search(question_id integer primary key references question, document
  tsvector not null)` with a GIN index on `document`, created by the same migration under
  `dialect.name == "postgresql"`; `reindex` upserts `setweight(to_tsvector('english', stem),
  'A') || setweight(to_tsvector('english', topic), 'A') || setweight(to_tsvector('english',
  options), 'B') || setweight(to_tsvector('english', rationale), 'C')` per question (HTML
  questions as `plain_text` gives them);
- on `question_note`, a stored generated column `document tsvector GENERATED ALWAYS AS
  (to_tsvector('english', text)) STORED` with a GIN index (the database keeps it in step, as
  SQLite's triggers do);
- `hits` matches `document @@ to_tsquery('english', 'word:* & word:*')` (each word from
  `search_words`, so no operator a student types reaches it) and ranks by `-ts_rank_cd(...)`,
  the union of both tables' rows as here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy import Connection, Float, Integer, bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from quizapp.core.db.models import Choice, Question
from quizapp.core.errors import UserError
from quizapp.core.search.terms import plain_text

CHUNK = 500


class SearchIndex(Protocol):
    def reindex(self, session: Session, question_ids: Iterable[int]) -> None: ...

    def hits(self, profile_id: int, words: Sequence[str]) -> Subquery: ...


# The DDL, as migration 0006 runs it (the migration keeps its own copy, frozen; a test checks
# the two make the same schema).
FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS question_fts USING fts5("
    "stem, options, rationale, topic, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS question_note_fts USING fts5("
    "text, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_insert AFTER INSERT ON question_note BEGIN "
    "INSERT INTO question_note_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_update AFTER UPDATE OF text ON question_note BEGIN "
    "DELETE FROM question_note_fts WHERE rowid = old.id; "
    "INSERT INTO question_note_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_delete AFTER DELETE ON question_note BEGIN "
    "DELETE FROM question_note_fts WHERE rowid = old.id; END",
)

# How much a word counts in each column of question_fts (bm25 weights): the stem and the topic
# say what a question is about; its options and rationale mention much else. A match in the
# student's own note counts as much as one in a stem.
COLUMN_WEIGHTS = (4.0, 2.0, 1.0, 4.0)
NOTE_WEIGHT = 4.0


def create_search_tables(connection: Connection) -> None:
    """The FTS5 tables and the note triggers, in a SQLite database made without migrations."""
    for statement in FTS_DDL:
        connection.exec_driver_sql(statement)


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query requiring every word, each as a prefix. Each word is quoted, so nothing a
    student types is read as FTS5 syntax (search_words already keeps only letters and digits)."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


class SqliteFtsIndex:
    """FTS5: see the module docstring."""

    def reindex(self, session: Session, question_ids: Iterable[int]) -> None:
        ids = sorted(set(question_ids))
        connection = session.connection()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            options: dict[int, list[str]] = {qid: [] for qid in chunk}
            formats: dict[int, str] = {}
            rows = connection.execute(
                select(Question.id, Question.stem, Question.text_format, Question.rationale, Question.topic)
                .where(Question.id.in_(chunk))).all()
            for qid, _stem, text_format, _rationale, _topic in rows:
                formats[qid] = text_format
            for qid, option in connection.execute(
                    select(Choice.question_id, Choice.text).where(Choice.question_id.in_(chunk))
                    .order_by(Choice.question_id, Choice.position)):
                options[qid].append(plain_text(option, formats.get(qid, "plain")))
            connection.execute(text("DELETE FROM question_fts WHERE rowid IN :ids")
                               .bindparams(bindparam("ids", expanding=True)), {"ids": chunk})
            if rows:
                connection.execute(
                    text("INSERT INTO question_fts (rowid, stem, options, rationale, topic) "
                         "VALUES (:id, :stem, :options, :rationale, :topic)"),
                    [{"id": qid, "stem": plain_text(stem, fmt), "options": "\n".join(options[qid]),
                      "rationale": plain_text(rationale, fmt), "topic": topic or ""}
                     for qid, stem, fmt, rationale, topic in rows])

    def hits(self, profile_id: int, words: Sequence[str]) -> Subquery:
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        statement = text(
            f"SELECT rowid AS question_id, bm25(question_fts, {weights}) AS rank, 0 AS in_note "
            "FROM question_fts WHERE question_fts MATCH :query "
            "UNION ALL "
            f"SELECT n.question_id AS question_id, {NOTE_WEIGHT} * bm25(question_note_fts) AS rank, 1 AS in_note "
            "FROM question_note_fts JOIN question_note AS n ON n.id = question_note_fts.rowid "
            "WHERE question_note_fts MATCH :query AND n.profile_id = :profile"
        ).bindparams(query=fts_query(words), profile=profile_id)
        return statement.columns(question_id=Integer, rank=Float, in_note=Integer).subquery("hits")


class NoIndex:
    """A database without a full-text index: installing and importing questions work as ever
    (there is nothing to keep in step; the migration that adds an index fills it), and a
    search says plainly that it cannot run here."""

    def __init__(self, dialect: str) -> None:
        self._dialect = dialect

    def reindex(self, session: Session, question_ids: Iterable[int]) -> None:
        return None

    def hits(self, profile_id: int, words: Sequence[str]) -> Subquery:
        raise UserError(f"searching questions needs a full-text index, which this {self._dialect} database "
                        "does not have")


def index_for(session: Session) -> SearchIndex:
    """The index of the database this session is bound to (the dialect switch)."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        return SqliteFtsIndex()
    return NoIndex(name)
