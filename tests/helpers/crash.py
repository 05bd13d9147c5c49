"""The paced crash harness (issue #18, case 6): a real child process takes a mock exam, answering,
flagging and moving at random, and is killed with SIGKILL at a random moment *while it works*.

The child announces each action before it acts (`do …`) and acknowledges it only once the
engine's call has returned, i.e. once it is committed (`ack …`, with the exam's elapsed time);
every line ends with " ." so that one cut short by the kill is recognised and ignored.
Time is a FakeClock the child moves by a fraction of a second per action (and a second per clock
tick), so an engine that kept answers in memory until its next 4-second checkpoint would be
caught: at a random kill, the answers it acknowledged since are gone. After the kill the parent
reopens the database and checks every acknowledged answer, flag and move, allowing only the one
action that was in flight (announced, not acknowledged) to have landed or not, and the clock to
be at most 5 s behind the last time the child printed.

Used by tests/core/exam/test_crash_paced.py (a few trials) and benchmarks/bench_crash.py (many).
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0
BLUEPRINT = "ccma-quick"

CHILD = r"""
import json, random, sys, time
from pathlib import Path
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.exam.service import ExamService
from quizapp.core.profiles import ensure_default

data_dir, bank_dir, plan = Path(sys.argv[1]), (Path(sys.argv[2]) if sys.argv[2] else None), json.loads(sys.argv[3])
rng = random.Random(plan["seed"])
clock = FakeClock()
ctx = AppContext.open(data_dir, clock, bank_dir)
ctx.bank.ensure_installed()
with ctx.db.sessions.begin() as session:
    profile_id = ensure_default(session, clock.now()).id
engine, _ = ExamService(ctx.db.sessions, clock).start(profile_id, plan["blueprint"], seed=plan["seed"])


class Lazy:
    # A deliberately broken engine for the harness's self-test: it acknowledges answers and
    # flags at once but commits them only at its next 4-second checkpoint.
    def __init__(self, real):
        self.real, self.pending, self.since = real, [], 0.0
    def state(self):
        return self.real.state()
    def answer(self, position, chosen):
        self.pending.append(("answer", position, chosen))
    def set_flag(self, position, flagged):
        self.pending.append(("flag", position, flagged))
    def go_to(self, position):
        return self.real.go_to(position)
    def tick(self):
        self.since += 1
        if self.since >= 4:
            for kind, position, value in self.pending:
                (self.real.answer if kind == "answer" else self.real.set_flag)(position, value)
            self.pending, self.since = [], 0.0
        return self.real.tick()


exam = Lazy(engine) if plan["lazy"] else engine
items = engine.state().items
flags = [item.flagged for item in items]
print("ready", profile_id, len(items), ".", flush=True)
while True:  # the exam runs on until the parent kills this process
    roll = rng.random()
    position = rng.randrange(len(items))
    if roll < 0.55:
        index = rng.randrange(len(items[position].question.choices))
        print("do answer", position, index, ".", flush=True)
        exam.answer(position, [items[position].question.choices[index].position])
        print("ack answer", position, index, engine.state().elapsed_seconds, ".", flush=True)
    elif roll < 0.75:
        flags[position] = not flags[position]
        print("do flag", position, int(flags[position]), ".", flush=True)
        exam.set_flag(position, flags[position])
        print("ack flag", position, int(flags[position]), engine.state().elapsed_seconds, ".", flush=True)
    elif roll < 0.85:
        print("do move", position, 0, ".", flush=True)
        exam.go_to(position)
        print("ack move", position, 0, engine.state().elapsed_seconds, ".", flush=True)
    else:
        clock.advance(1.0)
        exam.tick()
        print("tick", engine.state().elapsed_seconds, ".", flush=True)
    clock.advance(rng.uniform(0.05, 0.6))
    time.sleep(rng.uniform(0.0, 0.004))  # real time too, so the kill lands in and between commits
"""


_FIELDS = {"ready": 4, "do": 5, "ack": 6, "tick": 3}  # each line ends with "." (so a cut one shows)


@dataclass
class Trial:
    seed: int
    acks: int  # acknowledged actions before the kill
    lost: list[str] = field(default_factory=list)  # acknowledged actions not found after the kill
    behind: float = 0.0  # seconds the committed clock is behind the last printed
    in_flight_landed: bool | None = None  # the unacknowledged action: committed or not (None: none)

    @property
    def ok(self) -> bool:
        return not self.lost and self.behind <= 5.0


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.strip())
    lines.put(None)


def run_child(data_dir: Path, bank_dir: Path | None, seed: int, *, lazy: bool = False,
              kill_after: int | None = None) -> tuple[list[str], str]:
    """Starts the child, lets it acknowledge a random number of actions (`kill_after`, else 5–80),
    waits a random 0–6 ms more and kills it with SIGKILL; returns every line it printed."""
    rng = random.Random(seed * 7919 + 1)
    kill_after = kill_after if kill_after is not None else rng.randint(5, 80)
    plan = {"seed": seed, "blueprint": BLUEPRINT, "lazy": lazy}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir), str(bank_dir or ""), json.dumps(plan)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(child.stdout, lines), daemon=True).start()
    printed: list[str] = []
    try:
        acked = 0
        while acked < kill_after:
            line = lines.get(timeout=TIMEOUT)
            if line is None:
                raise AssertionError(f"the child ended early: {child.stderr.read() if child.stderr else ''}")
            printed.append(line)
            acked += line.startswith("ack ") and line.endswith(" .")
        time.sleep(rng.uniform(0.0, 0.006))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, child.returncode
    while (line := lines.get(timeout=TIMEOUT)) is not None:
        printed.append(line)
    return printed, child.stderr.read() if child.stderr else ""


def expected_state(printed: list[str]) -> tuple[dict[int, int], dict[int, bool], int, tuple[str, int, int] | None,
                                                float, int]:
    """From the child's lines: acknowledged answers {position: option index}, flags, the current
    position, the action in flight (announced, never acknowledged), the last elapsed time printed
    and how many actions were acknowledged."""
    answers: dict[int, int] = {}
    flags: dict[int, bool] = {}
    current = 0
    pending: tuple[str, int, int] | None = None
    last_elapsed = 0.0
    acks = 0
    for number, line in enumerate(printed):
        parts = line.split()
        if len(parts) != _FIELDS.get(parts[0] if parts else "", -1) or parts[-1] != ".":
            # Only the last line may be cut short: the kill can land inside its write.
            assert number == len(printed) - 1, f"unexpected line from the child: {line!r}"
            break
        if parts[0] == "do":
            pending = (parts[1], int(parts[2]), int(parts[3]))
        elif parts[0] == "ack":
            kind, position, value = parts[1], int(parts[2]), int(parts[3])
            if kind == "answer":
                answers[position] = value
            elif kind == "flag":
                flags[position] = bool(value)
            else:
                current = position
            last_elapsed = float(parts[4])
            pending = None
            acks += 1
        elif parts[0] == "tick":
            last_elapsed = float(parts[1])
    return answers, flags, current, pending, last_elapsed, acks


def check_after_kill(printed: list[str], data_dir: Path, bank_dir: Path | None, seed: int) -> Trial:
    """Reopens the killed child's database and compares it with what the child acknowledged."""
    from quizapp.core.clock import FakeClock
    from quizapp.core.context import AppContext
    from quizapp.core.exam.service import ExamService

    answers, flags, current, pending, last_elapsed, acks = expected_state(printed[1:])
    ready = printed[0].split()
    assert ready[0] == "ready", printed[:3]
    profile_id, total = int(ready[1]), int(ready[2])
    trial = Trial(seed, acks)
    ctx = AppContext.open(data_dir, FakeClock(), bank_dir)
    try:
        exams = ExamService(ctx.db.sessions, ctx.clock)
        found = exams.in_progress(profile_id)
        assert found is not None, "the exam in progress was lost"
        engine, _ = exams.resume(found.attempt_id)
        state = engine.state()
    finally:
        ctx.close()
    landed: set[bool] = set()
    for item in state.items:
        position = item.position
        stored = [c.position for c in item.question.choices]
        got = stored.index(item.chosen[0]) if item.chosen else None
        want = answers.get(position)
        if got != want:
            if pending and pending[0] == "answer" and pending[1] == position and got == pending[2]:
                landed.add(True)
            else:
                trial.lost.append(f"answer {position}: acknowledged {want}, stored {got}")
        elif pending and pending[0] == "answer" and pending[1] == position and want != pending[2]:
            landed.add(False)
        want_flag = flags.get(position, False)
        if item.flagged != want_flag:
            if pending and pending[0] == "flag" and pending[1] == position and item.flagged == bool(pending[2]):
                landed.add(True)
            else:
                trial.lost.append(f"flag {position}: acknowledged {want_flag}, stored {item.flagged}")
    if state.current_index != current:
        if pending and pending[0] == "move" and pending[1] == state.current_index:
            landed.add(True)
        else:
            trial.lost.append(f"current question: acknowledged {current}, stored {state.current_index}")
    assert len(state.items) == total
    committed = state.time_limit_seconds - state.remaining_seconds
    trial.behind = max(0.0, last_elapsed - committed)
    trial.in_flight_landed = None if pending is None else (True in landed)
    return trial


def trial(data_dir: Path, bank_dir: Path | None, seed: int, *, lazy: bool = False,
          kill_after: int | None = None) -> Trial:
    printed, stderr = run_child(data_dir, bank_dir, seed, lazy=lazy, kill_after=kill_after)
    assert printed and printed[0].startswith("ready"), stderr
    return check_after_kill(printed, data_dir, bank_dir, seed)
