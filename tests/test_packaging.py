"""What an installed quizapp carries: the wheel's metadata (MIT licence file, a long description
with no relative image or link that a package index could not resolve, no PySide6-Addons)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from hatch_build import SCREENSHOTS_NOTE, long_description

ROOT = Path(__file__).resolve().parent.parent
TARGETS = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)")
RELATIVE_HTML = re.compile(r"""(?:src|href)=["'](?![a-z][a-z0-9+.-]*:|#)""", re.IGNORECASE)


def relative_targets(markdown: str) -> list[str]:
    return [t for t in TARGETS.findall(markdown) if not re.match(r"[a-z][a-z0-9+.-]*:|#", t, re.IGNORECASE)]


def test_the_long_description_keeps_absolute_links_and_drops_relative_ones() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert relative_targets(readme)  # the repository's README shows its screenshots…
    described = long_description(readme)
    assert relative_targets(described) == [] and SCREENSHOTS_NOTE in described  # …the index says where they are
    assert "## Command line" in described and "| `quizapp sets [--json]` |" in described
    sample = "See [the spec](https://example.org/x), [notes](docs/notes.md), ![a chart](img/c.png) and [top](#top)."
    assert long_description(sample) == "See [the spec](https://example.org/x), notes, a chart and [top](#top)."


@pytest.mark.slow
def test_the_wheel_has_the_licence_and_no_broken_relative_links(tmp_path: Path) -> None:
    """Builds the wheel as `pip wheel` does (hatchling, isolated, from the local package index)."""
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    wheel = zipfile.ZipFile(next(tmp_path.glob("quizapp-*.whl")))
    names = wheel.namelist()
    info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert wheel.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
    assert b"MIT License" in wheel.read(f"{info}/licenses/LICENSE")
    metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode("utf-8"))
    assert metadata["License"] == "MIT" and metadata["License-File"] == "LICENSE"
    assert metadata["Description-Content-Type"] == "text/markdown"
    description = metadata.get_payload()
    assert description.startswith("# quizapp") and SCREENSHOTS_NOTE in description
    assert relative_targets(description) == [] and not RELATIVE_HTML.search(description)
    requires = metadata.get_all("Requires-Dist")
    assert any(r.lower().startswith("pyside6-essentials") for r in requires)
    assert not any("addons" in r.lower() for r in requires)
    assert "quizapp/_data/resources/icons/quizapp.svg" in names  # the icon the desktop entry installs
