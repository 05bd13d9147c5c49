"""A lab on one server (issue #22): 30 student processes on this machine take a mock exam against
one local PostgreSQL server, each answering one question every 2 s for 60 s, then all answering
as fast as they can for 10 s. Bounded loops, 127.0.0.1 only, the server started here and removed.

Run: .venv/bin/python benchmarks/bench_class_load.py [--students 30] [--steady 60] [--burst 10]
Prints: answers lost (every answer a student saw committed is read back: its choice must be the
one stored), errors, the commit latency of an answer (p50, p99) while steady, and the burst's
throughput and p99. Target: 0 lost, 0 errors, p99 < 50 ms while steady.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark passphrase"


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] * 1000


def student(url: str, profile_id: int, seed: int, start: Any, burst_start: Any, steady: float, burst: float,
            out: Any) -> None:
    """One lab computer: opens the app on the server, starts ccma-full, answers on a schedule."""
    from quizapp.core.clock import SystemClock
    from quizapp.core.context import AppContext
    from quizapp.core.db.location import parse_database_url

    result: dict[str, Any] = {"profile": profile_id, "steady": [], "burst": [], "errors": [], "last": {}}
    try:
        ctx = AppContext.open(Path(f"/tmp/quizapp-load-{profile_id}"), SystemClock(), database=parse_database_url(url))
        engine, _ = ctx.exams.start(profile_id, "ccma-full", seed=seed)
        state = engine.state()
        result["attempt"] = state.attempt_id
        items = state.items
        start.wait(timeout=300)
        n = 0

        def answer(samples: list[float]) -> None:
            nonlocal n
            item = items[n % len(items)]
            choice = item.question.choices[(n // len(items) + seed) % len(item.question.choices)].position
            began = time.perf_counter()
            try:
                engine.answer(item.position, [choice])
            except Exception as exc:  # counted and reported, never hidden
                result["errors"].append(f"{type(exc).__name__}: {exc}")
            else:
                samples.append(time.perf_counter() - began)
                result["last"][item.position] = choice
            n += 1

        t0 = time.monotonic()
        tick = 0
        while tick * 2.0 < steady:  # one answer every 2 s, on a fixed schedule
            target = t0 + tick * 2.0 + (seed % 20) * 0.1  # students spread over the 2 s
            pause = target - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            answer(result["steady"])
            tick += 1
        burst_start.wait(timeout=300)
        end = time.monotonic() + burst
        while time.monotonic() < end:
            answer(result["burst"])
        ctx.close()
    except Exception:
        result["errors"].append(traceback.format_exc())
    out.put(result)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--steady", type=float, default=60.0)
    parser.add_argument("--burst", type=float, default=10.0)
    args = parser.parse_args()

    from sqlalchemy import create_engine, select, text

    from quizapp.core.clock import SystemClock
    from quizapp.core.context import AppContext
    from quizapp.core.db.location import parse_database_url
    from quizapp.core.db.models import AttemptItem
    from tests.helpers.postgres import start_server

    server = start_server()
    try:
        admin = create_engine(server.url("postgres").replace("postgresql://", "postgresql+psycopg://"),
                              isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("CREATE DATABASE lab"))
        admin.dispose()
        url = server.url("lab")
        ctx = AppContext.open(Path("/tmp/quizapp-load-setup"), SystemClock(), database=parse_database_url(url))
        ctx.bank.ensure_installed()
        cls, _ = ctx.classes.create("Lab", PASSPHRASE)
        profiles = [ctx.profiles.add(f"Student {k:02d}", class_id=cls.id)[0].id for k in range(args.students)]
        ctx.close()

        spawn = mp.get_context("spawn")
        start, burst_start = spawn.Barrier(args.students + 1), spawn.Barrier(args.students + 1)
        out = spawn.Queue()
        procs = [spawn.Process(target=student, args=(url, pid, k, start, burst_start, args.steady, args.burst, out))
                 for k, pid in enumerate(profiles)]
        for p in procs:
            p.start()
        start.wait(timeout=600)
        began = time.monotonic()
        burst_start.wait(timeout=600)
        results = [out.get(timeout=600) for _ in procs]
        for p in procs:
            p.join(timeout=60)

        steady = [s for r in results for s in r["steady"]]
        burst = [s for r in results for s in r["burst"]]
        errors = [e for r in results for e in r["errors"]]
        check = AppContext.open(Path("/tmp/quizapp-load-setup"), SystemClock(), database=parse_database_url(url))
        lost = 0
        with check.db.sessions() as session:
            for r in results:
                if "attempt" not in r:
                    continue
                stored = {pos: chosen for pos, chosen in session.execute(
                    select(AttemptItem.position, AttemptItem.chosen).where(AttemptItem.attempt_id == r["attempt"]))}
                lost += sum(1 for pos, choice in r["last"].items() if stored.get(pos) != [choice])
        check.close()
        print(f"{args.students} students, PostgreSQL {server.bin_dir.parent.name} on 127.0.0.1, "
              f"{time.monotonic() - began:.0f} s steady")
        print(f"steady: {len(steady)} answers, commit latency p50 {_percentile(steady, 0.5):.1f} ms, "
              f"p99 {_percentile(steady, 0.99):.1f} ms, max {max(steady) * 1000:.1f} ms (target p99 < 50 ms)")
        if burst:
            print(f"burst: {len(burst)} answers in {args.burst:.0f} s = {len(burst) / args.burst:.0f} answers/s, "
                  f"p50 {statistics.median(burst) * 1000:.1f} ms, p99 {_percentile(burst, 0.99):.1f} ms")
        print(f"lost answers: {lost}; errors: {len(errors)}")
        for e in errors[:5]:
            print("  " + e.strip().splitlines()[-1])
    finally:
        server.stop()


if __name__ == "__main__":
    main()
