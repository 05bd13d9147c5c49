"""The command line's contract: JSON shapes, exit codes, and never a traceback."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
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


def _free_display_number() -> int:
    return next(n for n in range(97, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())


def _advice(result: subprocess.CompletedProcess[str], *after: str) -> None:
    """The advice is printed, names no missing library, and its commands work when copied."""
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert "Traceback" not in err and "xcb-cursor" not in err and "Aborted" not in err
    script = Path(sys.executable).parent / "quizapp"  # this venv's quizapp, by its absolute path
    assert f"    xvfb-run -a {shlex.join([str(script), *after])}\n" in err
    if os.geteuid() == 0:
        assert "sudo" not in err  # root has no need of it, and a container may not have it
    install = [line for line in err.splitlines() if "apt-get install" in line]
    assert install == ([] if shutil.which("xvfb-run") else [install[0]])


@pytest.mark.parametrize("display", ["unset", "missing"])
def test_no_display_says_how_to_run_it(tmp_path: Path, display: str) -> None:
    """With no display, or DISPLAY naming one that does not exist, quizapp says how to run it
    instead of letting Qt abort (exit 134 with "xcb-cursor0 is needed"); it checks quickly."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QUIZAPP_DATA_DIR": str(tmp_path / "d")}
    if display == "missing":
        env["DISPLAY"] = f":{_free_display_number()}"
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "quizapp"], capture_output=True, text=True, env=env, timeout=120)
    assert time.monotonic() - started < 10
    _advice(result)
    if display == "missing":
        assert f"DISPLAY is '{env['DISPLAY']}'" in result.stderr
    result = subprocess.run([sys.executable, "-m", "quizapp", "--data-dir", "my data"], capture_output=True, text=True,
                            env=env, timeout=120, cwd=tmp_path)
    _advice(result, "--data-dir", str(tmp_path / "my data"))


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="xvfb-run is not installed here")
def test_the_advice_works_when_copied(tmp_path: Path) -> None:
    """The command printed with no display, run as printed: the window opens (it is still
    running, not aborted, after a few seconds) and is then closed."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QUIZAPP_DATA_DIR": str(tmp_path / "d")}
    advice = subprocess.run([sys.executable, "-m", "quizapp"], capture_output=True, text=True, env=env, timeout=120)
    command = next(line.strip() for line in advice.stderr.splitlines() if line.strip().startswith("xvfb-run"))
    child = subprocess.Popen(shlex.split(command), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)  # its own process group: Xvfb and the app go together
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            child.wait(timeout=8)
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=30)
    assert b"could not connect to display" not in child.stderr.read()


def test_the_display_probe_finds_a_listening_x_server(tmp_path: Path) -> None:
    from quizapp.ui.launch import display_kind, x_display_opens

    assert not x_display_opens(":7", tmp_path) and not x_display_opens("nonsense", tmp_path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(tmp_path / "X7"))
        server.listen()
        assert x_display_opens(":7", tmp_path) and x_display_opens("unix:7.0", tmp_path)
        assert display_kind({"DISPLAY": ":7"}, tmp_path) == "x11"
        assert display_kind({"DISPLAY": ":8"}, tmp_path) is None
        assert display_kind({"DISPLAY": ":7", "QT_QPA_PLATFORM": "wayland"}, tmp_path) is None
        assert display_kind({"DISPLAY": ":7", "QT_QPA_PLATFORM": "wayland;xcb"}, tmp_path) == "x11"
    assert display_kind({"QT_QPA_PLATFORM": "offscreen"}, tmp_path) == "own"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        number = next(n for n in range(50, 100) if _bindable(server, 6000 + n))
        server.listen()
        assert x_display_opens(f"127.0.0.1:{number}", tmp_path)
    assert not x_display_opens(f"127.0.0.1:{number}", tmp_path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(tmp_path / "wayland-1"))
        server.listen()
        wayland = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
        assert display_kind({**wayland, "XDG_SESSION_TYPE": "wayland"}, tmp_path) == "wayland"
        assert display_kind({**wayland, "QT_QPA_PLATFORM": "wayland"}, tmp_path) == "wayland"
        assert display_kind(wayland, tmp_path) is None  # outside a Wayland session Qt opens X11 only
        assert display_kind({**wayland, "QT_QPA_PLATFORM": "xcb;wayland"}, tmp_path) == "wayland"


def _bindable(server: socket.socket, port: int) -> bool:
    try:
        server.bind(("127.0.0.1", port))
    except OSError:
        return False
    return True


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


# -- exit codes: a usage error is 2, a name that does not exist is 1 (DESIGN.md) ------------------

PACK = ["pack", "export", "--name", "Week 3 quiz", "--minutes", "15", "--pass-mark", "70", "--out"]


def _pack(tmp_path: Path, *changes: str) -> list[str]:
    """`pack export` with valid values, then `changes` (later options override earlier ones)."""
    return ["--data-dir", str(tmp_path / "d"), *PACK, str(tmp_path / "pack.json"), *changes]


def _one_error_object(out: str) -> dict:
    payload = json.loads(out)  # exactly one object: json.loads refuses anything after it
    assert set(payload["error"]) == {"file", "line", "message"} and payload["error"]["message"]
    return payload


@pytest.mark.parametrize("changes, said", [
    (["--minutes", "0", "--domain", "Phlebotomy=1"], "from 1 to 600 minutes"),
    (["--minutes", "601", "--domain", "Phlebotomy=1"], "from 1 to 600 minutes"),
    (["--minutes", "-5", "--domain", "Phlebotomy=1"], "from 1 to 600 minutes"),
    (["--pass-mark", "0", "--domain", "Phlebotomy=1"], "percent from 1 to 100"),
    (["--pass-mark", "0.7", "--domain", "Phlebotomy=1"], "percent from 1 to 100"),
    (["--pass-mark", "101", "--domain", "Phlebotomy=1"], "percent from 1 to 100"),
    (["--pass-mark", "150%", "--domain", "Phlebotomy=1"], "percent from 1 to 100"),
    (["--pass-mark", "nan", "--domain", "Phlebotomy=1"], "percent from 1 to 100"),
    (["--domain", "Phlebotomy=-3"], "from 0 to 1000"),
    (["--domain", "Phlebotomy=1001"], "from 0 to 1000"),
    (["--domain", "Phlebotomy=0"], "at least one item"),
    (["--domain", "Phlebotomy=1", "--domain", "phlebotomy=2"], "named twice"),
    (["--domain", "Astrology=2"], "unknown domain"),
    (["--name", "  ", "--domain", "Phlebotomy=1"], "give the exam pack a name"),
])
def test_out_of_range_values_are_usage_errors(capsys, small_bank: Path, tmp_path: Path, changes: list[str],
                                              said: str) -> None:
    code, _, err = run(capsys, *_pack(tmp_path, *changes))
    assert code == 2 and said in err
    code, out, _ = run(capsys, *_pack(tmp_path, *changes), "--json")
    assert code == 2 and said in _one_error_object(json.dumps(out))["error"]["message"]
    assert not (tmp_path / "pack.json").exists()


def test_pack_pass_mark_is_a_percent_and_help_says_so(capsys, small_bank: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZAPP_INSTRUCTOR_PASSPHRASE", "correct horse battery")
    code, out, _ = run(capsys, *_pack(tmp_path, "--pass-mark", "1", "--domain", "Patient Intake and Vitals=2"),
                       "--json")
    assert code == 0 and out["pass_mark"] == 0.01  # 1 is one percent, never read as 100%
    code, out, _ = run(capsys, *_pack(tmp_path, "--pass-mark", "72.5%", "--domain", "Patient Intake and Vitals=2"),
                       "--json")
    assert code == 0 and out["pass_mark"] == 0.725
    with pytest.raises(SystemExit):
        main(["pack", "export", "--help"])
    assert "a percent of items correct from 1 to 100" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("argv, keys", [
    (["pack", "export", "--name", "Q", "--minutes", "5", "--pass-mark", "70", "--set", "nosuch=2", "--out", "p.json"],
     {"pack", "name", "out", "minutes", "pass_mark", "questions", "signer"}),
    (["export", "--set", "nosuch", "--format", "gift", "--out", "x.gift"],
     {"set", "format", "out", "questions", "media"}),
    (["blueprint", "check", "nosuch"], {"blueprint", "minutes", "scored", "unscored", "can_fill", "distinct_exams",
                                        "domains"}),
    (["stats", "--profile", "Nobody"], {"profile", "answered", "correct", "accuracy", "domains", "mock_exams",
                                        "review_due", "readiness", "bookmarks", "notes", "streak_days",
                                        "daily_goal"}),
    (["notes", "show", "nosuch"], set()),
    (["bank", "stats", "--set", "nosuch"], STATS_KEYS),
])
def test_a_name_that_does_not_exist_exits_1(capsys, small_bank: Path, tmp_path: Path, monkeypatch,
                                             argv: list[str], keys: set[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUIZAPP_INSTRUCTOR_PASSPHRASE", "correct horse battery")
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), *argv)
    assert code == 1 and ("nosuch" in err or "Nobody" in err)
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), *argv, "--json")
    assert code == 1 and set(_one_error_object(json.dumps(out))) == keys | {"error"}
    assert not list(tmp_path.glob("*.json")) and not list(tmp_path.glob("*.gift"))


def test_version_with_json_prints_json(capsys) -> None:
    from quizapp import __version__

    assert main(["--version", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"version": __version__}
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"quizapp {__version__}\n"
    assert main(["--help", "--json"]) == 0
    assert "usage: quizapp" in json.loads(capsys.readouterr().out)["help"]


@pytest.mark.parametrize("argv", [["frobnicate", "--json"], ["sets", "--json", "--bogus"], ["bank", "--json"],
                                  ["pack", "export", "--json"], ["import", "--json"]])
def test_every_usage_error_with_json_is_one_error_object(capsys, argv: list[str]) -> None:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and set(_one_error_object(out)) == {"error"} and "Traceback" not in out + err
