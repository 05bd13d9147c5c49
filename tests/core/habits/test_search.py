"""`Search questions` in core: one function over stems, options, rationales, topics and the
student's own notes, with filters, kept in step with the questions by the installer and the
importer — on SQLite's FTS5 and on PostgreSQL's text search (every test taking `sctx` runs on
both, tests/conftest.py); the tests of one index's own tables run on its database only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from quizapp.core.bank.build import compile_bank
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.engine import DB_NAME, open_database
from quizapp.core.db.models import Question, QuestionSet
from quizapp.core.practice import PracticeRequest
from quizapp.core.search.index import fts_query, ts_query
from quizapp.core.search.service import SearchRequest
from quizapp.core.search.terms import marked_spans, only_small_words, search_words
from tests.core.stats.support import key_of, question_id, wrong_of
from tests.helpers.bank import make_bank, question, render_file
from tests.helpers.databases import Backend

VITALS = [
    question("v-1", topic="Vital signs", stem="Which instrument measures blood pressure?",
             options=["Sphygmomanometer", "Otoscope", "Centrifuge", "Autoclave"],
             rationale="A cuff and a gauge read the pressure in the artery."),
    question("v-2", topic="Vital signs", stem="What is a normal adult resting pulse rate?",
             options=["60 to 100 beats per minute", "40 to 60", "100 to 140", "120 to 160"],
             rationale="Resting heart rate in adults ranges from 60 to 100."),
]
PHLEBOTOMY = [
    question("p-1", topic="Order of draw", stem="Which container is filled first?",
             options=["Blood culture bottles", "Lavender EDTA tube", "Gray tube", "Green tube"],
             rationale="Sterile specimens come first so nothing contaminates them."),
    question("p-2", topic="Order of draw", stem="Which additive does the lavender tube hold?",
             options=["EDTA", "Sodium citrate", "Heparin", "Nothing"],
             rationale="EDTA prevents clotting by binding calcium; injections are not involved."),
]
LAW = [
    question("l-1", topic="HIPAA", stem="Who may see a patient's protected health information?",
             options=["Staff who need it for their work", "Any employee", "Family always", "Nobody"],
             rationale="The minimum necessary rule limits access."),
]


@pytest.fixture
def sctx(tmp_path: Path, data_dir: Path, clock: FakeClock) -> Iterator[AppContext]:
    bank = make_bank(tmp_path, {
        "vitals.toml": render_file(VITALS),
        "phlebotomy.toml": render_file(PHLEBOTOMY, subdomain="Phlebotomy"),
        "law.toml": render_file(LAW, domain="Medical Law and Ethics", subdomain=None),
    })
    context = AppContext.open(data_dir, clock, bank)
    context.bank.ensure_installed()
    yield context
    context.close()


def _found(ctx: AppContext, text: str = "", **filters: object) -> list[str]:
    results = ctx.search.search(ctx.profiles.current().id, SearchRequest(text=text, **filters))  # type: ignore[arg-type]
    with ctx.db.sessions() as session:
        names = {q.id: q.ext_id for q in session.query(Question)}
    return [names[h.question_id] for h in results.hits]


def test_words_are_found_in_stems_options_rationales_and_topics(sctx: AppContext) -> None:
    assert _found(sctx, "instrument") == ["v-1"]  # stem
    assert _found(sctx, "sphygmo") == ["v-1"]  # an option, as a prefix while typing
    assert _found(sctx, "calcium") == ["p-2"]  # rationale
    assert _found(sctx, "hipaa") == ["l-1"]  # topic
    assert _found(sctx, "blood pressure") == ["v-1"]  # every word, not any
    assert set(_found(sctx, "blood")) == {"v-1", "p-1"}
    assert _found(sctx, "measuring") == ["v-1"]  # stemmed: measuring ~ measures
    assert _found(sctx, "injection") == ["p-2"]  # and injection ~ injections


def test_a_stem_match_ranks_above_an_option_match(sctx: AppContext) -> None:
    assert _found(sctx, "lavender") == ["p-2", "p-1"]  # p-2's stem, p-1's option only


def test_only_small_words_search_nothing_and_say_so(sctx: AppContext) -> None:
    profile = sctx.profiles.current().id
    results = sctx.search.search(profile, SearchRequest(text="the of"))
    assert results.small_words_only and results.empty_request and results.total == 0
    filtered = sctx.search.search(profile, SearchRequest(text="the", domain="Medical Law and Ethics"))
    assert filtered.total == 1 and filtered.small_words_only  # the filter alone decides


@pytest.mark.sqlite_only  # RANK_LIMIT is FTS5's (bm25's cost); PostgreSQL ranks every match
def test_a_large_match_is_ordered_stem_first(sctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above RANK_LIMIT matches bm25 gives way to: stem or topic first, then the rest, bank order."""
    from quizapp.core.search import index

    monkeypatch.setattr(index, "RANK_LIMIT", 1)
    assert _found(sctx, "blood") == ["v-1", "p-1"]  # v-1's stem; p-1's option only
    assert _found(sctx, "lavender") == ["p-2", "p-1"]
    profile = sctx.profiles.current().id
    sctx.marks.set_note(profile, question_id(sctx, "l-1"), "lavender is not a HIPAA colour")
    results = sctx.search.search(profile, SearchRequest(text="lavender"))
    assert [h.in_note for h in results.hits] == [True, False, False] and results.total == 3  # notes first


def test_results_count_and_say_where_the_words_are(sctx: AppContext) -> None:
    results = sctx.search.search(sctx.profiles.current().id, SearchRequest(text="What is the normal pulse"))
    assert results.words == ("normal", "pulse") and results.total == 1
    hit = results.hits[0]
    assert hit.excerpt == "What is a normal adult resting pulse rate?"
    assert [hit.excerpt[a:b] for a, b in hit.spans] == ["normal", "pulse"]
    assert hit.domain == "Clinical Patient Care" and hit.topic == "Vital signs" and hit.set_name


def test_the_students_own_notes_are_searched_for_that_student_only(sctx: AppContext) -> None:
    ana = sctx.profiles.current().id
    ben, _ = sctx.profiles.add("Ben")
    sctx.marks.set_note(ana, question_id(sctx, "l-1"), "Mnemonic: need-to-know zebra")
    results = sctx.search.search(ana, SearchRequest(text="zebra"))
    assert [h.in_note for h in results.hits] == [True] and results.hits[0].has_note
    assert sctx.search.search(ben.id, SearchRequest(text="zebra")).total == 0
    sctx.marks.set_note(ana, question_id(sctx, "l-1"), "Mnemonic: need to know")  # rewritten: the index follows
    assert sctx.search.search(ana, SearchRequest(text="zebra")).total == 0
    sctx.marks.set_note(ana, question_id(sctx, "l-1"), "")
    assert sctx.search.search(ana, SearchRequest(text="mnemonic")).total == 0
    sctx.marks.set_note(ana, question_id(sctx, "v-2"), "beats: count for 30 seconds")
    both = sctx.search.search(ana, SearchRequest(text="beats"))
    assert [(h.in_note, h.excerpt[:4]) for h in both.hits] == [(True, "What")]  # one hit per question


def test_filters_narrow_and_work_without_words(sctx: AppContext) -> None:
    profile = sctx.profiles.current().id
    assert sctx.search.search(profile, SearchRequest()).empty_request
    assert _found(sctx, "", domain="Medical Law and Ethics") == ["l-1"]
    assert set(_found(sctx, "blood", subdomain="Phlebotomy")) == {"p-1"}
    assert _found(sctx, "blood", set_slug="essentials") == []
    sctx.marks.set_bookmark(profile, question_id(sctx, "p-2"), True)
    assert _found(sctx, "", bookmarked=True) == ["p-2"]
    assert _found(sctx, "lavender", bookmarked=True) == ["p-2"]
    sctx.marks.set_note(profile, question_id(sctx, "v-1"), "cuff")
    assert _found(sctx, "", with_note=True) == ["v-1"]
    state, _ = sctx.practice.start(profile, PracticeRequest(count=5, seed=2))
    for item in state.items:  # every question once, v-2 wrong
        qid = item.question.question_id
        right = qid != question_id(sctx, "v-2")
        sctx.practice.check(state.attempt_id, item.position, key_of(sctx, qid) if right else wrong_of(sctx, qid))
    assert _found(sctx, "", missed=True) == ["v-2"]
    results = sctx.search.search(profile, SearchRequest(text="pulse"))
    assert results.hits[0].missed and not results.hits[0].bookmarked


def test_only_live_questions_of_enabled_sets_are_found(sctx: AppContext) -> None:
    with sctx.db.sessions.begin() as session:
        session.execute(update(Question).where(Question.ext_id == "v-1").values(retired=True))
    assert _found(sctx, "blood") == ["p-1"]
    with sctx.db.sessions.begin() as session:
        session.execute(update(QuestionSet).values(enabled=False))
    assert _found(sctx, "blood") == []


@pytest.mark.parametrize("typed", ['blood" OR pressure*', "NEAR(blood pressure)", "-blood", "blood:",
                                   "'\"*^", "AND OR NOT", "bl*od"])
def test_what_a_student_types_is_never_read_as_query_syntax(sctx: AppContext, typed: str) -> None:
    results = sctx.search.search(sctx.profiles.current().id, SearchRequest(text=typed))
    assert results.total == len(results.hits)  # no error, whatever it finds


def test_words_and_their_query() -> None:
    assert search_words("What is the ORDER of draw? order") == ["order", "draw"]
    assert search_words("the of") == [] and only_small_words("the of") and not only_small_words("  ")
    assert search_words("a b 5 HbA1c") == ["5", "hba1c"]
    assert fts_query(["order", "draw"]) == '"order"* "draw"*'
    assert fts_query(["iv", "push"]) == '"iv" "push"*'  # a short word is matched whole
    assert fts_query(["pulse"], ("stem", "topic")) == '{stem topic} : ("pulse"*)'
    assert ts_query(["order", "draw"]) == "'order':* & 'draw':*"
    assert ts_query(["iv", "push"]) == "'iv' & 'push':*" and ts_query(["o'neil"]) == "'o''neil':*"
    assert marked_spans("Injected injections inject", ["injections"]) == ((0, 8), (9, 19), (20, 26))


def test_imports_and_bank_upgrades_keep_the_index_in_step(sctx: AppContext, tmp_path: Path) -> None:
    csv = tmp_path / "mine.csv"
    csv.write_text("id,stem,option_a,option_b,key,rationale\n"
                   "Q1,Where is the zygomatic bone?,Cheek,Knee,A,It forms the cheek.\n", encoding="utf-8")
    sctx.imports.run(sctx.imports.preview(csv))
    assert _found(sctx, "zygomatic") == ["Q1"]
    csv.write_text("id,stem,option_a,option_b,key,rationale\n"
                   "Q1,Where is the mandible?,Jaw,Knee,A,It is the jaw bone.\n", encoding="utf-8")
    sctx.imports.run(sctx.imports.preview(csv))
    assert _found(sctx, "zygomatic") == [] and _found(sctx, "mandible") == ["Q1"]

    bank_file = sctx.bank.bank_dir / "questions" / "law.toml"
    bank_file.write_text(bank_file.read_text(encoding="utf-8").replace("minimum necessary", "least privilege"),
                         encoding="utf-8")
    assert sctx.bank.ensure_installed() is not None
    assert _found(sctx, "privilege") == ["l-1"] and _found(sctx, "necessary") == []


def test_an_html_question_is_indexed_as_its_words(sctx: AppContext, tmp_path: Path) -> None:
    gift = tmp_path / "html.gift"
    gift.write_text("::H1::[html]<p><strong>Hemoglobin</strong> carries what?</p>{=Oxygen ~Sugar}\n", encoding="utf-8")
    report, _ = sctx.imports.run(sctx.imports.preview(gift))
    assert report.imported == 1
    assert _found(sctx, "hemoglobin") == ["H1"] and _found(sctx, "strong") == []


def test_a_practice_session_can_start_from_the_results(sctx: AppContext) -> None:
    profile = sctx.profiles.current().id
    ids = sctx.search.ids_for_practice(profile, SearchRequest(text="order of draw"))
    assert len(ids) == 2
    state, _ = sctx.practice.start(profile, PracticeRequest(question_ids=ids, count=len(ids)))
    assert {i.question.question_id for i in state.items} == set(ids)


def test_a_result_opens_with_its_answer_and_rationale(sctx: AppContext) -> None:
    profile = sctx.profiles.current().id
    qid = question_id(sctx, "p-2")
    sctx.marks.set_note(profile, qid, "EDTA = lavender")
    found = sctx.search.question(profile, qid)
    assert [c.letter for c in found.question.choices] == ["A", "B", "C", "D"]
    assert found.question.choices[0].text == "EDTA" and found.feedback.key_letters == "A"
    assert "binding calcium" in found.feedback.rationale and found.marks.note == "EDTA = lavender"


def _fts_schema(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return sorted(" ".join(sql.split()) for (sql,) in con.execute(
            "SELECT sql FROM sqlite_master WHERE name IN ('question_fts', 'question_note_fts') OR type = 'trigger'"))
    finally:
        con.close()


@pytest.mark.sqlite_only  # `quizapp bank build` writes SQLite
def test_a_compiled_bank_has_the_migrations_full_text_schema(sctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "compiled.sqlite"
    compile_bank(sctx.bank.load(), out, datetime(2026, 1, 1, tzinfo=UTC))
    migrated = _fts_schema(sctx.db.path)
    assert len(migrated) == 5 and _fts_schema(out) == migrated
    con = sqlite3.connect(out)
    try:
        assert con.execute("SELECT count(*) FROM question_fts WHERE question_fts MATCH 'lavender'").fetchone()[0] == 2
    finally:
        con.close()


def test_migration_0007_indexes_the_questions_already_installed(tmp_path: Path) -> None:
    from tests.core.db.test_migrations import _upgrade_to

    db_path = tmp_path / DB_NAME
    _upgrade_to(db_path, "0006")
    con = sqlite3.connect(db_path)
    con.executescript("""
        INSERT INTO question_set (id, slug, name, imported_at, enabled) VALUES (1, 's', 'S', '2025-01-01 10:00:00', 1);
        INSERT INTO question (id, set_id, ext_id, stem, text_format, kind, rationale, citations, tags, content_hash,
            retired, updated_at, topic) VALUES
            (1, 1, 'a', 'Where is the <b>radial</b> artery?', 'html', 'single', 'At the &amp; wrist.', '[]', '[]', 'h',
             0, '2025-01-01 10:00:00', 'Pulse');
        INSERT INTO choice (id, question_id, position, text, is_correct, feedback) VALUES
            (1, 1, 0, 'Thumb side', 1, ''), (2, 1, 1, 'Elbow', 0, '');
    """)
    con.commit()
    con.close()
    open_database(tmp_path, datetime(2026, 2, 1, tzinfo=UTC)).dispose()
    con = sqlite3.connect(db_path)
    try:
        row = con.execute("SELECT rowid, stem, options, rationale, topic FROM question_fts").fetchone()
        assert row == (1, "Where is the  radial  artery?", "Thumb side\nElbow", "At the & wrist.", "Pulse")
        assert con.execute("SELECT daily_goal FROM profile").fetchall() == []
        con.execute("INSERT INTO profile (id, name, created_at, last_used_at, named_by_user) "
                    "VALUES (1, 'A', '2025-01-01', '2025-01-01', 1)")
        assert con.execute("SELECT daily_goal FROM profile").fetchone() == (20,)
    finally:
        con.close()


def test_the_dialect_switch_leaves_other_databases_working_and_says_why_search_does_not(
        sctx: AppContext, backend: Backend) -> None:
    from types import SimpleNamespace

    from quizapp.core.errors import UserError
    from quizapp.core.search.index import (
        NoIndex,
        PostgresTextIndex,
        QuestionText,
        SqliteFtsIndex,
        index_for,
        question_texts,
    )

    with sctx.db.sessions() as session:
        expected = SqliteFtsIndex if backend.name == "sqlite" else PostgresTextIndex
        assert isinstance(index_for(session), expected)
        texts = question_texts(session, [question_id(sctx, "p-2")])
    assert texts == [QuestionText(question_id(sctx, "p-2"), "Which additive does the lavender tube hold?",
                                  ("EDTA", "Sodium citrate", "Heparin", "Nothing"),
                                  "EDTA prevents clotting by binding calcium; injections are not involved.",
                                  "Order of draw", "plain")]
    server = SimpleNamespace(get_bind=lambda: SimpleNamespace(dialect=SimpleNamespace(name="mysql")))
    other = index_for(server)  # type: ignore[arg-type]
    assert isinstance(other, NoIndex)
    other.write(server, texts)  # type: ignore[arg-type]  # installing questions still works there
    with pytest.raises(UserError, match="mysql database does not have"):
        other.hits(server, 1, ["edta"])  # type: ignore[arg-type]


@pytest.fixture
def pg_ctx(sctx: AppContext, backend: Backend) -> AppContext:
    if backend.name != "postgresql":
        pytest.skip("PostgreSQL's own text search")
    return sctx


def test_postgresql_stems_matches_prefixes_and_finds_the_students_notes(pg_ctx: AppContext) -> None:
    """The server's English stemmer and prefix matching, as a student types, and a note's words
    kept in step by the generated column (no trigger, no code in the notes service)."""
    assert _found(pg_ctx, "measuring") == ["v-1"]  # 'measur' ~ "measures"
    assert _found(pg_ctx, "injection") == ["p-2"]  # 'inject' ~ "injections"
    assert _found(pg_ctx, "clot") == ["p-2"]  # a prefix of "clotting"
    assert _found(pg_ctx, "sphyg") == ["v-1"]  # a prefix of an option, mid-word
    assert _found(pg_ctx, "lavender") == ["p-2", "p-1"]  # stem (weight A) over option (B)
    assert _found(pg_ctx, "bp") == []  # a two-letter word is matched whole
    profile = pg_ctx.profiles.current().id
    qid = question_id(pg_ctx, "l-1")
    pg_ctx.marks.set_note(profile, qid, "Remember: the zebras of privacy")
    results = pg_ctx.search.search(profile, SearchRequest(text="zebra privacy"))  # stemmed note words
    assert [(h.in_note, h.has_note) for h in results.hits] == [(True, True)]
    pg_ctx.marks.set_note(profile, question_id(pg_ctx, "p-2"), "lavender = EDTA")
    both = pg_ctx.search.search(profile, SearchRequest(text="lavender"))
    assert [h.in_note for h in both.hits] == [True, False] and both.total == 2  # one row per question, note first
    with pg_ctx.db.engine.connect() as connection:
        stored = connection.exec_driver_sql(
            "SELECT document::text FROM question_note WHERE question_id = %(q)s", {"q": qid}).scalar_one()
    assert "'zebra'" in stored and "'privaci'" in stored  # the server's own column, stemmed
    pg_ctx.marks.set_note(profile, qid, "")
    assert pg_ctx.search.search(profile, SearchRequest(text="zebra")).total == 0


def test_migration_0008_indexes_the_questions_already_on_a_server(backend: Backend, tmp_path: Path) -> None:
    """An older server database with questions gets its `question_search` filled by 0008, with
    the same DDL the index module keeps for databases built without migrations."""
    if backend.name != "postgresql":
        pytest.skip("PostgreSQL's own text search")
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from quizapp.core.db import migrate
    from quizapp.core.search.index import PG_DOCUMENT, PG_SEARCH_DDL

    location = backend.new(tmp_path / "d", "search0008")
    engine = create_engine(location.url)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
            connection.execute(text(
                "INSERT INTO question_set (id, slug, name, imported_at, enabled) "
                "VALUES (1, 's', 'S', '2025-01-01 10:00:00', true)"))
            connection.execute(text(
                "INSERT INTO question (id, set_id, ext_id, stem, text_format, kind, rationale, citations, tags, "
                "content_hash, retired, updated_at, topic) VALUES (1, 1, 'a', 'Where is the <b>radial</b> artery?', "
                "'html', 'single', 'At the &amp; wrist.', '[]', '[]', 'h', false, '2025-01-01 10:00:00', 'Pulse')"))
            connection.execute(text(
                "INSERT INTO choice (id, question_id, position, text, is_correct, feedback) "
                "VALUES (1, 1, 0, 'Thumb side', true, ''), (2, 1, 1, 'Elbow', false, '')"))
        open_database(tmp_path / "d", datetime(2026, 2, 1, tzinfo=UTC), location).dispose()
        with engine.connect() as connection:
            document = connection.execute(text("SELECT document::text FROM question_search")).scalar_one()
            assert "'radial':" in document and "'thumb':" in document and "'b'" not in document  # words, not tags
            assert connection.execute(text(
                "SELECT count(*) FROM question_search WHERE document @@ to_tsquery('english', 'wrists')")).scalar() == 1
            indexes = {row[0] for row in connection.execute(text(
                "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gin (document)%'"))}
            assert indexes == {"ix_question_search_document", "ix_question_note_document"}
    finally:
        engine.dispose()
        backend.release(location)
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("m0008", migrate.MIGRATIONS_DIR / "versions" / "0008_classes_and_server_types.py")
    assert spec is not None and spec.loader is not None
    frozen = module_from_spec(spec)
    spec.loader.exec_module(frozen)
    assert frozen.PG_SEARCH_DDL == PG_SEARCH_DDL and frozen.PG_DOCUMENT == PG_DOCUMENT  # one schema, two copies
