"""Does the readiness range keep its word? (issue #23's calibration benchmark)

Run: .venv/bin/python benchmarks/bench_readiness.py [--students 300] [--seed 23] [--jobs 1]

Simulates `--students` students with known true rates per part of the test plan (drawn between
0.4 and 0.95), each practising through PracticeService and the one answer path on a real SQLite
database (tests/helpers/calibration.py says exactly how), and measures readiness when they reach
20, 50, 150 and 400 answers in the CCMA domains. Each student is measured at every count, so
every count has `--students` students. Prints, per count, for the app's estimator ("after") and
main's previous one ("before", run on the same rows):

- mean absolute error and bias (mean of estimate - truth), in percentage points;
- coverage: the share of students whose true readiness lies inside the range (target >= 94%);
- the range's mean width, the width the errors need (2 x the 95th percentile of |error|: the
  narrowest fixed range around the estimate that holds 95% of the truths) and their ratio
  (target <= 1.3).

`--jobs N` splits the students over N processes, each with its own database; the figures do not
depend on it (every student draws from its own seeded generator). The databases live in
/dev/shm when there is one (they are real SQLite files; only the disk's fsync is skipped).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.core.clock import FakeClock  # noqa: E402
from quizapp.core.context import AppContext  # noqa: E402
from quizapp.core.stats.posterior import LEVEL  # noqa: E402
from tests.helpers.calibration import COUNTS, Calibration, Outcome, Simulator, scratch_dir, summarise  # noqa: E402

COVERAGE_TARGET = 0.94
WIDTH_TARGET = 1.3


def run_batch(seed: int, indices: list[int], counts: tuple[int, ...]) -> tuple[list[Outcome], int]:
    """Simulates the given students on one fresh database; returns their outcomes and answers."""
    folder = scratch_dir("quizapp-bench-readiness-")
    clock = FakeClock()
    ctx = AppContext.open(folder, clock)
    try:
        ctx.bank.ensure_installed()
        simulator = Simulator(ctx, clock, seed)
        outcomes: list[Outcome] = []
        for done, index in enumerate(indices, 1):
            outcomes.extend(simulator.student(index, counts))
            if done % 25 == 0:
                print(f"  ... {done} of {len(indices)} students in this batch", file=sys.stderr, flush=True)
        return outcomes, simulator.answers
    finally:
        ctx.close()
        shutil.rmtree(folder, ignore_errors=True)


def _row(label: str, c: Calibration) -> str:
    ok = "" if c.coverage >= COVERAGE_TARGET and c.width_ratio <= WIDTH_TARGET else "  (misses a target)"
    return (f"| {c.count} | {label} | {100 * c.mean_abs_error:.1f} pp | {100 * c.bias:+.1f} pp | "
            f"{100 * c.coverage:.1f}% | {100 * c.mean_width:.1f} pp | {100 * c.needed_width:.1f} pp | "
            f"{c.width_ratio:.2f} |{ok}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--counts", default=",".join(map(str, COUNTS)), help="answer counts, comma-separated")
    args = parser.parse_args()
    counts = tuple(sorted({int(c) for c in args.counts.split(",")}))
    jobs = max(1, args.jobs)
    batches = [[i for i in range(args.students) if i % jobs == j] for j in range(jobs)]
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    answers = 0
    if jobs == 1:
        outcomes, answers = run_batch(args.seed, batches[0], counts)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            for found, given in pool.map(run_batch, [args.seed] * jobs, batches, [counts] * jobs):
                outcomes.extend(found)
                answers += given
    elapsed = time.perf_counter() - started
    table = summarise(outcomes)
    print(f"{args.students} students (seed {args.seed}), {answers:,} answers through the answer path in "
          f"{elapsed / 60:.1f} min ({1000 * elapsed / max(1, answers):.1f} ms per answer, {jobs} process(es))")
    print(f"range: the central {100 * LEVEL:.0f}% of the posterior; targets: coverage >= "
          f"{100 * COVERAGE_TARGET:.0f}%, mean width <= {WIDTH_TARGET}x the width needed")
    print()
    print("| answers in 30 days | estimator | mean abs. error | bias | truth inside the range | mean width "
          "| width needed | ratio |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for before, after in zip(table["before"], table["after"], strict=True):
        print(_row("before (main)", before))
        print(_row("after", after))


if __name__ == "__main__":
    main()
