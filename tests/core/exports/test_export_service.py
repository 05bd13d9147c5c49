"""ExportService and `quizapp export`: the file is complete or absent, errors are plain."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.cli import main
from quizapp.core.context import AppContext
from quizapp.core.db.models import Question, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.formats import parse_file
from tests.helpers.databases import cli_args


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "csv", "json"])
def test_an_unwritable_path_is_a_clear_error_and_leaves_nothing(source: AppContext, tmp_path: Path,
                                                                fmt: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a-file").write_text("x")
    (folder / "a-folder.csv").mkdir()
    cases = {
        folder / "missing" / "set.out": "the folder does not exist",
        folder / "a-file" / "set.out": "part of the path is a file",
        folder / "a-folder.csv": "a folder has that name",
    }
    for path, reason in cases.items():
        with pytest.raises(UserError, match=reason) as caught:
            source.exports.export("every-feature", fmt, path)
        assert caught.value.file == str(path)
    assert leftovers(folder) == ["a-file", "a-folder.csv"]
    assert leftovers(folder / "a-folder.csv") == []


def test_a_failure_at_the_last_step_keeps_the_old_export_and_leaves_no_temp(
        source: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "sheet.csv"
    source.exports.export("every-feature", "csv", out)
    old_sheet, old_image = out.read_bytes(), (tmp_path / "sheet_media" / "EVF-002" / "leads.png").read_bytes()
    real_replace = os.replace

    def failing(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == out:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(UserError, match="No space left on device"):
        source.exports.export("vitals", "csv", out)
    assert leftovers(tmp_path) == ["sheet.csv", "sheet_media", "source"]
    assert out.read_bytes() == old_sheet
    assert (tmp_path / "sheet_media" / "EVF-002" / "leads.png").read_bytes() == old_image


def test_csv_images_land_beside_the_sheet_and_a_new_export_replaces_them(source: AppContext,
                                                                          tmp_path: Path) -> None:
    out = tmp_path / "review.csv"
    result = source.exports.export("every-feature", "csv", out)
    assert (result.questions, result.media_files) == (10, 2)
    media = tmp_path / "review_media"
    assert sorted(str(p.relative_to(media)) for p in media.rglob("*.png")) == [
        "EVF-002/leads.png", "EVF-010/heart diagram.png"]
    (media / "stale.txt").write_text("from an older export")
    source.exports.export("every-feature", "csv", out)
    assert not (media / "stale.txt").exists() and leftovers(tmp_path) == ["review.csv", "review_media", "source"]
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # shareable, not mkstemp's private mode


def test_unknown_set_format_and_empty_set(source: AppContext, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="there is no question set 'nope'.*builtin"):
        source.exports.export("nope", "gift", tmp_path / "x.gift")
    with pytest.raises(UserError, match="unknown export format 'docx'"):
        source.exports.export("builtin", "docx", tmp_path / "x.docx")
    with source.db.sessions.begin() as session:
        set_id = session.scalar(select(QuestionSet.id).where(QuestionSet.slug == "vitals"))
        for question in session.scalars(select(Question).where(Question.set_id == set_id)):
            question.retired = True
    with pytest.raises(UserError, match="has no questions"):
        source.exports.export("vitals", "gift", tmp_path / "x.gift")
    assert leftovers(tmp_path) == ["source"]


def test_retired_questions_are_not_exported(source: AppContext, tmp_path: Path) -> None:
    with source.db.sessions.begin() as session:
        set_id = session.scalar(select(QuestionSet.id).where(QuestionSet.slug == "vitals"))
        session.scalar(select(Question).where(Question.set_id == set_id, Question.ext_id == "VIT-001")).retired = True
    result = source.exports.export("vitals", "json", tmp_path / "v.json")
    _, parsed = parse_file(tmp_path / "v.json")
    assert result.questions == 6 and "VIT-001" not in {i.question.ext_id for i in parsed.items}


def test_cli_export_contract(source: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bank.xml"
    code = main([*cli_args(source), "export", "--set", "builtin", "--format", "moodle-xml", "--out", str(out),
                 "--json"])
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert code == 0 and payload == {"set": "builtin", "format": "moodle-xml", "out": str(out),
                                     "questions": payload["questions"], "media": 0}
    assert payload["questions"] > 300 and out.read_text(encoding="utf-8").startswith("<?xml")

    code = main([*cli_args(source), "export", "--set", "nope", "--format", "gift", "--out", str(tmp_path / "n.gift"),
                 "--json"])
    failed = json.loads(capsys.readouterr().out)
    assert code == 1 and failed["questions"] == 0 and "no question set 'nope'" in failed["error"]["message"]

    target = tmp_path / "no-such-folder" / "b.gift"
    code = main([*cli_args(source), "export", "--set", "builtin", "--format", "gift", "--out", str(target)])
    captured = capsys.readouterr()
    assert code == 1 and captured.err.strip() == f"{target}: cannot write the export here: the folder does not exist"
    assert "Traceback" not in captured.err

    code = main([*cli_args(source), "export", "--set", "builtin", "--format", "docx", "--out", "x"])
    assert code == 2 and "invalid choice" in capsys.readouterr().err
