"""Statistics over a profile with 1,000,000 stored answers (issue #7's benchmark).

Run: .venv/bin/python benchmarks/bench_stats.py [--answers 1000000] [--keep DIR]
(offscreen Qt; no display needed). Prints:

- generation: ten years of daily sessions ending today, over the real bank's questions, written
  with executemany straight into `attempt`, `attempt_item` and the summaries `tally_question`,
  `tally_day` and `tally_topic` (the rows core would have written, encoded as the models store
  them), plus a mock exam every 30 days and review cards;
- StatsService.progress in a running app (warm; median of 9; target < 150 ms);
- the Progress page opened to painted: the first time (page built, its modules imported) and again
  (refresh and repaint), medians; target < 300 ms;
- `quizapp stats --json` as a whole process (median of 5) beside a bare Python start and a
  Python + SQLAlchemy import floor;
- the readiness posterior alone (quizapp.core.stats.readiness, part of the statistics above)
  over hand-built rows, with few answers (every grid point matters) and many (most are dropped);
- the database size per million answers (the growth over the bank-only database).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))



from quizapp.core import tallies  # noqa: E402
from quizapp.core.clock import SystemClock  # noqa: E402
from quizapp.core.context import AppContext  # noqa: E402
from quizapp.core.db.engine import DB_NAME  # noqa: E402
from quizapp.core.db.types import pack_order, pack_set, to_epoch  # noqa: E402

YEARS = 10
MOCK_EVERY = 30


def _stored(moment: datetime) -> str:
    """How UTCDateTime stores a moment in SQLite: naive UTC text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob(DB_NAME + "*"))


def _bank(db: sqlite3.Connection) -> tuple[list[tuple[int, int, tuple[str, str, str]]], int | None]:
    """(question id, a key position, its place) for every served question, and ccma-quick's id."""
    keys = db.execute("SELECT q.id, MIN(c.position), COALESCE(q.domain, ''), COALESCE(q.subdomain, ''), "
                      "COALESCE(q.topic, '') FROM question q JOIN choice c ON c.question_id = q.id "
                      "WHERE c.is_correct = 1 AND q.retired = 0 GROUP BY q.id ORDER BY q.id").fetchall()
    blueprint = db.execute("SELECT id FROM blueprint WHERE slug = 'ccma-quick'").fetchone()
    return [(qid, key, (d, s, t)) for qid, key, d, s, t in keys], blueprint[0] if blueprint else None


def generate(data: Path, profile_id: int, answers: int, seed: int = 11) -> dict[str, float]:
    """Writes `answers` answered attempt items over YEARS years of local days ending today, with
    the summaries the answer path keeps (quizapp.core.tallies), encoded as the models store them."""
    rng = random.Random(seed)
    db = sqlite3.connect(data / DB_NAME)
    db.execute("PRAGMA synchronous = OFF")
    keys, blueprint = _bank(db)
    today = date.today()
    days = [today - timedelta(days=i) for i in range(365 * YEARS + YEARS // 4)][::-1]
    per_day, extra = divmod(answers, len(days))
    attempts, items = [], []
    per_question: dict[int, list[int]] = {}
    per_day_topic: dict[tuple[int, tuple[str, str, str]], list[int]] = {}
    started = time.perf_counter()
    for n, day in enumerate(days):
        count = per_day + (1 if n < extra else 0)
        if not count:
            continue
        skill = 0.5 + 0.35 * n / len(days)
        begin = datetime.combine(day, clock_time(18, 0)).astimezone()
        attempt_id = n + 1
        mock = blueprint is not None and n % MOCK_EVERY == 0
        right_total = 0
        chosen_questions = rng.sample(keys, k=min(count, len(keys))) if count <= len(keys) else \
            [keys[rng.randrange(len(keys))] for _ in range(count)]
        day_number = tallies.day_number(day)
        for position, (qid, key, place) in enumerate(chosen_questions):
            right = rng.random() < skill
            chosen = key if right else (key + 1 + rng.randrange(3)) % 4
            ms = round(rng.uniform(6, 60) * 1000)
            at = to_epoch(begin + timedelta(seconds=20 * position))
            order = [0, 1, 2, 3]
            rng.shuffle(order)
            items.append((attempt_id, position, qid, pack_order(order), pack_set([chosen]), 0, 0, ms, int(right), 1,
                          at))
            cell = per_question.setdefault(qid, [0, 0, 0, at, int(right)])
            cell[0] += 1
            cell[1] += int(right)
            cell[2] += ms
            cell[3], cell[4] = at, int(right)
            tally = per_day_topic.setdefault((day_number, place), [0, 0])
            tally[0] += 1
            tally[1] += int(right)
            right_total += int(right)
        end = begin + timedelta(seconds=20 * count)
        attempts.append((attempt_id, str(uuid.UUID(int=rng.getrandbits(128), version=4)), profile_id,
                         "mock" if mock else "practice", blueprint if mock else None, n, _stored(begin), _stored(end),
                         20.0 * count, _stored(end), 0, 1.0, count - 1, "{}", right_total / count if mock else None))
    built = time.perf_counter()
    with db:
        db.executemany("INSERT INTO attempt (id, uuid, profile_id, mode, blueprint_id, seed, started_at, submitted_at, "
                       "elapsed_seconds, checkpoint_at, strict, accommodation, current_index, settings, score) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", attempts)
        db.executemany("INSERT INTO attempt_item (attempt_id, position, question_id, display_order, chosen, "
                       "flagged, guessed, spent_ms, correct, scored, answered_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", items)
        places = sorted({place for _, place in per_day_topic})
        db.executemany("INSERT INTO tally_topic (domain, subdomain, topic) VALUES (?, ?, ?)", places)
        topic_ids = {(d, s, t): i for i, d, s, t in db.execute("SELECT id, domain, subdomain, topic FROM tally_topic")}
        db.executemany("INSERT INTO tally_day (profile_id, day, topic_id, answered, correct) VALUES (?, ?, ?, ?, ?)",
                       sorted((profile_id, day, topic_ids[place], a, c)
                              for (day, place), (a, c) in per_day_topic.items()))
        db.executemany("INSERT INTO tally_question (profile_id, question_id, answered, correct, spent_ms, last_at, "
                       "last_correct) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       ((profile_id, qid, *cell) for qid, cell in sorted(per_question.items())))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    written = time.perf_counter()
    return {"items": len(items), "attempts": len(attempts), "daily_rows": len(per_day_topic),
            "build_s": built - started, "write_s": written - built}


def add_review_cards(ctx: AppContext, profile_id: int) -> int:
    """A review card for every question, as ten years of misses would leave them, through core."""
    from quizapp.core.db.models import Question, ReviewCard
    from quizapp.core.scheduling import rating_for, schedule

    now = ctx.clock.now()
    with ctx.db.sessions.begin() as session:
        ids = list(session.scalars(Question.__table__.select().with_only_columns(Question.id)))
        for i, qid in enumerate(ids):
            state, due = schedule(None, qid, rating_for(i % 3 != 0, False), now - timedelta(days=i % 20))
            session.add(ReviewCard(profile_id=profile_id, question_id=qid, state=state, due=due))  # state_version 1
    return len(ids)


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_stats(data: Path, profile_id: int, runs: int = 9) -> tuple[float, float]:
    ctx = AppContext.open(data, SystemClock())
    try:
        start = time.perf_counter()
        progress = ctx.stats.progress(profile_id)
        first = time.perf_counter() - start
        assert progress.overall.answered > 0
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            ctx.stats.progress(profile_id)
            samples.append(time.perf_counter() - start)
        return first * 1000, _median_ms(samples)
    finally:
        ctx.close()


def time_progress_page(data: Path, runs: int = 5) -> tuple[float, float, int]:
    """Milliseconds from asking for the Progress page to its window painted: first, then again."""
    from PySide6.QtWidgets import QApplication

    from quizapp.ui.app import create_main_window

    window = create_main_window(data, SystemClock())
    window.resize(1180, 800)
    window.show()
    app = QApplication.instance()
    app.processEvents()
    feature = next(f for f in window.features if type(f).__name__ == "ProgressFeature")

    def open_and_paint() -> float:
        window.show_home()
        app.processEvents()
        start = time.perf_counter()
        feature.open()
        app.processEvents()
        window.repaint()  # synchronous: returns once the visible page is painted
        return time.perf_counter() - start

    first = open_and_paint() * 1000
    again = _median_ms([open_and_paint() for _ in range(runs)])
    answered = window.pages["progress"].progress.overall.answered
    window.close()
    return first, again, answered


def _process_ms(args: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return _median_ms(samples)


def time_cli(data: Path, runs: int = 5) -> tuple[float, float, float, dict]:
    env_args = [sys.executable, "-m", "quizapp", "--data-dir", str(data), "stats", "--json"]
    out = subprocess.run(env_args, capture_output=True, text=True, check=True, cwd=ROOT)
    payload = json.loads(out.stdout)
    cli = _process_ms(env_args, runs)
    bare = _process_ms([sys.executable, "-c", "pass"], runs)
    floor = _process_ms([sys.executable, "-c", "import sqlalchemy.orm"], runs)
    return cli, bare, floor, payload


def time_readiness(runs: int = 15) -> dict[int, float]:
    """Median milliseconds of the readiness posterior for 24 and 8,400 recent answers at 70%,
    spread over the test plan's twelve parts."""
    from quizapp.core.stats.readiness import PLAN_PARTS, readiness
    from quizapp.core.stats.rows import TopicRow

    found = {}
    for per_part in (2, 700):
        right = round(0.7 * per_part)
        rows = [TopicRow(d, s, "t", per_part, right, 0.0, per_part, right) for d, s in PLAN_PARTS]
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            readiness(rows)
            samples.append(time.perf_counter() - start)
        found[per_part * len(PLAN_PARTS)] = _median_ms(samples)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the data dir here and keep it")
    args = parser.parse_args()
    data = args.keep or Path(tempfile.mkdtemp(prefix="quizapp-bench-stats-"))
    data.mkdir(parents=True, exist_ok=True)
    ctx = AppContext.open(data, SystemClock())
    ctx.bank.ensure_installed()
    profile_id = ctx.profiles.current().id
    ctx.close()
    bank_only = _size(data)

    gen = generate(data, profile_id, args.answers)
    ctx = AppContext.open(data, SystemClock())
    cards = add_review_cards(ctx, profile_id)
    ctx.close()
    con = sqlite3.connect(data / DB_NAME)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    grown = _size(data) - bank_only
    million = gen["items"] / 1_000_000

    first_stats, warm_stats = time_stats(data, profile_id)
    first_page, warm_page, shown = time_progress_page(data)
    cli, bare, floor, payload = time_cli(data)
    posterior = time_readiness()

    print(f"answers stored        {gen['items']:,} in {gen['attempts']:,} sessions over {YEARS} years "
          f"({gen['daily_rows']:,} tally_day rows, {cards} review cards)")
    print(f"  generated in        {gen['build_s']:.1f} s (Python) + {gen['write_s']:.1f} s (executemany)")
    print(f"stats in the app      {warm_stats:.0f} ms median, first call {first_stats:.0f} ms (target < 150 ms)")
    print(f"Progress page painted {first_page:.0f} ms first open, {warm_page:.0f} ms median again "
          f"(target < 300 ms; showing {shown:,} answers)")
    print(f"quizapp stats --json  {cli:.0f} ms per process; bare python {bare:.0f} ms, "
          f"python + sqlalchemy.orm {floor:.0f} ms  -> {cli - floor:.0f} ms above that floor")
    print(f"  its answer          answered={payload['answered']:,} readiness={payload['readiness']['estimate']:.3f} "
          f"review_due={payload['review_due']}")
    print("readiness posterior   " + ", ".join(f"{ms:.1f} ms at {n:,} answers" for n, ms in posterior.items()))
    print(f"database size         {bank_only / 2**20:.1f} MiB bank only, +{grown / 2**20:.1f} MiB for the answers "
          f"= {grown / 2**20 / million:.1f} MiB per million answers")
    if args.keep is None:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
