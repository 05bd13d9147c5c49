"""Importing generated 10,000-question GIFT and Moodle XML files (issue #8; target under 3 s each),
each in a fresh process so its peak memory can be read. Run: .venv/bin/python benchmarks/bench_import.py"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench_export import question

from quizapp.core.formats.writers import render

CHILD = """
import resource, sys, time
from pathlib import Path
from quizapp.core.clock import SystemClock
from quizapp.core.context import AppContext
ctx = AppContext.open(Path(sys.argv[2]), SystemClock())
start = time.perf_counter()
preview = ctx.imports.preview(Path(sys.argv[1]))
report, _ = ctx.imports.run(preview)
elapsed = time.perf_counter() - start
assert report.written and report.imported == 10_000, (report.imported, preview.errors[:3])
print(f"{elapsed:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""


def main() -> None:
    questions = [question(i) for i in range(10_000)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for fmt, suffix in (("gift", ".gift"), ("moodle-xml", ".xml")):
            path = work / f"set{suffix}"
            path.write_text(render(fmt, questions, set_name="Generated").text, encoding="utf-8")
            size = path.stat().st_size / 1e6
            runs = []
            for attempt in range(3):
                out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(work / f"data-{fmt}-{attempt}")],
                                     capture_output=True, text=True, check=True).stdout.split()
                runs.append((float(out[0]), float(out[1])))
            seconds = sorted(r[0] for r in runs)[1]
            peak = max(r[1] for r in runs)
            print(f"{fmt:<10} {size:5.1f} MB, 10,000 questions: parse + validate + import {seconds:.2f} s "
                  f"(median of 3), peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
