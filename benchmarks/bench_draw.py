"""Drawing a ccma-full mock exam (150 scored + 30 unscored) from a 10,000-question bank (issue #6):
the pool query, the stratified draw, and starting the exam (draw + 180 committed items).
Run: .venv/bin/python benchmarks/bench_draw.py"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from _common import write_generated_bank

from quizapp.core.clock import SystemClock
from quizapp.core.context import AppContext
from quizapp.core.exam.blueprints import exam_blueprints
from quizapp.core.exam.draw import draw_exam, load_pool


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ctx = AppContext.open(work / "data", SystemClock(), write_generated_bank(work, 10_000))
        ctx.bank.ensure_installed()
        profile = ctx.profiles.current().id
        with ctx.db.sessions() as session:
            blueprint = next(b for b in exam_blueprints(session) if b.slug == "ccma-full")
            pool_times, draw_times = [], []
            for seed in range(10):
                start = time.perf_counter()
                pool = load_pool(session, profile, blueprint)
                middle = time.perf_counter()
                items = draw_exam(pool, blueprint, seed)
                pool_times.append(middle - start)
                draw_times.append(time.perf_counter() - middle)
            assert len(items) == 180
        starts = []
        for _ in range(10):
            start = time.perf_counter()
            ctx.exams.start(profile, "ccma-full", seed=random.randrange(1 << 30))
            starts.append(time.perf_counter() - start)
        ctx.close()
    print(f"pool of {len(pool)} candidates loaded: median {statistics.median(pool_times) * 1000:.1f} ms")
    print(f"stratified draw of 180 items: median {statistics.median(draw_times) * 1000:.1f} ms")
    print(f"start a ccma-full exam (draw + 180 items committed): median {statistics.median(starts) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
