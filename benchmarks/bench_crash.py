"""kill -9 while a student answers, many times (issue #18, case 6): the paced harness of
tests/helpers/crash.py over the real bank. Not a speed benchmark: a reliability count.

Run: .venv/bin/python benchmarks/bench_crash.py [--trials 300] [--lazy-trials 20] [--seed 1]

Each trial copies a database with the real bank installed, starts a child that takes a ccma-quick
mock exam (answering, flagging, moving and ticking its clock at random, acknowledging each action
once committed), kills it with SIGKILL after a random 5–80 acknowledged actions plus 0–6 ms, and
checks every acknowledged answer, flag and move in the reopened database, and the clock (at most
5 s behind the last time printed). Prints the totals; any loss is listed and exits 1.

`--lazy-trials` runs the same against a deliberately broken engine that acknowledges answers and
flags before committing them (at its next 4-second checkpoint): the harness must catch it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.core.clock import FakeClock  # noqa: E402
from quizapp.core.context import AppContext  # noqa: E402
from quizapp.core.db.engine import DB_NAME  # noqa: E402
from tests.helpers.crash import Trial, trial  # noqa: E402


def bank_database(folder: Path) -> Path:
    data = folder / "template"
    ctx = AppContext.open(data, FakeClock())
    ctx.bank.ensure_installed()
    ctx.close()
    return data / DB_NAME


def run(template: Path, work: Path, seeds: range, lazy: bool) -> list[Trial]:
    results = []
    for seed in seeds:
        data = work / f"{'lazy' if lazy else 'trial'}-{seed}"
        data.mkdir()
        shutil.copyfile(template, data / DB_NAME)
        results.append(trial(data, None, seed, lazy=lazy))
        shutil.rmtree(data, ignore_errors=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--lazy-trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="the first trial's seed")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quizapp-bench-crash-"))
    os.environ.pop("QUIZAPP_DATA_DIR", None)
    try:
        template = bank_database(work)
        start = time.perf_counter()
        real = run(template, work, range(args.seed, args.seed + args.trials), lazy=False)
        took = time.perf_counter() - start
        lazy = run(template, work, range(10_000 + args.seed, 10_000 + args.seed + args.lazy_trials), lazy=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lost = [t for t in real if t.lost]
    behind = [t.behind for t in real] or [0.0]
    landed = sum(1 for t in real if t.in_flight_landed)
    not_landed = sum(1 for t in real if t.in_flight_landed is False)
    print(f"kills                 {len(real)} in {took:.0f} s ({took / max(1, len(real)):.1f} s each)")
    print(f"acknowledged actions  {sum(t.acks for t in real):,} checked (answers, flags, moves); "
          f"{sum(len(t.lost) for t in lost)} lost in {len(lost)} kills")
    print(f"in flight at the kill {landed} had landed, {not_landed} had not, "
          f"{len(real) - landed - not_landed} between actions or indistinguishable")
    print(f"clock behind          median {statistics.median(behind):.1f} s, worst {max(behind):.1f} s (promise: ≤ 5 s)")
    if lazy:
        caught = sum(1 for t in lazy if t.lost)
        print(f"self-test             a lazy engine lost acknowledged actions in {caught} of {len(lazy)} kills "
              f"({sum(len(t.lost) for t in lazy)} actions)")
    for t in lost:
        print(f"  seed {t.seed}: {'; '.join(t.lost)}")
    return 1 if lost or any(b > 5.0 for b in behind) or (lazy and not any(t.lost for t in lazy)) else 0


if __name__ == "__main__":
    sys.exit(main())
