"""Reads bank TOML files and remembers where each question and key stands.

`tomllib` gives values but no positions; problems must name a line, so each file is also scanned
for `[[question]]` headers and `key =` lines (skipping the insides of multi-line strings).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.core.errors import Located

_HEADER = re.compile(r"^\s*\[\[\s*question\s*\]\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=")
_TOML_POS = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass
class RawQuestion:
    """One `[[question]]` table with the file-level defaults it inherits."""

    file: str
    line: int
    data: dict[str, Any]
    defaults: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, self.defaults.get(key, default))


@dataclass
class BankFile:
    path: Path
    display: str
    questions: list[RawQuestion]


def _positions(text: str) -> list[tuple[int, dict[str, int]]]:
    """(header line, {key: line}) for each `[[question]]`, in order."""
    found: list[tuple[int, dict[str, int]]] = []
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        if _HEADER.match(line):
            found.append((number, {}))
            continue
        match = _KEY.match(line)
        if match and found:
            found[-1][1].setdefault(match.group(1), number)
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_multiline = quote
                break
    return found


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_bank_file(path: Path) -> tuple[BankFile | None, list[Located]]:
    display = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Located(display, None, "not UTF-8 text")]
    except OSError as exc:
        return None, [Located(display, None, f"cannot be read ({exc.strerror})")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POS.search(str(exc))
        line = int(match.group(1)) if match else None
        message = _TOML_POS.sub("", str(exc)).strip()
        return None, [Located(display, line, f"not valid TOML: {message}")]
    raw = data.get("question", [])
    if not isinstance(raw, list):
        return None, [Located(display, None, "`question` must be an array of tables ([[question]])")]
    defaults = {k: v for k, v in data.items() if k != "question"}
    positions = _positions(text)
    questions = []
    for index, item in enumerate(raw):
        line, key_lines = positions[index] if index < len(positions) else (1, {})
        questions.append(RawQuestion(display, line, item, defaults, key_lines))
    return BankFile(path, display, questions), []
