"""Pack tests run on the export tests' data dirs: the instructor's (bank + sample sets) and fresh
students' ones."""

from __future__ import annotations

from tests.core.exports.conftest import bank_db, fresh, source  # noqa: F401 (fixtures)
