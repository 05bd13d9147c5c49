"""Suite-wide set-up: offscreen Qt before anything imports it, and a private data dir per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QUIZAPP_DATA_DIR", None)

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.db.engine import DB_NAME, open_database


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the real user's data or settings."""
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated to head once per run; tests copy it (Anki's trick)."""
    folder = tmp_path_factory.mktemp("template")
    db = open_database(folder, FakeClock().now())
    db.dispose()
    return folder / DB_NAME


@pytest.fixture
def data_dir(tmp_path: Path, migrated_template: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(migrated_template, folder / DB_NAME)
    yield folder
