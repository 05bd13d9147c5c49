"""Where user data lives (contract): --data-dir, else QUIZAPP_DATA_DIR, else the platform's folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "QUIZAPP_DATA_DIR"


def resolve_data_dir(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("quizapp", appauthor=False))
