"""kill -9 mid-exam: a real child process takes an exam and is killed while its clock runs;
reopened, the exam resumes with every answer, flag, the current item and the time within 5 s.

The child uses a FakeClock it advances one second per tick (so "time" is exact and fast) and
prints the elapsed time after each tick; it is killed once right at a checkpoint and once three
ticks after one, the most a checkpoint can lag.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.db.location import ENV_VAR as DATABASE_ENV
from quizapp.core.db.location import DatabaseLocation
from tests.core.exam.conftest import open_world
from tests.helpers.databases import Backend

REPO = Path(__file__).resolve().parents[3]
TIMEOUT = 60.0

CHILD = r"""
import json, sys, time
from pathlib import Path
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.exam.service import ExamService
from quizapp.core.profiles import ensure_default

data_dir, bank_dir, plan = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
clock = FakeClock()
ctx = AppContext.open(data_dir, clock, bank_dir)
ctx.bank.ensure_installed()
with ctx.db.sessions.begin() as session:
    profile_id = ensure_default(session, clock.now()).id
engine, _ = ExamService(ctx.db.sessions, clock).start(profile_id, "ccma-quick", seed=plan["seed"])
items = engine.state().items
for position, choice in plan["answers"]:
    clock.advance(13)
    engine.answer(position, [items[position].question.choices[choice].position])
for position in plan["flags"]:
    clock.advance(2)
    engine.set_flag(position, True)
clock.advance(1)
engine.go_to(plan["current"])
print("ready", engine.attempt_id, profile_id, flush=True)
while True:  # the exam runs on until the parent kills this process
    clock.advance(1)
    engine.tick()
    print("elapsed", engine.state().elapsed_seconds, flush=True)
    time.sleep(0.001)
"""

PLAN = {"seed": 77, "answers": [[0, 2], [3, 0], [4, 3], [9, 1], [17, 2], [29, 0]], "flags": [3, 11, 20],
        "current": 14}


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.strip())
    lines.put(None)


@pytest.mark.slow
@pytest.mark.parametrize("ticks", [23, 24], ids=["3s-after-a-checkpoint", "at-a-checkpoint"])
def test_an_exam_survives_kill_9_with_answers_flags_position_and_time(
    tmp_path: Path, backend: Backend, full_bank: tuple[Path, DatabaseLocation], ticks: int
) -> None:
    bank_dir, template = full_bank
    data = tmp_path / "data"
    database = backend.clone(template, data)
    env = {**os.environ, "PYTHONPATH": str(REPO),
           DATABASE_ENV: database.url.render_as_string(hide_password=False) if database.is_server else ""}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(bank_dir), json.dumps(PLAN)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(child.stdout, lines), daemon=True).start()
    try:
        first = lines.get(timeout=TIMEOUT)
        assert first is not None and first.startswith("ready"), child.stderr.read() if child.stderr else first
        _, attempt_text, profile_id = first.split()
        attempt_id = int(attempt_text)
        printed = [first]
        while len(printed) <= ticks:
            line = lines.get(timeout=TIMEOUT)
            assert line is not None, child.stderr.read() if child.stderr else "the child ended early"
            printed.append(line)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    while (line := lines.get(timeout=TIMEOUT)) is not None:
        printed.append(line)
    last_printed = float([p for p in printed if p.startswith("elapsed")][-1].split()[1])

    world = open_world(data, FakeClock(), bank_dir, database)
    try:
        found = world.exams.in_progress(int(profile_id))
        assert found is not None and found.attempt_id == attempt_id
        engine, _ = world.exams.resume(attempt_id)
        state = engine.state()
        assert {i.position: i.chosen_letters for i in state.items if i.answered} == {
            position: "ABCD"[choice] for position, choice in PLAN["answers"]}
        assert state.flagged == tuple(PLAN["flags"])
        assert state.current_index == PLAN["current"]
        # At the kill the child's exam time was between its last printed value and one tick more;
        # the committed time is at most 4 s (one checkpoint interval) behind that.
        committed = state.time_limit_seconds - state.remaining_seconds
        assert last_printed - 5 < committed <= last_printed + 1
        assert committed >= 6 * 13 + 3 * 2 + 1 + ticks - 5
    finally:
        world.ctx.close()
        backend.release(database)
