"""Bank build and install (the real bank and a generated 10,000-question one), and opening the
database when nothing needs migrating. Run: .venv/bin/python benchmarks/bench_bank.py"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from _common import median_ms, write_generated_bank

from quizapp.core.bank.build import compile_bank, install_bank
from quizapp.core.bank.load import load_bank
from quizapp.core.clock import SystemClock
from quizapp.core.datafiles import question_bank_dir
from quizapp.core.db.engine import open_database


def build_and_install(bank_dir: Path, work: Path) -> tuple[float, float, float, int]:
    clock = SystemClock()
    t0 = time.perf_counter()
    bank = load_bank(bank_dir)
    assert bank.ok, bank.problems[:3]
    t1 = time.perf_counter()
    compile_bank(bank, work / "bank.sqlite", clock.now())
    t2 = time.perf_counter()
    db = open_database(work / "data", clock.now())
    t3 = time.perf_counter()
    with db.sessions.begin() as session:
        install_bank(session, bank, clock.now())
    t4 = time.perf_counter()
    db.dispose()
    return t1 - t0, t2 - t1, t4 - t3, len(bank.questions)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, bank_dir in (("built-in bank", question_bank_dir()),
                                ("generated bank", write_generated_bank(work / "gen", 10_000))):
            runs = [build_and_install(bank_dir, work / f"{label}-{i}".replace(" ", "-")) for i in range(3)]
            n = runs[0][3]
            load = statistics.median(r[0] for r in runs)
            build = statistics.median(r[1] for r in runs)
            install = statistics.median(r[2] for r in runs)
            print(f"{label} ({n} questions): read+validate {load:.3f} s, compile {build:.3f} s, "
                  f"install into a user db {install:.3f} s; read+install {load + install:.3f} s")
        # Opening a database at head: the start-up path (no Alembic import).
        data = work / "open"
        open_database(data, SystemClock().now()).dispose()
        samples = []
        for _ in range(30):
            start = time.perf_counter()
            open_database(data, SystemClock().now()).dispose()
            samples.append(time.perf_counter() - start)
        print(f"open database + migration check, nothing to migrate: median {median_ms(samples)} over 30")


if __name__ == "__main__":
    main()
