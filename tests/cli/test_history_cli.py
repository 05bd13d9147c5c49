"""`quizapp history export` and `quizapp history import` (DESIGN.md contract, issue #24)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.location import DatabaseLocation
from tests.core.stats.support import bank_dir, fresh_data_dir, practise  # noqa: F401 (fixture)

KEYS = {"profile", "sessions_added", "answers_added", "skipped", "recomputed", "warnings"}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_history_export_then_import_is_scriptable_and_checkable(tmp_path: Path, migrated_template: DatabaseLocation,
                                                                bank_dir: Path,  # noqa: F811
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZAPP_BANK_DIR", str(bank_dir))
    lab, home = (fresh_data_dir(tmp_path / name, migrated_template) for name in ("lab", "home"))
    ctx = AppContext.open(lab, FakeClock(), bank_dir)
    ctx.bank.ensure_installed()
    maya, _ = ctx.profiles.add("Maya")
    practise(ctx, maya.id, "Clinical Patient Care", right=2, wrong=1)
    ctx.close()
    out = tmp_path / "maya.json"
    code, payload = _run(capsys, "--data-dir", str(lab), "history", "export", "--profile", "maya", "--out", str(out),
                         "--json")
    assert code == 0 and payload == {"profile": "Maya", "out": str(out), "sessions": 1, "answers": 3,
                                     "review_cards": 1}

    code, payload = _run(capsys, "--data-dir", str(home), "history", "import", str(out), "--profile", "Default",
                         "--json")
    assert code == 1 and set(payload) == KEYS | {"error"} and payload["sessions_added"] == 0
    assert "--into-other-profile" in payload["error"]["message"] and payload["error"]["file"] == str(out)
    code, payload = _run(capsys, "--data-dir", str(home), "history", "import", str(out), "--profile", "Default",
                         "--into-other-profile", "--json")
    assert code == 0 and payload == {"profile": "Default", "sessions_added": 1, "answers_added": 3, "skipped": 0,
                                     "recomputed": 0, "warnings": []}
    code, payload = _run(capsys, "--data-dir", str(home), "history", "import", str(out), "--profile", "Default",
                         "--json")
    assert code == 0 and payload["sessions_added"] == 0  # the source is remembered; nothing twice

    code, payload = _run(capsys, "--data-dir", str(home), "history", "import", str(out), "--profile", "Nobody",
                         "--json")
    assert code == 1 and "no profile is called 'Nobody'" in payload["error"]["message"]
    assert main(["--data-dir", str(home), "history", "import", str(out)]) == 2  # --profile is required
    capsys.readouterr()
    code = main(["--data-dir", str(home), "history", "import", str(tmp_path / "missing.json"), "--profile",
                 "Default"])
    assert code == 1 and "no such file" in capsys.readouterr().err
