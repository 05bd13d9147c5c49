"""Start-up as whole processes (issue #3): medians of several runs, beside two floors measured in
the same run. Run: .venv/bin/python benchmarks/bench_startup.py  (offscreen; no display needed)

- bare window: QApplication + a QMainWindow with a label, shown, one event-loop pass
- stack floor: the same after importing PySide6.QtWidgets, sqlalchemy.orm and alembic
- first paint: quizapp's window painted (what `quizapp` shows before it opens the data)
- home with data: the data opened, the bank checked and the home page painted with its numbers
- home with a long history: the same over a profile with `--answers` answers (default
  1,000,000, written as bench_stats.py writes them), beside home with none; the target is
  within 1.1x, since the home page reads summaries kept by the answer path, never the answers
Each figure is the time from spawning the process to the child reporting the event.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS = 7
HISTORY_RUNS = 15  # whole-process times vary by a tenth of a second on a shared machine
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

BARE = """
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([]); w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.show()
app.processEvents(); print("painted", flush=True)
"""
FLOOR = """
import PySide6.QtWidgets, sqlalchemy.orm, alembic
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([]); w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.show()
app.processEvents(); print("painted", flush=True)
"""
QUIZAPP = """
import resource, sys
from pathlib import Path
from quizapp.core.clock import SystemClock
from quizapp.ui.app import _application
from quizapp.ui.main_window import MainWindow
app = _application()
w = MainWindow(Path(sys.argv[1]), SystemClock()); w.resize(1180, 800); w.show()
app.processEvents(); print("painted", flush=True)
w.load(); app.processEvents(); print("home", flush=True)
print("rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def spawn(code: str, *args: str) -> dict[str, float]:
    """Seconds from spawn to each event line the child prints; `rss` in KiB."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=ENV)
    assert child.stdout is not None
    events: dict[str, float] = {}
    for line in child.stdout:
        name, *value = line.split()
        events[name] = float(value[0]) if value else time.perf_counter() - start
    child.wait()
    return events


def with_history(data: Path, answers: int) -> Path:
    """A copy of `data` whose profile has `answers` answers over ten years, and review cards.

    Written by a child process: Linux counts a process's peak memory from before it was
    exec'd, so a benchmark that grew by building a million rows would inflate the peak
    memory of every child it starts afterwards."""
    full = Path(tempfile.mkdtemp(prefix="quizapp-bench-history-"))
    shutil.copytree(data, full, dirs_exist_ok=True)
    subprocess.run([sys.executable, __file__, "--write-history", str(full), "--answers", str(answers)], check=True)
    return full


def core_ms(folder: Path, runs: int = 30) -> float:
    """Median milliseconds for what the home page asks core, in this process: the same calls,
    without the process start-up and Qt around them (so without their noise)."""
    from quizapp.core.clock import SystemClock
    from quizapp.core.context import AppContext

    samples = []
    for _ in range(runs):
        ctx = AppContext.open(folder, SystemClock())
        start = time.perf_counter()
        ctx.bank.ensure_installed()
        profile = ctx.profiles.current()
        ctx.overview.overview(profile.id)
        ctx.practice.in_progress(profile.id)
        ctx.review.due_count(profile.id)
        ctx.exams.in_progress(profile.id)
        samples.append(time.perf_counter() - start)
        ctx.close()
    return statistics.median(samples) * 1000


def write_history(full: Path, answers: int) -> None:
    from bench_stats import add_review_cards, generate

    from quizapp.core.clock import SystemClock
    from quizapp.core.context import AppContext

    ctx = AppContext.open(full, SystemClock())
    profile_id = ctx.profiles.current().id
    ctx.close()
    generate(full, profile_id, answers)
    ctx = AppContext.open(full, SystemClock())
    add_review_cards(ctx, profile_id)
    ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000, help="answers in the long history (0: skip)")
    parser.add_argument("--write-history", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_history:
        write_history(args.write_history, args.answers)
        return
    data = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    first = spawn(QUIZAPP, str(data))  # first start: creates the database and installs the bank
    full = with_history(data, args.answers) if args.answers else None
    samples: dict[str, list[float]] = {"bare": [], "floor": [], "painted": [], "home": [], "rss": []}
    for _ in range(RUNS):
        samples["bare"].append(spawn(BARE)["painted"])
        samples["floor"].append(spawn(FLOOR)["painted"])
        run = spawn(QUIZAPP, str(data))
        samples["painted"].append(run["painted"])
        samples["home"].append(run["home"])
        samples["rss"].append(run["rss"])
    pairs: dict[str, list[float]] = {"none": [], "history": []}
    for i in range(HISTORY_RUNS if full is not None else 0):  # alternated, so load drifts hit both alike
        order = (("none", data), ("history", full)) if i % 2 else (("history", full), ("none", data))
        for name, folder in order:
            pairs[name].append(spawn(QUIZAPP, str(folder))["home"])
    med = {k: statistics.median(v) for k, v in {**samples, **pairs}.items() if v}
    print(f"bare window          {med['bare']:.3f} s")
    print(f"stack floor          {med['floor']:.3f} s")
    print(f"quizapp first paint  {med['painted']:.3f} s  = {med['painted'] / med['bare']:.2f}x bare (target <= 2.5x)")
    print(f"quizapp home + data  {med['home']:.3f} s  = {med['home'] / med['floor']:.2f}x floor (target <= 1.3x)")
    print(f"peak memory          {med['rss'] / 1024:.0f} MiB (target <= 120 MiB)")
    print(f"first start ever (database created, bank installed): home in {first['home']:.3f} s")
    if full is not None:
        ratio = med["history"] / med["none"]
        print(f"home, {args.answers:,} answers  {med['history']:.3f} s  = {ratio:.2f}x home with none "
              f"({med['none']:.3f} s; {HISTORY_RUNS} alternated runs each; target <= 1.1x)")
        core = {name: core_ms(folder) for name, folder in (("none", data), ("history", full))}
        print(f"  home's data from core, in process: {core['none']:.1f} ms with none, "
              f"{core['history']:.1f} ms with {args.answers:,}")
        shutil.rmtree(full, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
