"""History import: how long reading and merging a history file takes, and how much memory, for
a heavy real history and for a file at the import's limits (issue #24, case 6).

Run: .venv/bin/python benchmarks/bench_history.py [--answers 100000 500000] [--per-session 10]

For each size it writes a history file (format 2) of practice sessions over the real bank's
questions — `--per-session` answers each, a quarter of them wrong — and imports it into a fresh
copy of a database holding the built-in sets, in a child process (so its peak memory is its
own): the file's size, reading and checking it (`read_history`), merging it (`merge_history`,
one transaction) and the child's peak resident memory. The limits: 150 MB, 100,000 sessions,
500,000 answers per file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.core.clock import FakeClock  # noqa: E402
from quizapp.core.context import AppContext  # noqa: E402
from quizapp.core.db.engine import DB_NAME  # noqa: E402
from quizapp.core.db.models import Choice, Question, QuestionSet  # noqa: E402

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core import history
from datetime import UTC, datetime
folder, file = Path(sys.argv[1]), Path(sys.argv[2])
ctx = AppContext.open(folder, FakeClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC)))
me = ctx.profiles.current().id
start = time.perf_counter()
parsed = ctx.profiles.read_history(file)
read = time.perf_counter() - start
start = time.perf_counter()
report, _ = ctx.profiles.merge_history(me, parsed, into_other_profile=True)
merge = time.perf_counter() - start
ctx.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"read": read, "merge": merge, "peak_mib": peak, "sessions": report.attempts_added,
                  "answers": report.answers_added}))
"""


def _questions(ctx: AppContext) -> list[tuple[str, str, str, int, list[int]]]:
    """(set slug, id, kind, options, key positions) of every live built-in question."""
    with ctx.db.sessions() as session:
        rows = session.execute(
            __import__("sqlalchemy").select(QuestionSet.slug, Question.ext_id, Question.kind, Question.id)
            .join(QuestionSet, QuestionSet.id == Question.set_id).where(Question.retired == False)  # noqa: E712
        ).all()
        choices: dict[int, list[tuple[int, bool]]] = {}
        for qid, position, correct in session.execute(
                __import__("sqlalchemy").select(Choice.question_id, Choice.position, Choice.is_correct)):
            choices.setdefault(qid, []).append((position, bool(correct)))
    return [(slug, ext, kind, len(choices[qid]), [p for p, c in choices[qid] if c]) for slug, ext, kind, qid in rows
            if choices.get(qid)]


def history_file(path: Path, questions: list[tuple[str, str, str, int, list[int]]], answers: int,
                 per_session: int) -> None:
    rng = random.Random(7)
    sessions = []
    start = NOW - timedelta(days=3650)
    step = timedelta(days=3650) / max(1, answers // per_session)
    for number in range(answers // per_session):
        began = start + number * step
        items = []
        for position in range(per_session):
            slug, ext, kind, options, key = rng.choice(questions)
            right = rng.random() < 0.75
            chosen = key[:1] if right or options < 2 else [next(p for p in range(options) if p not in key)]
            if kind == "multiple" and right:
                chosen = key
            items.append({"position": position, "question": [slug, ext], "display_order": list(range(options)),
                          "chosen": chosen, "flagged": False, "guessed": False, "seconds_spent": 12.5,
                          "correct": right, "scored": True,
                          "answered_at": (began + timedelta(seconds=15 * position)).isoformat()})
        sessions.append({"id": str(uuid.UUID(int=rng.getrandbits(128))), "mode": "practice", "blueprint": None,
                         "seed": number, "started_at": began.isoformat(),
                         "submitted_at": (began + timedelta(minutes=10)).isoformat(), "elapsed_seconds": 0.0,
                         "checkpoint_at": None, "time_limit_seconds": None, "strict": False, "accommodation": 1.0,
                         "current_index": 0, "settings": {"feedback": True}, "score": None, "items": items})
    document = {"format": "quizapp-history", "version": 2, "app_version": "bench", "exported_at": NOW.isoformat(),
                "profile": "Bench", "profile_id": str(uuid.uuid4()), "attempts": sessions, "review_cards": [],
                "answer_daily": []}
    path.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, nargs="+", default=[100_000, 500_000])
    parser.add_argument("--per-session", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        ctx = AppContext.open(base, FakeClock(NOW))
        ctx.bank.ensure_installed()
        questions = _questions(ctx)
        ctx.close()
        for answers in args.answers:
            file = Path(tmp) / f"history-{answers}.json"
            history_file(file, questions, answers, args.per_session)
            folder = Path(tmp) / f"import-{answers}"
            folder.mkdir()
            shutil.copyfile(base / DB_NAME, folder / DB_NAME)
            out = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(file)], capture_output=True,
                                 text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            result = json.loads(out.stdout.strip().splitlines()[-1])
            size = file.stat().st_size
            print(f"{answers:,} answers in {result['sessions']:,} sessions: file {size / 2**20:.1f} MiB "
                  f"({size / answers:.0f} bytes per answer); read and checked {result['read']:.1f} s; merged "
                  f"{result['merge']:.1f} s; peak {result['peak_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
