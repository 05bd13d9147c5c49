"""SQLite's checks over a 1,000,000-answer database (issue #18): what they cost, and that the window
stays responsive while the background one runs.

Run: .venv/bin/python benchmarks/bench_check.py [--answers 1000000] [--keep DIR | --reuse DIR]
(offscreen Qt; no display needed). The database is generated as `bench_stats.py` does (ten years
of daily sessions over the real bank). Prints, medians of 3 unless said:

- quick_check: what a command pays before its first write, and the app before its first write
  when its background check has not passed yet;
- integrity_check: `quizapp db check`, the app's background check after its first paint;
- the daily backup: the copy (SQLite's backup API) plus the integrity check of the copy;
- the background work as the app runs it (check, then the day's backup), once;
- the window while that runs: the longest event-loop stall seen by a 10 ms timer (a frame is
  16 ms), against the same measured with nothing running;
- `quizapp db check --json` as a whole process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_stats import generate  # noqa: E402

from quizapp.core.clock import SystemClock  # noqa: E402
from quizapp.core.context import AppContext  # noqa: E402
from quizapp.core.db.backup import backups_dir, check_and_back_up, take_backup  # noqa: E402
from quizapp.core.db.engine import DB_NAME  # noqa: E402
from quizapp.core.db.health import check_file  # noqa: E402


def _median(fn, runs: int = 3) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def prepare(data: Path, answers: int) -> int:
    ctx = AppContext.open(data, SystemClock())
    ctx.bank.ensure_installed()
    ctx.profiles.current()
    ctx.close()
    return generate(data, 1, answers)["items"]


def stalls(data: Path, with_check: bool) -> tuple[float, float, int]:
    """(longest event-loop stall in ms, seconds measured, timer ticks) while the window's
    background check runs (or for 3 s of nothing)."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from quizapp.ui.app import create_main_window
    from quizapp.ui.main_window import MainWindow

    MainWindow.CHECK_DELAY_MS = 3_600_000  # only the check started below runs while measuring
    window = create_main_window(data, SystemClock())
    window.resize(1180, 800)
    window.show()
    app = QApplication.instance()
    app.processEvents()
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    worst = [0]
    ticks = [0]

    def tick() -> None:
        now = clock.elapsed()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now
        ticks[0] += 1

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    start = time.perf_counter()
    worker = window.start_background_check() if with_check else None
    while (worker.is_alive() if worker else time.perf_counter() - start < 3.0):
        app.processEvents()
        time.sleep(0.001)
    took = time.perf_counter() - start
    timer.stop()
    window.close()
    return float(worst[0]), took, ticks[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--keep", type=Path, help="write the data dir here and keep it")
    group.add_argument("--reuse", type=Path, help="a data dir a previous --keep wrote")
    args = parser.parse_args()
    data = args.reuse or args.keep or Path(tempfile.mkdtemp(prefix="quizapp-bench-check-"))
    data.mkdir(parents=True, exist_ok=True)
    answers = args.answers if args.reuse else prepare(data, args.answers)
    db_path = data / DB_NAME
    size = db_path.stat().st_size
    shutil.rmtree(backups_dir(db_path), ignore_errors=True)

    quick = _median(lambda: check_file(db_path, full=False))
    full = _median(lambda: check_file(db_path, full=True))
    clock = SystemClock()
    backup = _median(lambda: take_backup(db_path, clock.now(), "bench"))
    shutil.rmtree(backups_dir(db_path), ignore_errors=True)
    start = time.perf_counter()
    assert check_and_back_up(db_path, clock.now() + timedelta(days=1)).ok
    background = time.perf_counter() - start
    shutil.rmtree(backups_dir(db_path), ignore_errors=True)
    idle_stall, _, _ = stalls(data, with_check=False)
    busy_stall, busy_s, ticks = stalls(data, with_check=True)
    shutil.rmtree(backups_dir(db_path), ignore_errors=True)
    cli = _median(lambda: subprocess.run([sys.executable, "-m", "quizapp", "--data-dir", str(data), "db", "check",
                                          "--json"], capture_output=True, check=True, cwd=ROOT))

    print(f"database              {answers:,} answers, {size / 2**20:.0f} MiB")
    print(f"quick_check           {quick:.2f} s")
    print(f"integrity_check       {full:.2f} s")
    print(f"daily backup          {backup:.2f} s (copy + integrity_check of the copy)")
    print(f"background work       {background:.2f} s (integrity_check, then the verified daily backup)")
    print(f"window while it runs  longest stall {busy_stall:.0f} ms over {busy_s:.1f} s ({ticks} ticks of 10 ms); "
          f"idle {idle_stall:.0f} ms")
    print(f"quizapp db check      {cli:.2f} s per process")
    if args.keep is None and args.reuse is None:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
