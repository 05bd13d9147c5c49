"""`quizapp db check`, and every command facing a damaged database (issue #18, cases 1 and 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.clock import FakeClock
from quizapp.core.datafiles import BANK_DIR_ENV
from quizapp.core.db.backup import take_backup
from quizapp.core.db.engine import DB_NAME
from tests.helpers.bank import make_bank, question, render_file
from tests.helpers.damage import overwrite_page, table_page

GIFT = "::new-1:: Which instrument measures blood pressure? {=Sphygmomanometer ~Otoscope ~Centrifuge ~Autoclave}\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected error" not in out + err
    return code, json.loads(out) if "--json" in argv else {}, err


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data dir with a small bank installed and a profile (so nothing is left to create)."""
    bank = make_bank(tmp_path, {"vitals.toml": render_file([question("v-1"), question("v-2")])})
    monkeypatch.setenv(BANK_DIR_ENV, str(bank))
    folder = tmp_path / "d"
    assert main(["--data-dir", str(folder), "stats", "--json"]) == 0
    capsys.readouterr()
    return folder


def test_db_check_on_a_sound_database(capsys, data: Path) -> None:
    code, payload, _ = run(capsys, "--data-dir", str(data), "db", "check", "--json")
    assert (code, payload) == (0, {"ok": True, "problems": []})


def test_db_check_finds_a_damaged_page_and_exits_1(capsys, data: Path) -> None:
    db_path = data / DB_NAME
    overwrite_page(db_path, table_page(db_path, "question_report"))
    before = db_path.read_bytes()
    code, payload, err = run(capsys, "--data-dir", str(data), "db", "check", "--json")
    assert code == 1 and payload["ok"] is False and payload["problems"]
    assert payload["error"]["file"] == str(db_path) and "damaged" in payload["error"]["message"]
    code, _, err = run(capsys, "--data-dir", str(data), "db", "check")
    assert code == 1 and "the database is damaged" in err
    assert db_path.read_bytes() == before


def test_db_check_without_a_database(capsys, tmp_path: Path) -> None:
    code, payload, _ = run(capsys, "--data-dir", str(tmp_path / "none"), "db", "check", "--json")
    assert (code, payload) == (0, {"ok": True, "problems": []})
    assert not (tmp_path / "none" / DB_NAME).exists()


def test_an_import_never_writes_to_a_damaged_database(capsys, data: Path, tmp_path: Path) -> None:
    db_path = data / DB_NAME
    overwrite_page(db_path, table_page(db_path, "question_report"))  # a table an import never reads
    before = db_path.read_bytes()
    source = tmp_path / "new.gift"
    source.write_text(GIFT, encoding="utf-8")
    code, payload, err = run(capsys, "--data-dir", str(data), "import", str(source), "--json")
    assert code == 1 and "damaged" in payload["error"]["message"] and "nothing was written" in err
    assert db_path.read_bytes() == before
    assert not (data / f"{DB_NAME}-wal").exists() or (data / f"{DB_NAME}-wal").stat().st_size == 0


@pytest.mark.parametrize("table", ["question_set", "profile"])
def test_meeting_a_damaged_page_is_the_damaged_message_not_an_unexpected_error(capsys, data: Path,
                                                                             table: str) -> None:
    db_path = data / DB_NAME
    overwrite_page(db_path, table_page(db_path, table))
    code, payload, err = run(capsys, "--data-dir", str(data), "sets" if table == "question_set" else "stats",
                             "--json")
    assert code == 1 and "the database is damaged" in payload["error"]["message"]
    assert payload["error"]["file"] == str(db_path)


def test_an_empty_database_with_a_backup_is_damaged_and_names_the_backup(capsys, data: Path) -> None:
    backup = take_backup(data / DB_NAME, FakeClock().now(), "daily")
    (data / DB_NAME).write_bytes(b"")
    code, payload, err = run(capsys, "--data-dir", str(data), "sets", "--json")
    assert code == 1 and "empty" in payload["error"]["message"] and str(backup) in err
    assert (data / DB_NAME).read_bytes() == b""
    code, payload, _ = run(capsys, "--data-dir", str(data), "db", "check", "--json")
    assert code == 1 and payload["problems"] == ["the file is empty (0 bytes)"]


@pytest.fixture
def storage_limit(request):
    """Every SQLite connection the command opens gets `pragma` (a full disk via max_page_count at
    the current size, or a read-only database via query_only): CI runs as root, whom file
    permissions and small disks do not stop."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    pragma = request.param

    def limit(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        if pragma == "full":
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
        else:
            cursor.execute("PRAGMA query_only = 1")
        cursor.close()

    event.listen(Engine, "connect", limit)
    yield pragma
    event.remove(Engine, "connect", limit)


@pytest.mark.parametrize("storage_limit", ["full", "read-only"], indirect=True)
def test_a_full_disk_or_a_read_only_database_is_said_in_words(capsys, data: Path, tmp_path: Path,
                                                              storage_limit: str) -> None:
    db_path = data / DB_NAME
    source = tmp_path / "many.gift"
    source.write_text("".join(f"::n-{i}:: Question number {i} about vital signs, at some length? "
                              f"{{=Right {i} ~Wrong {i} ~Other {i} ~None {i}}}\n\n" for i in range(300)),
                      encoding="utf-8")
    code, payload, err = run(capsys, "--data-dir", str(data), "import", str(source), "--json")
    assert code == 1
    words = "is full" if storage_limit == "full" else "read-only"
    assert words in payload["error"]["message"] and "not saved" in err
    code, payload, _ = run(capsys, "--data-dir", str(data), "sets", "--json")  # reading still works
    assert code == 0 and [s["slug"] for s in payload["sets"]] == ["builtin", "essentials"]
    assert db_path.exists()
