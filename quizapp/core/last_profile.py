"""Which profile this computer used last on a shared database, kept in the local data dir.

On a class's server the database's own "last used" is whoever used any lab computer last; a lab
computer must not open that student's profile (DESIGN.md). So on a server each computer keeps
its own last-used profile in `last-profile.json` in its data dir, per database.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

FILE_NAME = "last-profile.json"


class LastProfile:
    def __init__(self, data_dir: Path, database: str) -> None:
        self._path = data_dir / FILE_NAME
        self._database = database

    def _read(self) -> dict[str, int]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and type(v) is int}

    def get(self) -> int | None:
        return self._read().get(self._database)

    def set(self, profile_id: int) -> None:
        """Remembers the profile; a folder that cannot be written only means it is not remembered."""
        data = self._read()
        data[self._database] = profile_id
        try:
            fd, tmp = tempfile.mkstemp(prefix=".last-profile-", dir=self._path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.replace(tmp, self._path)
        except OSError:
            pass
