"""The README tells the truth about the repository: the screenshots it shows are exactly what
`.ci/screenshots.py` makes, the files and scripts it names are here, and the tools it tells a
developer to run exist after the set-up it names."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def screenshots_script():  # the .ci/screenshots.py module, loaded by path
    spec = importlib.util.spec_from_file_location("ci_screenshots", ROOT / ".ci" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)  # defines the scenes; renders nothing until main()
    return module


def test_every_screenshot_the_readme_shows_is_made_by_the_screenshot_script() -> None:
    shown = re.findall(r"!\[[^\]]*\]\(\.ci/screenshots/([a-z0-9-]+)\.png\)", README)
    script = screenshots_script()
    assert tuple(shown) == script.README_SHOTS
    made = {name for names, _ in script.SCENES for name in names}
    assert set(script.README_SHOTS) <= made
    kept = sorted(p.stem for p in (ROOT / ".ci" / "screenshots").glob("*.png"))
    assert kept == sorted(shown)  # no picture in the repository that the README does not show
    assert not list((ROOT / "benchmarks").glob("*shots*"))  # one place makes pictures


def test_files_the_readme_names_are_in_the_repository() -> None:
    words = [w for quoted in re.findall(r"`([^`]+)`", README) for w in quoted.split()]
    paths = {w.strip("'\"") for w in words if re.fullmatch(r"[\w.-]+(/[\w.-]*)+|[\w-]+\.(?:py|md|toml|json)", w)}
    paths = {p for p in paths if not p.startswith(("../", ".venv/", "/", "~"))}  # beside or outside the repo
    top = {entry.name for entry in ROOT.iterdir()}
    files = re.compile(r".+\.(?:py|md|toml|json|png|svg|qss|txt|gift|xml|csv)")  # not "CMA/RMA", "true/false."
    paths = {p for p in paths if p.split("/")[0] in top or files.fullmatch(p.rsplit("/", 1)[-1])}
    missing = [p for p in sorted(paths)
               if not (ROOT / p).exists() and not (ROOT / "benchmarks" / p).exists()]
    assert missing == []
    assert "CONTENT.md" not in README  # the content rules are not in this repository


def test_the_tools_the_readme_names_come_with_the_setup_it_names() -> None:
    assert "`.venv/bin/lint-imports`" in README and "bash .ci/setup '[test]'" in README
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/setup '[test]'" in run and ".venv/bin/lint-imports" in run
    assert (Path(sys.executable).parent / "lint-imports").exists()  # this suite runs with the test extra


@pytest.mark.slow
def test_the_screenshots_come_out_the_same_and_leave_no_temporary_folder(tmp_path: Path) -> None:
    """Two runs give byte-identical pictures, and the temporary folder is left as it was found."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    runs = []
    for n in range(2):
        out = tmp_path / f"run{n}"
        done = subprocess.run([sys.executable, str(ROOT / ".ci" / "screenshots.py"), "--only",
                               "home,practice-feedback", "--out", str(out)], env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr
        runs.append({p.name: p.read_bytes() for p in out.iterdir()})
        assert list(temp.iterdir()) == []  # nothing left behind
    assert sorted(runs[0]) == ["home.png", "practice-feedback.png"] and runs[0] == runs[1]
    refused = subprocess.run([sys.executable, str(ROOT / ".ci" / "screenshots.py"), "--only", "nosuch"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "unknown picture nosuch" in refused.stderr
