"""The full-text index behind `Search questions`: one small protocol, one implementation per database.

The search service (quizapp.core.search.service) builds everything dialect-neutral in SQLAlchemy
Core — enabled sets, retired questions, the set, domain, bookmark, missed and note filters, the
order and the count. Only two things differ between databases, and they are this protocol:

- `write`: put some questions' words into the index (replacing what it held of them), in the
  caller's transaction. The bank installer and the importer call it (through
  `install_questions`) with every question they add or change, from the texts they hold, so the
  index never disagrees with the questions; `question_texts` reads them back for anyone else.
- `hits`: a subquery of (question_id, rank, in_note) rows for the words searched — exactly one
  row per question whose stem, options, rationale or topic hold every word, or whose note (this
  profile's) does; `in_note` says the note holds them. A lower rank is a better match. It may
  read the database first (to choose how to rank), hence the session.

A student's notes are indexed by the database itself as they are written (SQLite: triggers on
`question_note`), so writing a note never has to know about search.

SQLite: FTS5 tables `question_fts` (rowid = question id; columns stem, options, rationale, topic)
and `question_note_fts` (rowid = `question_note.id`), with the Porter stemmer over unicode61 (so
"injections" finds "injected") and prefix indexes (a word of three letters or more is matched as
a prefix, as one types; a shorter one, "iv" or "bp", as a whole word). Ranking is bm25 with the
stem and topic weighted highest. bm25 costs a few microseconds per match, so when the words
match more than RANK_LIMIT questions (a first keystroke, or "patient"), the order is cheaper and
coarser: questions whose stem or topic holds the words first, then the rest, in bank order —
at that size the student narrows the search anyway. Migration 0007 creates and fills the
tables; `create_search_tables` makes the same ones in a database built without migrations
(`quizapp bank build`).

PostgreSQL (a class server, #22): `PostgresTextIndex`, PostgreSQL's own text search with the
'english' configuration (its Snowball stemmer: "injections" finds "injected"):
- a table `question_search(question_id integer primary key references question, document
  tsvector not null)` with a GIN index on `document`, made by migration 0008 under
  `dialect.name == "postgresql"` (as 0007 makes FTS5's under "sqlite") and filled there from the
  questions already installed; `write` upserts `setweight(to_tsvector('english', stem), 'A') ||
  setweight(to_tsvector('english', topic), 'A') || setweight(to_tsvector('english', options),
  'B') || setweight(to_tsvector('english', rationale), 'C')` per question (HTML questions as
  `plain_text` gives them);
- on `question_note`, a stored generated column `document tsvector GENERATED ALWAYS AS
  (to_tsvector('english', text)) STORED` with a GIN index: the database keeps it in step, as
  SQLite's triggers do, and no model names it (schema comparisons leave it out, as they leave
  out the FTS5 tables: `quizapp.core.db.models.is_full_text_object`);
- `hits` matches `document @@ to_tsquery('english', 'word:* & word')` (each word from
  `search_words`, quoted, a prefix from three letters on as on SQLite, so no operator a student
  types reaches it) and ranks by `-ts_rank_cd(document, query)` (the weights above: stem and
  topic first), the text matches and the profile's note matches joined into one row per
  question. A word PostgreSQL's English list holds as a stop word ("about", "after") is dropped
  by the server itself; a search of nothing else finds nothing there.
`create_search_tables` makes either database's tables in a database built without migrations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection, Float, Integer, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from quizapp.core.db.models import Choice, Question
from quizapp.core.errors import UserError
from quizapp.core.search.terms import plain_text

CHUNK = 500
RANK_LIMIT = 2000  # matches above which bm25 gives way to the coarse order (module docstring)
PREFIX_FROM = 3  # letters: shorter words are matched whole


@dataclass(frozen=True)
class QuestionText:
    """What the index holds of a question: its words as stored (HTML for an HTML question)."""

    question_id: int
    stem: str
    options: tuple[str, ...]
    rationale: str
    topic: str | None
    text_format: str = "plain"


def question_texts(session: Session, question_ids: Iterable[int]) -> list[QuestionText]:
    """The stored questions' texts, read back (for a caller that does not hold them)."""
    ids = sorted(set(question_ids))
    found: list[QuestionText] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        options: dict[int, list[str]] = {qid: [] for qid in chunk}
        for qid, option in session.execute(select(Choice.question_id, Choice.text)
                                           .where(Choice.question_id.in_(chunk))
                                           .order_by(Choice.question_id, Choice.position)):
            options[qid].append(option)
        found += [QuestionText(qid, stem, tuple(options[qid]), rationale, topic, fmt)
                  for qid, stem, fmt, rationale, topic in session.execute(
                      select(Question.id, Question.stem, Question.text_format, Question.rationale, Question.topic)
                      .where(Question.id.in_(chunk)))]
    return found


class SearchIndex(Protocol):
    def write(self, session: Session, texts: Iterable[QuestionText]) -> None: ...

    def hits(self, session: Session, profile_id: int, words: Sequence[str]) -> Subquery: ...


# The DDL, as migration 0007 runs it (the migration keeps its own copy, frozen; a test checks
# the two make the same schema).
FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS question_fts USING fts5("
    "stem, options, rationale, topic, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS question_note_fts USING fts5("
    "text, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3')",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_insert AFTER INSERT ON question_note BEGIN "
    "INSERT INTO question_note_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_update AFTER UPDATE OF text ON question_note BEGIN "
    "DELETE FROM question_note_fts WHERE rowid = old.id; "
    "INSERT INTO question_note_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_delete AFTER DELETE ON question_note BEGIN "
    "DELETE FROM question_note_fts WHERE rowid = old.id; END",
)

# How much a word counts in each column of question_fts (bm25 weights): the stem and the topic
# say what a question is about; its options and rationale mention much else. (The service lists
# questions whose note holds the words first, whatever their rank.)
COLUMN_WEIGHTS = (4.0, 2.0, 1.0, 4.0)


# PostgreSQL's, as migration 0008 runs it (frozen there too; a test compares the two).
PG_SEARCH_DDL = (
    "CREATE TABLE IF NOT EXISTS question_search ("
    "question_id integer PRIMARY KEY REFERENCES question (id) ON DELETE CASCADE, document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_question_search_document ON question_search USING gin (document)",
    "ALTER TABLE question_note ADD COLUMN IF NOT EXISTS document tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_question_note_document ON question_note USING gin (document)",
)
# One question's document: stem and topic weigh most (A), then options (B), then rationale (C).
PG_DOCUMENT = ("setweight(to_tsvector('english', %(stem)s), 'A') || setweight(to_tsvector('english', %(topic)s), 'A')"
               " || setweight(to_tsvector('english', %(options)s), 'B')"
               " || setweight(to_tsvector('english', %(rationale)s), 'C')")


def create_search_tables(connection: Connection) -> None:
    """The full-text tables (FTS5 and the note triggers on SQLite; `question_search` and the
    note's generated column on PostgreSQL) in a database made without migrations."""
    ddl = PG_SEARCH_DDL if connection.dialect.name == "postgresql" else FTS_DDL
    for statement in ddl:
        connection.exec_driver_sql(statement)


def _index_rows(texts: Iterable[QuestionText]) -> list[tuple[int, str, str, str, str]]:
    """(id, stem, options, rationale, topic) as an index holds them: words, never markup."""
    return [(t.question_id, plain_text(t.stem, t.text_format),
             "\n".join(plain_text(o, t.text_format) for o in t.options),
             plain_text(t.rationale, t.text_format), t.topic or "") for t in texts]


def fts_query(words: Sequence[str], columns: Sequence[str] = ()) -> str:
    """An FTS5 query requiring every word (from three letters on, as a prefix), in `columns`
    only when given. Each word is quoted, so nothing a student types is read as FTS5 syntax
    (search_words already keeps only letters and digits)."""
    terms = " ".join('"' + word.replace('"', '""') + '"' + ("*" if len(word) >= PREFIX_FROM else "")
                     for word in words)
    return "{" + " ".join(columns) + "} : (" + terms + ")" if columns else terms


class SqliteFtsIndex:
    """FTS5: see the module docstring."""

    def write(self, session: Session, texts: Iterable[QuestionText]) -> None:
        """Replaces these questions' rows with one plain executemany each way (a 10,000-question
        install writes its index in a fraction of a second)."""
        rows = _index_rows(texts)
        if not rows:
            return
        connection = session.connection()
        connection.exec_driver_sql("DELETE FROM question_fts WHERE rowid = ?", [(row[0],) for row in rows])
        connection.exec_driver_sql("INSERT INTO question_fts (rowid, stem, options, rationale, topic) "
                                   "VALUES (?, ?, ?, ?, ?)", rows)

    def hits(self, session: Session, profile_id: int, words: Sequence[str]) -> Subquery:
        query = fts_query(words)
        matches = session.execute(text("SELECT count(*) FROM question_fts WHERE question_fts MATCH :query"),
                                  {"query": query}).scalar_one()
        if matches <= RANK_LIMIT:
            weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
            ranked = f"bm25(question_fts, {weights})"
        else:  # coarse: stem or topic first (ranks are negative, as bm25's are), then the rest
            ranked = ("CASE WHEN rowid IN (SELECT rowid FROM question_fts WHERE question_fts MATCH :headline) "
                      "THEN -2.0 ELSE -1.0 END")
        # The profile's notes holding the words: a few rows. CROSS JOIN keeps the full-text match
        # the outer loop (one MATCH, then a primary-key lookup per hit; a plain JOIN lets SQLite
        # run the MATCH once per note of the profile).
        noted = ("SELECT n.question_id AS question_id, bm25(question_note_fts) AS rank "
                 "FROM question_note_fts CROSS JOIN question_note AS n ON n.id = question_note_fts.rowid "
                 "WHERE question_note_fts MATCH :query AND n.profile_id = :profile")
        # One row per question, with no GROUP BY over thousands of matches: every text match (its
        # note's match only flagged), then the questions matched by their note alone.
        statement = text(
            f"SELECT rowid AS question_id, {ranked} AS rank, "
            f"rowid IN (SELECT question_id FROM ({noted})) AS in_note "
            "FROM question_fts WHERE question_fts MATCH :query "
            "UNION ALL "
            f"SELECT question_id, rank, 1 FROM ({noted}) "
            "WHERE question_id NOT IN (SELECT rowid FROM question_fts WHERE question_fts MATCH :query)"
        ).bindparams(query=query, profile=profile_id)
        if matches > RANK_LIMIT:
            statement = statement.bindparams(headline=fts_query(words, ("stem", "topic")))
        return statement.columns(question_id=Integer, rank=Float, in_note=Integer).subquery("hits")


def ts_query(words: Sequence[str]) -> str:
    """A `to_tsquery` text requiring every word (from three letters on, as a prefix), each
    quoted, so nothing a student types is read as tsquery syntax (search_words already keeps
    only letters and digits)."""
    return " & ".join("'" + word.replace("'", "''") + "'" + (":*" if len(word) >= PREFIX_FROM else "")
                      for word in words)


class PostgresTextIndex:
    """PostgreSQL's text search: see the module docstring."""

    def write(self, session: Session, texts: Iterable[QuestionText]) -> None:
        """Upserts these questions' documents: one executemany, which psycopg 3 pipelines (a
        10,000-question install writes its index in a second or two)."""
        rows = [{"id": qid, "stem": stem, "options": options, "rationale": rationale, "topic": topic}
                for qid, stem, options, rationale, topic in _index_rows(texts)]
        if not rows:
            return
        session.connection().exec_driver_sql(
            f"INSERT INTO question_search (question_id, document) VALUES (%(id)s, {PG_DOCUMENT}) "
            "ON CONFLICT (question_id) DO UPDATE SET document = excluded.document", rows)

    def hits(self, session: Session, profile_id: int, words: Sequence[str]) -> Subquery:
        # The text matches and this profile's note matches, one row per question: a question
        # matched by both ranks by its text and is flagged as in the note (as on SQLite).
        # OFFSET 0 keeps each side a subquery of its own, so the rank is computed as the row is
        # read and only (id, rank) travels on: pulled up, the planner would carry every
        # matching document through the joins and the count, and rank them last.
        statement = text(
            "SELECT coalesce(t.question_id, n.question_id) AS question_id, coalesce(t.rank, n.rank) AS rank, "
            "CASE WHEN n.question_id IS NULL THEN 0 ELSE 1 END AS in_note "
            "FROM (SELECT s.question_id, -ts_rank_cd(s.document, query) AS rank "
            "      FROM question_search AS s, to_tsquery('english', :query) AS query "
            "      WHERE s.document @@ query OFFSET 0) AS t "
            "FULL JOIN (SELECT qn.question_id, -ts_rank_cd(qn.document, query) AS rank "
            "           FROM question_note AS qn, to_tsquery('english', :query) AS query "
            "           WHERE qn.profile_id = :profile AND qn.document @@ query OFFSET 0) AS n "
            "ON n.question_id = t.question_id"
        ).bindparams(query=ts_query(words), profile=profile_id)
        return statement.columns(question_id=Integer, rank=Float, in_note=Integer).subquery("hits")


class NoIndex:
    """A database without a full-text index: installing and importing questions work as ever
    (there is nothing to keep in step; the migration that adds an index fills it), and a
    search says plainly that it cannot run here."""

    def __init__(self, dialect: str) -> None:
        self._dialect = dialect

    def write(self, session: Session, texts: Iterable[QuestionText]) -> None:
        return None

    def hits(self, session: Session, profile_id: int, words: Sequence[str]) -> Subquery:
        raise UserError(f"searching questions needs a full-text index, which this {self._dialect} database "
                        "does not have")


def index_for(session: Session) -> SearchIndex:
    """The index of the database this session is bound to (the dialect switch)."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        return SqliteFtsIndex()
    if name == "postgresql":
        return PostgresTextIndex()
    return NoIndex(name)
