"""quizapp.core never imports Qt: checked in a fresh interpreter where PySide6 cannot load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import quizapp.core

_PROBE = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6') or name.startswith('quizapp.ui'):
            raise ImportError('core imported ' + name)
        return None
sys.meta_path.insert(0, Block())
import quizapp.core
count = 0
for info in pkgutil.walk_packages(quizapp.core.__path__, 'quizapp.core.'):
    if '.migrations' in info.name:
        continue
    importlib.import_module(info.name)
    count += 1
print(count)
"""


def test_every_core_module_imports_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 15


def test_no_core_source_mentions_a_qt_import() -> None:
    root = Path(quizapp.core.__file__).parent
    offenders = [
        str(path) for path in root.rglob("*.py")
        if any(line.lstrip().startswith(("import PySide6", "from PySide6", "import shiboken6"))
               for line in path.read_text(encoding="utf-8").splitlines())
    ]
    assert offenders == []
