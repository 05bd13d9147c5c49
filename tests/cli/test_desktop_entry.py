"""`quizapp --install-desktop-entry`: a freedesktop menu entry and icon for this user, starting
this install's quizapp; `--remove-desktop-entry` takes them away."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.core.datafiles import resources_dir
from quizapp.desktop import exec_quote

SCRIPT = Path(sys.executable).parent / "quizapp"  # this venv's quizapp


def quizapp(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *argv], capture_output=True, text=True, env=env, timeout=120)


def entry_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def exec_words(value: str) -> list[str]:
    """The Exec key as a launcher reads it: the string escapes (`\\\\` is one backslash), then
    the Exec quoting (inside double quotes a backslash escapes `"`, `` ` ``, `$` and itself),
    then `%%` as `%`."""
    text = value.replace("\\\\", "\\")
    words: list[str] = []
    word, quoted, i, started = "", False, 0, False
    while i < len(text):
        c = text[i]
        if quoted and c == "\\" and text[i + 1:i + 2] in ('"', "`", "$", "\\"):
            word, i = word + text[i + 1], i + 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started:
                words.append(word)
            word, started = "", False
        else:
            word, started = word + c, True
        i += 1
    assert not quoted
    if started:
        words.append(word)
    return [w.replace("%%", "%") for w in words]


def test_the_entry_and_icon_go_to_xdg_data_home_and_start_this_quizapp(tmp_path: Path) -> None:
    home, xdg, data = tmp_path / "home", tmp_path / "xdg data", tmp_path / "my 100% data"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_DATA_HOME": str(xdg)}
    result = quizapp(env, "--data-dir", str(data), "--install-desktop-entry")
    assert result.returncode == 0, result.stderr
    entry = xdg / "applications" / "quizapp.desktop"
    assert f"installed {entry}" in result.stdout
    keys = entry_keys(entry)
    assert keys["Type"] == "Application" and keys["Name"] == "quizapp" and keys["Icon"] == "quizapp"
    assert keys["Terminal"] == "false" and "Education;" in keys["Categories"]
    words = exec_words(keys["Exec"])
    assert words == [str(SCRIPT), "--data-dir", str(data)] and keys["TryExec"] == str(SCRIPT)
    icons = xdg / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "quizapp.svg").read_bytes() == \
        (resources_dir() / "icons" / "quizapp.svg").read_bytes()
    assert (icons / "48x48" / "apps" / "quizapp.png").is_file()
    assert (icons / "256x256" / "apps" / "quizapp.png").is_file()
    assert not home.exists()  # XDG_DATA_HOME was honoured: nothing under ~/.local
    started = subprocess.run([*words, "--version"], capture_output=True, text=True, timeout=120)
    assert started.returncode == 0 and started.stdout.startswith("quizapp ")  # Exec runs this install
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout

    assert quizapp(env, "--install-desktop-entry").returncode == 0  # again: replaced, not duplicated
    assert exec_words(entry_keys(entry)["Exec"]) == [str(SCRIPT)]
    assert len(list((xdg / "applications").glob("*.desktop"))) == 1
    removed = quizapp(env, "--remove-desktop-entry")
    assert removed.returncode == 0 and removed.stdout.count("removed ") == 4
    assert not entry.exists() and not list(icons.rglob("quizapp.*"))


def test_without_xdg_data_home_the_entry_goes_to_local_share(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": "relative/ignored"}
    assert quizapp(env, "--install-desktop-entry").returncode == 0
    assert (tmp_path / ".local" / "share" / "applications" / "quizapp.desktop").is_file()
    assert (tmp_path / ".local" / "share" / "icons" / "hicolor" / "scalable" / "apps" / "quizapp.svg").is_file()


def test_an_unwritable_place_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    result = quizapp({"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(blocker)},
                     "--install-desktop-entry")
    assert result.returncode == 1 and "cannot write the desktop entry" in result.stderr
    assert "Traceback" not in result.stderr
    assert quizapp({"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, "--install-desktop-entry", "sets").returncode == 2


@pytest.mark.parametrize("word, written", [
    ("/opt/quizapp/bin/quizapp", "/opt/quizapp/bin/quizapp"),
    ("/home/ann/my venv/bin/quizapp", '"/home/ann/my venv/bin/quizapp"'),
    ("/data/100%", "/data/100%%"),
    ('/a "b" $c `d` \\e', '"/a \\\\"b\\\\" \\\\$c \\\\`d\\\\` \\\\\\\\e"'),
])
def test_exec_arguments_are_quoted_as_the_spec_says(word: str, written: str) -> None:
    assert exec_quote(word) == written
    assert exec_words(written) == [word]
