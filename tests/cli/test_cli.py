"""The command line's contract: JSON shapes, exit codes, and never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.datafiles import BANK_DIR_ENV
from tests.helpers.bank import DOCS_DIR, make_bank, question, render_file

STATS_KEYS = {"questions", "by_domain", "by_subdomain", "by_topic", "by_difficulty", "answer_positions",
              "with_rationale", "with_citation", "key_longest_share", "by_set", "with_media", "by_source"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict | str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, (json.loads(out) if "--json" in argv else out), err


@pytest.fixture
def small_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    questions = [question("v-1"), question("v-2", stem="Which reading is taken at the wrist?", answer="B",
                                              options=["Temperature", "Pulse", "Height", "Weight"])]
    bank = make_bank(tmp_path, {"vitals.toml": render_file(questions)})
    monkeypatch.setenv(BANK_DIR_ENV, str(bank))
    return bank


def test_bank_check_json_ok(capsys, small_bank: Path) -> None:
    code, payload, _ = run(capsys, "bank", "check", "--documents", str(DOCS_DIR), "--json")
    assert code == 0
    assert payload == {"ok": True, "questions": 2, "problems": []}


def test_bank_check_reports_file_line_and_exits_1(capsys, small_bank: Path) -> None:
    path = small_bank / "questions" / "vitals.toml"
    path.write_text(render_file([question("v-1", answer="F")]), encoding="utf-8")
    code, text, err = run(capsys, "bank", "check")
    assert code == 1
    line = render_file([question("v-1", answer="F")]).split("\n").index('answer = "F"') + 1
    assert f"vitals.toml:{line}: answer F is outside the options (A-D)" in err
    code, payload, _ = run(capsys, "bank", "check", "--json")
    assert code == 1 and payload["ok"] is False and payload["questions"] == 0
    assert payload["problems"][0]["line"] == line
    assert payload["error"]["line"] == line and payload["error"]["file"].endswith("vitals.toml")


def test_bank_build_on_error_builds_nothing(capsys, small_bank: Path, tmp_path: Path) -> None:
    (small_bank / "questions" / "vitals.toml").write_text(render_file([question("v-1", options=["a"])]))
    out = tmp_path / "bank.sqlite"
    code, payload, err = run(capsys, "bank", "build", "--out", str(out), "--json")
    assert code == 1 and not out.exists()
    assert "exactly four options" in payload["error"]["message"]
    assert payload["questions"] == 0


def test_bank_build_writes_the_file(capsys, small_bank: Path, tmp_path: Path) -> None:
    out = tmp_path / "bank.sqlite"
    code, payload, _ = run(capsys, "bank", "build", "--out", str(out), "--json")
    assert code == 0 and out.stat().st_size > 0 and payload["questions"] == 2


def test_bank_stats_json_shape(capsys, small_bank: Path) -> None:
    code, payload, _ = run(capsys, "bank", "stats", "--json")
    assert code == 0 and set(payload) == STATS_KEYS
    assert payload["questions"] == 2
    assert payload["by_domain"] == {"Clinical Patient Care": 2}
    assert payload["by_subdomain"] == {"Patient Intake and Vitals": 2}
    assert payload["answer_positions"] == {"A": 1, "B": 1, "C": 0, "D": 0}
    assert payload["by_difficulty"] == {"1": 2, "2": 0, "3": 0}
    assert payload["with_rationale"] == 2 and payload["with_citation"] == 2
    assert payload["key_longest_share"] == 0.5  # "Sphygmomanometer" is the longest option
    assert payload["by_set"] == {"builtin": 2} and payload["with_media"] == 0
    assert payload["by_source"] == {"guide.txt": 2}


def test_sets_json_lists_both_builtin_sets(capsys, small_bank: Path, tmp_path: Path) -> None:
    code, payload, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "sets", "--json")
    assert code == 0
    assert payload == {"sets": [
        {"slug": "builtin", "name": "Career-guide bank", "questions": 2, "enabled": True,
         "origin": "question_bank/questions/"},
        {"slug": "essentials", "name": "CCMA Essentials", "questions": 0, "enabled": True,
         "origin": "question_bank/essentials/"},
    ]}


def test_data_dir_from_environment(capsys, small_bank: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "env-data"))
    assert run(capsys, "sets")[0] == 0
    assert (tmp_path / "env-data" / "quizapp.sqlite").exists()


def test_a_damaged_database_exits_1_without_touching_it(capsys, small_bank: Path, tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "quizapp.sqlite").write_bytes(b"\x00garbage" * 64)
    code, payload, err = run(capsys, "--data-dir", str(data), "sets", "--json")
    assert code == 1
    assert payload["error"]["file"].endswith("quizapp.sqlite") and "damaged" in payload["error"]["message"]
    assert "damaged" in err
    assert (data / "quizapp.sqlite").read_bytes() == b"\x00garbage" * 64


def test_an_unwritable_data_dir_is_a_clear_message(capsys, small_bank: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    code, _, err = run(capsys, "--data-dir", str(blocker / "x"), "sets")
    assert code == 1 and "cannot create the data folder" in err


@pytest.mark.parametrize("argv", [["frobnicate"], ["bank"], ["bank", "check", "--nope"], ["sets", "--json", "extra"]])
def test_usage_errors_exit_2(capsys, argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and "quizapp" in err


def test_usage_error_with_json_prints_one_object(capsys) -> None:
    code = main(["sets", "--json", "--bogus"])
    out, _ = capsys.readouterr()
    assert code == 2 and set(json.loads(out)) == {"error"}


def test_the_installed_entry_points_run(tmp_path: Path) -> None:
    for argv in ([sys.executable, "-m", "quizapp", "bank", "stats", "--json"],
                 [str(Path(sys.executable).parent / "quizapp"), "bank", "stats", "--json"]):
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert set(json.loads(result.stdout)) == STATS_KEYS


def test_no_display_says_how_to_run_it(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QUIZAPP_DATA_DIR": str(tmp_path / "d")}
    result = subprocess.run([sys.executable, "-m", "quizapp"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "xvfb-run" in result.stderr and "Traceback" not in result.stderr


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    """`quizapp bank stats --json | head -c 5`: the reader leaves early; no traceback follows."""
    child = subprocess.Popen([sys.executable, "-m", "quizapp", "bank", "stats", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(5)
    child.stdout.close()
    err = child.stderr.read().decode()
    child.wait(timeout=120)
    assert "Traceback" not in err
