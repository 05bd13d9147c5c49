"""The shape every command returns, so the CLI prints text or JSON the same way for all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.core.errors import Located


@dataclass
class CommandResult:
    payload: dict[str, Any]
    exit_code: int = 0
    lines: list[str] = field(default_factory=list)  # human output on stdout
    problems: list[Located] = field(default_factory=list)  # human output on stderr
    error: Located | None = None  # the JSON `error` on failure


def failure(empty: dict[str, Any], error: Located, problems: list[Located] | None = None) -> CommandResult:
    return CommandResult(dict(empty), 1, [], problems or [error], error)
