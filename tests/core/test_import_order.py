"""Every core module imports on its own, first.

A circular import shows only when one module of the cycle is the first to load (a test file run
alone, a command that touches it first), so the full suite's import order hides it. This test
imports each module of quizapp.core in a fresh package state, in a child interpreter so the
suite's own modules are untouched.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import importlib, pkgutil, sys
import quizapp.core
names = sorted(m.name for m in pkgutil.walk_packages(quizapp.core.__path__, "quizapp.core."))
failed = []
for name in names:
    for loaded in [n for n in sys.modules if n == "quizapp" or n.startswith("quizapp.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:  # report every module that cannot be imported first
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print(len(names))
print("\n".join(failed))
"""


def test_every_core_module_imports_first() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=300, check=True)
    count, *failures = done.stdout.strip().splitlines()
    assert int(count) > 100
    assert [line for line in failures if line] == []
