"""Starting the GUI from the command line, including the no-display case."""

from __future__ import annotations

import os
import sys


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY_HELP = """quizapp: no display found, so the window cannot open.
Run it on a desktop session, or under a virtual display:
    sudo apt-get install xvfb
    xvfb-run -a quizapp
(Headless commands work without a display: try 'quizapp --help'.)"""


def launch_gui(data_dir: str | None) -> int:
    if not _has_display():
        print(NO_DISPLAY_HELP, file=sys.stderr)
        return 1
    from quizapp.ui.app import main as gui_main

    return gui_main(data_dir)
