"""Property: an import that fails leaves the database byte-for-byte as it was (issue #8)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.engine import DB_NAME
from quizapp.core.db.location import DatabaseLocation

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
SAMPLES = [p.read_bytes() for p in sorted(DATA.iterdir()) if p.is_file()]


def _damaged(data: st.DataObject) -> bytes:
    """A real sample cut short, with a few bytes changed, or plain random bytes."""
    if data.draw(st.booleans()):
        return data.draw(st.binary(max_size=2000))
    sample = data.draw(st.sampled_from(SAMPLES))
    cut = sample[: data.draw(st.integers(0, len(sample)))]
    flips = data.draw(st.lists(st.tuples(st.integers(0, max(len(cut) - 1, 0)), st.integers(0, 255)), max_size=5))
    raw = bytearray(cut)
    for index, value in flips:
        if raw:
            raw[index] = value
    return bytes(raw)


@pytest.mark.sqlite_only
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), fmt=st.sampled_from([None, "gift", "aiken", "moodle-xml", "csv", "json"]))
def test_a_failed_import_changes_nothing(tmp_path: Path, migrated_template: DatabaseLocation,
                                         data: st.DataObject, fmt: str | None) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    assert migrated_template.sqlite_path is not None
    shutil.copyfile(migrated_template.sqlite_path, folder / DB_NAME)
    upload = folder / "upload.txt"
    upload.write_bytes(_damaged(data))
    before = (folder / DB_NAME).read_bytes()
    ctx = AppContext.open(folder, FakeClock())
    try:
        report, changes = ctx.imports.run(ctx.imports.preview(upload, fmt))
    finally:
        ctx.close()
    if not report.written:
        assert not changes
        assert (folder / DB_NAME).read_bytes() == before
    shutil.rmtree(folder)
