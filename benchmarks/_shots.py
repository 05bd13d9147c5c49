"""What the screenshot scripts share: their options, the window they drive, saving a picture.

Each script drives the real window offscreen over a fresh data dir; the pictures go to
`.ci/screenshots/` for the README unless `--out` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from quizapp.core.clock import FakeClock
from quizapp.ui.app import create_main_window
from quizapp.ui.main_window import MainWindow
from quizapp.ui.theme import ThemeName

OUT = Path(__file__).resolve().parent.parent / ".ci" / "screenshots"


def screenshot_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--size", default="1180x820")
    parser.add_argument("--out", type=Path, default=OUT)
    return parser.parse_args()


def open_window(args: argparse.Namespace, clock: FakeClock, prefix: str) -> MainWindow:
    """The app over a fresh data dir, in the theme, text size and window size asked for; the
    first-run naming banner is skipped as a student might."""
    width, height = (int(n) for n in args.size.split("x"))
    window = create_main_window(Path(tempfile.mkdtemp(prefix=prefix)), clock)
    window.set_theme(ThemeName.DARK if args.dark else ThemeName.LIGHT)
    window.set_text_scale(args.scale)
    window.resize(width, height)
    window.show()
    window.home.skip_name.click()
    return window


def settle() -> None:
    for _ in range(3):  # wrapped labels settle over a couple of layout passes
        QApplication.processEvents()


def shoot(window: QWidget, out: Path, name: str) -> None:
    settle()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def shoot_full(page: QWidget, out: Path, name: str) -> None:
    """The whole scrolling page, not only the part the window shows."""
    settle()
    out.mkdir(parents=True, exist_ok=True)
    page.property("scrollArea").widget().grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")
