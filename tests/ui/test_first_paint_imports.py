"""The window paints before the database stack loads.

SQLAlchemy costs about 180 ms to import on this class of machine; the first paint promises to
come before it (README, bench_startup.py). A type named at module level in a UI module is
enough to pull it in again (the database location did), so a child interpreter checks what is
loaded when the window has painted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import sys
from pathlib import Path
from quizapp.core.clock import SystemClock
from quizapp.ui.app import _application
from quizapp.ui.main_window import MainWindow
app = _application()
window = MainWindow(Path(sys.argv[1]), SystemClock())
window.show()
app.processEvents()
print(sorted({name.split(".")[0] for name in sys.modules} & {"sqlalchemy", "alembic", "psycopg"}))
"""


def test_the_window_paints_before_sqlalchemy_loads(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QUIZAPP_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True, text=True,
                          timeout=120, check=True, env=env)
    assert done.stdout.strip().splitlines()[-1] == "[]"
