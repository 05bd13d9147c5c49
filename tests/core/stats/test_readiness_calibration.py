"""The calibration benchmark in small (benchmarks/bench_readiness.py runs 300 students and more
answers): seeded students with known true rates practise through the core on the built-in
bank, and readiness must hold their truth about as often as it promises, without gross bias.

The tolerances are for 32 students, so that an estimator that keeps its word fails them by
chance less than once in a few hundred runs (the seed fixes the run; the tolerance is what keeps
an honest change to the code from tripping it):

- coverage: with a true coverage of 95%, 7 or more misses of 32 has probability 0.002, so at
  most 6 are allowed (the range is a 97% one, so 1 or 2 is usual);
- bias: the error of one student has a spread of about 11 points at 20 answers and 7 at 50, so
  the mean of 32 has about 2 and 1.3: a mean beyond 7 and 5 points (over 3 of those, beside the
  2 points of pull towards 50% a weak prior gives at 20) is a gross bias, not chance;
- width: the range must still say something (narrower on average than 60 points at 20 answers
  and 40 at 50; the benchmark measures it against the width needed).
"""

from __future__ import annotations

import shutil

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.engine import DB_NAME
from quizapp.core.db.location import DatabaseLocation
from tests.helpers.calibration import Simulator, scratch_dir, summarise

STUDENTS = 32
CHECKPOINTS = (20, 50)
MAX_MISSES = 6
MAX_BIAS = {20: 0.07, 50: 0.05}
MAX_WIDTH = {20: 0.60, 50: 0.40}


@pytest.mark.slow
@pytest.mark.sqlite_only  # the estimator's calibration, not SQL: the stats tests run its queries on both
def test_seeded_students_find_their_truth_inside_the_range(migrated_template: DatabaseLocation) -> None:
    assert migrated_template.sqlite_path is not None
    data = scratch_dir("quizapp-test-readiness-")
    try:
        shutil.copyfile(migrated_template.sqlite_path, data / DB_NAME)
        clock = FakeClock()
        ctx = AppContext.open(data, clock)
        try:
            ctx.bank.ensure_installed()
            simulator = Simulator(ctx, clock, seed=23)
            outcomes = [o for index in range(STUDENTS) for o in simulator.student(index, CHECKPOINTS)]
        finally:
            ctx.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    table = summarise(outcomes)["after"]
    assert [c.count for c in table] == list(CHECKPOINTS) and all(c.students == STUDENTS for c in table)
    for c in table:
        misses = round((1 - c.coverage) * STUDENTS)
        assert misses <= MAX_MISSES, f"{misses} of {STUDENTS} students outside the range at {c.count} answers"
        assert abs(c.bias) <= MAX_BIAS[c.count], f"bias {c.bias:+.3f} at {c.count} answers"
        assert c.mean_width <= MAX_WIDTH[c.count], f"mean width {c.mean_width:.2f} at {c.count} answers"
