"""Starting the GUI from the command line, including the no-display case.

Qt aborts the whole process (exit 134, with a misleading "xcb-cursor0 is needed" message) when
the display it is pointed at cannot be opened, so the display is checked before Qt is imported:
a connection to the X server's or the Wayland compositor's socket, a few milliseconds. When none
answers, the advice printed is the exact command that works from here, copied as it stands.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.core.db.location import DatabaseLocation

X_SOCKETS = Path("/tmp/.X11-unix")
X_TCP_BASE = 6000
CONNECT_TIMEOUT = 0.5  # seconds: a display on this machine answers at once


def _connects(family: int, address: str | bytes | tuple[str, int]) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(address)
        return True
    except (OSError, ValueError):
        return False


def x_display_opens(display: str, sockets: Path = X_SOCKETS) -> bool:
    """Whether an X server listens for `display` (`:0`, `:1.0`, `unix:2`, `host:0`): its
    socket in `sockets` (or Linux's abstract namespace), or TCP port 6000 + N on the host."""
    host, colon, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not colon or not number.isdigit():
        return False
    if host.startswith("/"):  # macOS launchd-style sockets: a path, not a number
        return _connects(socket.AF_UNIX, display)
    if host in ("", "unix"):
        path = str(sockets / f"X{number}")
        return _connects(socket.AF_UNIX, path) or (
            sys.platform.startswith("linux") and _connects(socket.AF_UNIX, "\0" + path))
    return _connects(socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET,
                     (host.strip("[]"), X_TCP_BASE + int(number)))


def wayland_display_opens(env: Mapping[str, str]) -> bool:
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    path = name if name.startswith("/") else str(Path(env.get("XDG_RUNTIME_DIR", "/nonexistent")) / name)
    return _connects(socket.AF_UNIX, path)


def display_kind(env: Mapping[str, str] | None = None, sockets: Path = X_SOCKETS) -> str | None:
    """Which display Qt will open a window on ("x11", "wayland", or "own" for platforms this does
    not probe: offscreen, Windows, macOS…), or None when none answers: found without asking Qt,
    which aborts. Platforms are tried in Qt's order: QT_QPA_PLATFORM's list (`wayland;xcb`), else
    Wayland then X11 in a Wayland session, else X11 alone."""
    env = os.environ if env is None else env
    if sys.platform in ("win32", "darwin"):
        return "own"
    names = [part.split(":", 1)[0].strip() for part in env.get("QT_QPA_PLATFORM", "").split(";") if part.strip()]
    if not names:
        names = ["wayland", "xcb"] if env.get("XDG_SESSION_TYPE") == "wayland" else ["xcb"]
    for name in names:
        if name.startswith("wayland"):
            if wayland_display_opens(env):
                return "wayland"
        elif name == "xcb":
            if env.get("DISPLAY") and x_display_opens(env["DISPLAY"], sockets):
                return "x11"
        else:
            return "own"
    return None


def x_cursor_library_missing() -> bool:
    """Qt's X11 plugin (6.5 and later) needs libxcb-cursor; without it Qt aborts on start."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        ctypes.CDLL("libxcb-cursor.so.0")  # Qt loads it next anyway
    except OSError:
        return True
    return False


def quizapp_command(data_dir: str | None = None) -> str:
    """This install's quizapp (by absolute path, with its --data-dir) as a shell command."""
    import shlex

    from quizapp.desktop import quizapp_argv

    return shlex.join(quizapp_argv(data_dir))


def _as_root(command: str) -> str:
    """`command` as the current user can run it: as is for root, else through sudo if there is one."""
    import shutil

    if os.name != "posix" or os.geteuid() == 0:
        return command
    if shutil.which("sudo"):
        return f"sudo {command}"
    return f"{command}    # as root"


def no_display_help(data_dir: str | None = None) -> str:
    lines = ["quizapp: no display could be opened, so the window cannot open.",
             f"  (DISPLAY is {os.environ['DISPLAY']!r}, and no X server answers there.)" if os.environ.get("DISPLAY")
             else "  (DISPLAY is not set.)",
             "Run it on a desktop session, or under a virtual display:"]
    import shutil

    if not shutil.which("xvfb-run"):
        lines.append("    " + _as_root("apt-get install -y xvfb"))
    lines.append(f"    xvfb-run -a {quizapp_command(data_dir)}")
    lines.append("(Headless commands work without a display: try 'quizapp --help'.)")
    return "\n".join(lines)


def missing_cursor_help() -> str:
    return "\n".join(["quizapp: Qt's X11 support needs the library libxcb-cursor, which is not installed:",
                      "    " + _as_root("apt-get install -y libxcb-cursor0"),
                      "(or run `bash .ci/setup` in a checkout, which installs everything Qt needs)"])


def launch_gui(data_dir: str | None, database: DatabaseLocation | None = None) -> int:
    kind = display_kind()
    if kind is None:
        print(no_display_help(data_dir), file=sys.stderr)
        return 1
    if kind == "x11" and x_cursor_library_missing():
        print(missing_cursor_help(), file=sys.stderr)
        return 1
    from quizapp.ui.app import main as gui_main

    return gui_main(data_dir, database)
