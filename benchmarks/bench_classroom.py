"""Class results and item analysis at a school's scale (issue #22): 40 students of one class,
1,000,000 answers between them over a year, on SQLite and on a local PostgreSQL server.

Run: .venv/bin/python benchmarks/bench_classroom.py [--answers 1000000] [--only sqlite|postgresql]
Needs Debian's postgresql package for the server half (the script starts its own throw-away
server on 127.0.0.1, as the tests do, and removes it). Prints, per database: the time to write
the answers (with the summaries the answer path keeps), then the medians of
InstructorService.results (target < 500 ms) and .items (target < 2 s) in a running app.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from quizapp.core import tallies  # noqa: E402
from quizapp.core.clock import SystemClock  # noqa: E402
from quizapp.core.context import AppContext  # noqa: E402
from quizapp.core.db.location import DatabaseLocation, parse_database_url, sqlite_location  # noqa: E402
from quizapp.core.db.models import (  # noqa: E402
    Attempt,
    AttemptItem,
    Choice,
    Question,
    TallyDay,
    TallyQuestion,
    TallyTopic,
)

STUDENTS = 40
PASSPHRASE = "benchmark passphrase"
BATCH = 20_000


def _bank(ctx: AppContext) -> list[tuple[int, int, tuple[str, str, str]]]:
    with ctx.db.sessions() as s:
        rows = s.execute(select(Question.id, Choice.position, Question.domain, Question.subdomain, Question.topic)
                         .join(Choice, Choice.question_id == Question.id)
                         .where(Choice.is_correct.is_(True), Question.retired.is_(False), Question.kind == "single")
                         .order_by(Question.id)).all()
    seen: dict[int, tuple[int, int, tuple[str, str, str]]] = {}
    for qid, key, d, s_, t in rows:
        seen.setdefault(qid, (qid, key, (d or "", s_ or "", t or "")))
    return list(seen.values())


def generate(ctx: AppContext, answers: int, seed: int = 7) -> float:
    """40 students answering daily sessions over the last year, written with executemany
    through SQLAlchemy Core (the same code for both databases), summaries included."""
    rng = random.Random(seed)
    bench, _ = ctx.classes.create("Bench", PASSPHRASE)
    students = [ctx.profiles.add(f"Student {k:02d}", class_id=bench.id)[0].id for k in range(STUDENTS)]
    keys = _bank(ctx)
    today = date.today()
    days = [today - timedelta(days=i) for i in range(365)][::-1]
    per_student = answers // STUDENTS
    per_session = 25
    started = time.perf_counter()
    attempt_id = 0
    attempts: list[dict[str, object]] = []
    items: list[dict[str, object]] = []
    tq: dict[tuple[int, int], list[int]] = {}
    td: dict[tuple[int, int, tuple[str, str, str]], list[int]] = {}
    topic_ids: dict[tuple[str, str, str], int] = {}
    with ctx.db.engine.begin() as connection:
        for place in sorted({p for _, _, p in keys}):
            topic_ids[place] = connection.execute(TallyTopic.__table__.insert().returning(TallyTopic.id),
                                                  {"domain": place[0], "subdomain": place[1],
                                                   "topic": place[2]}).scalar_one()

        def flush() -> None:
            if attempts:
                connection.execute(Attempt.__table__.insert(), attempts)
                attempts.clear()
            if items:
                connection.execute(AttemptItem.__table__.insert(), items)
                items.clear()

        for k, pid in enumerate(students):
            skill = 0.45 + 0.45 * k / STUDENTS
            sessions = per_student // per_session
            for n in range(sessions):
                day = days[n * len(days) // sessions]
                begin = datetime.combine(day, clock_time(17, 0)).astimezone() + timedelta(minutes=n % 60)
                attempt_id += 1
                attempts.append({"id": attempt_id, "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                 "profile_id": pid, "mode": "practice", "seed": n, "started_at": begin,
                                 "submitted_at": begin + timedelta(minutes=10), "elapsed_seconds": 600.0,
                                 "strict": False, "accommodation": 1.0, "current_index": 0, "settings": {}})
                day_no = tallies.day_number(day)
                for position in range(per_session):
                    qid, key, place = keys[rng.randrange(len(keys))]
                    right = rng.random() < skill
                    chosen = key if right else (key + 1 + rng.randrange(3)) % 4
                    at = begin + timedelta(seconds=20 * position)
                    items.append({"attempt_id": attempt_id, "position": position, "question_id": qid,
                                  "display_order": [0, 1, 2, 3], "chosen": [chosen], "flagged": False,
                                  "guessed": False, "spent_ms": 15.0, "correct": right, "scored": True,
                                  "answered_at": at})
                    cell = tq.setdefault((pid, qid), [0, 0, 0, 0, 0])
                    cell[0] += 1
                    cell[1] += int(right)
                    cell[2] += 15000
                    cell[3], cell[4] = int(at.timestamp()), int(right)
                    tally = td.setdefault((pid, day_no, place), [0, 0])
                    tally[0] += 1
                    tally[1] += int(right)
                if len(items) >= BATCH:
                    flush()
        flush()
        rows = [{"profile_id": p, "day": d, "topic_id": topic_ids[place], "answered": a, "correct": c}
                for (p, d, place), (a, c) in td.items()]
        for i in range(0, len(rows), BATCH):
            connection.execute(TallyDay.__table__.insert(), rows[i:i + BATCH])
        qrows = [{"profile_id": p, "question_id": q, "answered": a, "correct": c, "spent_ms": ms,
                  "last_at": datetime.fromtimestamp(at).astimezone(), "last_correct": bool(last)}
                 for (p, q), (a, c, ms, at, last) in tq.items()]
        for i in range(0, len(qrows), BATCH):
            connection.execute(TallyQuestion.__table__.insert(), qrows[i:i + BATCH])
    if ctx.db.engine.dialect.name == "postgresql":
        with ctx.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("ANALYZE")
            c.exec_driver_sql("SELECT setval(pg_get_serial_sequence('attempt', 'id'), (SELECT max(id) FROM attempt))")
    return time.perf_counter() - started


def measure(location: DatabaseLocation, data: Path, answers: int) -> dict[str, float]:
    ctx = AppContext.open(data, SystemClock(), database=location)
    try:
        ctx.bank.ensure_installed()
        written = generate(ctx, answers)
        results = []
        for _ in range(7):
            start = time.perf_counter()
            found = ctx.instructor.results(PASSPHRASE, "Bench")
            results.append(time.perf_counter() - start)
        assert len(found) == STUDENTS
        items = []
        for _ in range(5):
            start = time.perf_counter()
            stats = ctx.instructor.items(PASSPHRASE, class_name="Bench")
            items.append(time.perf_counter() - start)
        assert stats and all(i.answers <= STUDENTS for i in stats)
        return {"write_s": written, "results_ms": statistics.median(results) * 1000,
                "items_ms": statistics.median(items) * 1000, "items": len(stats)}
    finally:
        ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    try:
        if args.only != "postgresql":
            folder = work / "sqlite"
            folder.mkdir()
            got = measure(sqlite_location(folder), folder, args.answers)
            print(f"SQLite: {args.answers:,} answers written in {got['write_s']:.0f} s; class results "
                  f"{got['results_ms']:.0f} ms (target < 500); item analysis {got['items_ms']:.0f} ms over "
                  f"{got['items']:,} questions (target < 2000)")
        if args.only != "sqlite":
            from tests.helpers.postgres import start_server

            server = start_server()
            try:
                from sqlalchemy import create_engine, text

                admin = create_engine(server.url("postgres").replace("postgresql://", "postgresql+psycopg://"),
                                      isolation_level="AUTOCOMMIT")
                with admin.connect() as c:
                    c.execute(text("CREATE DATABASE bench"))
                admin.dispose()
                folder = work / "pg"
                folder.mkdir()
                got = measure(parse_database_url(server.url("bench")), folder, args.answers)
                print(f"PostgreSQL {server.bin_dir.parent.name}: {args.answers:,} answers written in "
                      f"{got['write_s']:.0f} s; class results {got['results_ms']:.0f} ms (target < 500); item "
                      f"analysis {got['items_ms']:.0f} ms over {got['items']:,} questions (target < 2000)")
            finally:
                server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
