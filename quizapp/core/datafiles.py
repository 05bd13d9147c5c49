"""Finds the bank and resource folders in a checkout and in an installed wheel alike.

In the repository they sit beside the package; a wheel maps them into `quizapp/_data/`
(see pyproject's force-include). Everything that reads them goes through here.
"""

from __future__ import annotations

import os
from pathlib import Path

BANK_DIR_ENV = "QUIZAPP_BANK_DIR"  # for bank authors and tests: another question_bank/ to use

_PACKAGE = Path(__file__).resolve().parent.parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / name  # missing: callers report it by its expected path


def question_bank_dir() -> Path:
    override = os.environ.get(BANK_DIR_ENV)
    return Path(override) if override else _find("question_bank")


def resources_dir() -> Path:
    return _find("resources")
