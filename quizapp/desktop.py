"""`quizapp --install-desktop-entry`: quizapp in the desktop's application menu, for this user.

Follows the freedesktop.org conventions: the entry goes to
`$XDG_DATA_HOME/applications/quizapp.desktop` (`~/.local/share/...` when XDG_DATA_HOME is unset
or not absolute) with `Exec` naming this install's `quizapp` by its absolute path (so the entry
starts the virtual environment it came from), and the icon to the `hicolor` theme there
(`icons/hicolor/scalable/apps/quizapp.svg`, plus 48 and 256 pixel PNGs). Nothing outside that
folder is touched; `--remove-desktop-entry` takes the same files away again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.datafiles import resources_dir

APP_ID = "quizapp"  # the desktop file's name, the icon's name and Qt's desktopFileName
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home(env: dict[str, str] | os._Environ[str] | None = None) -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the spec ignores relative ones), else ~/.local/share."""
    env = os.environ if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def quizapp_argv(data_dir: str | None = None) -> list[str]:
    """This install's quizapp as a command that works from any folder: the script beside this
    Python (a virtual environment's bin/), else this Python with `-m quizapp`; with
    `--data-dir` when one was chosen."""
    script = Path(os.path.abspath(sys.executable)).parent / ("quizapp.exe" if os.name == "nt" else "quizapp")
    words = [str(script)] if script.is_file() else [os.path.abspath(sys.executable), "-m", "quizapp"]
    if data_dir:
        words += ["--data-dir", os.path.abspath(data_dir)]
    return words


def exec_quote(word: str) -> str:
    """One argument of a desktop entry's Exec key: quoted where the spec says so, `%` doubled,
    then escaped as a desktop-file string (so a backslash is written twice)."""
    word = word.replace("%", "%%")
    if _RESERVED & set(word):
        word = '"' + "".join("\\" + c if c in '"`$\\' else c for c in word) + '"'
    return word.replace("\\", "\\\\")


def desktop_entry(argv: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=quizapp",
        "GenericName=CCMA practice exams",
        "Comment=Offline practice exams for the NHA CCMA (Certified Clinical Medical Assistant) exam",
        f"Exec={' '.join(exec_quote(w) for w in argv)}",
        f"TryExec={argv[0].replace(chr(92), chr(92) * 2)}",  # a plain path: only the string escapes
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Education;",
        "Keywords=CCMA;NHA;medical assistant;exam;practice;quiz;",
        f"StartupWMClass={APP_ID}",
        "",
    ])


@dataclass(frozen=True)
class DesktopFiles:
    entry: Path
    icons: tuple[Path, ...]

    @property
    def all(self) -> tuple[Path, ...]:
        return (self.entry, *self.icons)


def desktop_files(home: Path) -> DesktopFiles:
    hicolor = home / "icons" / "hicolor"
    return DesktopFiles(home / "applications" / f"{APP_ID}.desktop",
                        (hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
                         hicolor / "48x48" / "apps" / f"{APP_ID}.png",
                         hicolor / "256x256" / "apps" / f"{APP_ID}.png"))


def _refresh_menus(home: Path) -> None:
    """Tells the desktop to look again, where the usual tool is there; harmless without it."""
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, "-q", str(home / "applications")], capture_output=True, check=False, timeout=30)


def install(data_dir: str | None = None, home: Path | None = None) -> DesktopFiles:
    """Writes the entry and the icons (again, if they are there); returns where they went."""
    home = home or data_home()
    files = desktop_files(home)
    icons = resources_dir() / "icons"
    sources = (icons / f"{APP_ID}.svg", icons / f"{APP_ID}-48.png", icons / f"{APP_ID}-256.png")
    for source, target in zip(sources, files.icons, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    files.entry.parent.mkdir(parents=True, exist_ok=True)
    partial = files.entry.with_suffix(".desktop.part")
    partial.write_text(desktop_entry(quizapp_argv(data_dir)), encoding="utf-8")
    os.replace(partial, files.entry)  # a menu never reads half an entry
    _refresh_menus(home)
    return files


def remove(home: Path | None = None) -> list[Path]:
    """Removes what `install` wrote; returns the files that were there."""
    home = home or data_home()
    removed = [path for path in desktop_files(home).all if path.is_file()]
    for path in removed:
        path.unlink()
    if removed:
        _refresh_menus(home)
    return removed
