"""Imports facing hostile or unlucky input (issue #18, cases 7–10): links out of the folder,
giant fields, devices and pipes, and two imports of the same set at the same moment."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from quizapp.cli import main
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.datafiles import BANK_DIR_ENV
from quizapp.core.db.models import Question, QuestionMedia, QuestionSet
from quizapp.core.formats.limits import MAX_OPTION_CHARS, MAX_RATIONALE_CHARS, MAX_STEM_CHARS
from tests.helpers.bank import make_bank, question, render_file

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8ff"
                    "ff3f0005fe02fea7d6a4c50000000049454e44ae426082")
GIFT = "::same-1:: Which instrument measures blood pressure? {=Sphygmomanometer ~Otoscope ~Centrifuge ~Autoclave}\n"


@pytest.fixture(autouse=True)
def small_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The commands install a two-question bank, not the real one (quick, and easy to count past)."""
    bank = make_bank(tmp_path / "bank-src", {"vitals.toml": render_file([question("v-1"), question("v-2")])})
    monkeypatch.setenv(BANK_DIR_ENV, str(bank))
    return bank


@pytest.fixture
def ctx(data_dir: Path, clock: FakeClock) -> Iterator[AppContext]:
    context = AppContext.open(data_dir, clock)
    yield context
    context.close()


def cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, dict, str]:
    code = main(["--data-dir", str(data_dir), *argv, "--json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected error" not in out + err
    return code, json.loads(out), err


def _questions(ctx: AppContext) -> int:
    """Questions in imported sets (the built-in ones aside)."""
    with ctx.db.sessions() as s:
        return s.scalar(select(func.count(Question.id)).join(QuestionSet)
                        .where(QuestionSet.slug.not_in(("builtin", "essentials"))))


def _media_bytes(ctx: AppContext) -> list[bytes]:
    with ctx.db.sessions() as s:
        return list(s.scalars(select(QuestionMedia.data)))


# -- 7. CSV media: regular files inside the import's folder, after resolving links -------------

def _sheet(folder: Path, rows: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["id,stem,option_a,option_b,key,media"]
    lines += [f"{qid},Which image is shown for {qid}?,This one,That one,A,{media}" for qid, media in rows]
    sheet = folder / "sheet.csv"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sheet


@pytest.mark.parametrize("link", ["absolute", "parent", "chain"])
def test_a_media_link_out_of_the_folder_is_an_error_and_nothing_is_read(
        capsys, data_dir: Path, ctx: AppContext, tmp_path: Path, link: str) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"SECRET " * 10)
    folder = tmp_path / "share"
    folder.mkdir()
    if link == "absolute":
        (folder / "evil.png").symlink_to(secret)
    elif link == "parent":
        (folder / "evil.png").symlink_to(Path("..") / "secret.png")
    else:  # a link to a link inside the folder that leads out
        (folder / "inner.png").symlink_to(secret)
        (folder / "evil.png").symlink_to("inner.png")
    (folder / "fine.png").write_bytes(PNG)
    sheet = _sheet(folder, [("ok-1", "fine.png"), ("bad-1", "evil.png")])
    code, payload, err = cli(capsys, data_dir, "import", str(sheet))
    assert code == 1 and payload["imported"] == 0
    assert f"{sheet}:3: media 'evil.png' is a link that leads outside the CSV file's folder" in err
    assert _questions(ctx) == 0
    code, payload, _ = cli(capsys, data_dir, "import", str(sheet), "--skip-invalid")
    assert code == 0 and payload["imported"] == 1 and [s["line"] for s in payload["skipped"]] == [3]
    assert _media_bytes(ctx) == [PNG]


def test_a_link_that_stays_inside_the_folder_is_fine(capsys, data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "real.png").write_bytes(PNG)
    (folder / "alias.png").symlink_to(Path("images") / "real.png")
    code, payload, _ = cli(capsys, data_dir, "import", str(_sheet(folder, [("ok-1", "alias.png")])))
    assert code == 0 and payload["imported"] == 1


def test_media_that_is_a_pipe_or_a_folder_is_an_error(capsys, data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    os.mkfifo(folder / "pipe.png")
    (folder / "dir.png").mkdir()
    sheet = _sheet(folder, [("p-1", "pipe.png"), ("d-1", "dir.png")])
    code, payload, err = run_with_deadline(lambda: cli(capsys, data_dir, "import", str(sheet)))
    assert code == 1 and payload["imported"] == 0
    assert "media 'pipe.png' is a named pipe, not an image file" in err
    assert "media 'dir.png' is a folder, not an image file" in err


# -- 8. length limits ------------------------------------------------------------------------

@pytest.mark.parametrize("field,size", [("stem", MAX_STEM_CHARS), ("option", MAX_OPTION_CHARS),
                                        ("rationale", MAX_RATIONALE_CHARS)])
def test_a_field_over_its_limit_is_an_error_in_the_file(capsys, data_dir: Path, ctx: AppContext, tmp_path: Path,
                                                        field: str, size: int) -> None:
    huge = "x" * (size + 1)
    stem = huge if field == "stem" else "A normal question?"
    first = huge if field == "option" else "Right"
    feedback = f"####{huge}" if field == "rationale" else ""
    source = tmp_path / "big.gift"
    source.write_text(f"::ok-1:: Fine question? {{=Yes ~No}}\n\n::big-1:: {stem} {{={first} ~Wrong{feedback}}}\n",
                      encoding="utf-8")
    code, payload, err = cli(capsys, data_dir, "import", str(source))
    assert code == 1 and payload["imported"] == 0 and _questions(ctx) == 0
    assert f"{source}:3: " in err and f"the limit is {size:,}" in err
    code, payload, _ = cli(capsys, data_dir, "import", str(source), "--skip-invalid")
    assert code == 0 and payload["imported"] == 1 and payload["skipped"][0]["line"] == 3


def test_text_at_the_limit_imports(capsys, data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "long.gift"
    source.write_text(f"::long-1:: {'y' * (MAX_STEM_CHARS - 1)}? {{=Yes ~No}}\n", encoding="utf-8")
    code, payload, _ = cli(capsys, data_dir, "import", str(source))
    assert code == 0 and payload["imported"] == 1


# -- 9. devices and pipes are refused at once ------------------------------------------------

def run_with_deadline(fn, seconds: float = 20.0):
    """Runs `fn` on a thread; fails the test (instead of hanging the suite) if it blocks."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "the import blocked"
    return result[0]


@pytest.mark.parametrize("fmt", [None, "gift", "json"])
def test_dev_zero_is_refused_at_once(capsys, data_dir: Path, fmt: str | None) -> None:
    started = time.monotonic()
    extra = ["--format", fmt] if fmt else []
    code, payload, err = run_with_deadline(lambda: cli(capsys, data_dir, "import", "/dev/zero", *extra))
    assert code == 1 and "is a device (like /dev/zero), not a file" in err
    assert payload["error"]["file"] == "/dev/zero" and payload["imported"] == 0
    assert time.monotonic() - started < 10


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(capsys, data_dir: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "questions.gift"
    os.mkfifo(pipe)
    code, _, err = run_with_deadline(lambda: cli(capsys, data_dir, "import", str(pipe)))
    assert code == 1 and "is a named pipe, not a file" in err
    pack_like = tmp_path / "pack.json"
    os.mkfifo(pack_like)
    code, _, err = run_with_deadline(lambda: cli(capsys, data_dir, "import", str(pack_like)))
    assert code == 1 and "is a named pipe, not a file" in err


# -- 10. two imports of one set at the same moment ------------------------------------------

def test_an_import_racing_another_into_the_same_new_set_updates_it(data_dir: Path, clock: FakeClock,
                                                                    tmp_path: Path) -> None:
    """Both imports see no set; the other one creates it between this one's look and its
    write (the moment two processes collide). Never an IntegrityError: this one updates it."""
    first, second = tmp_path / "a" / "same.gift", tmp_path / "b" / "same.gift"
    for path, stem in ((first, "Which instrument measures blood pressure?"),
                       (second, "Which instrument measures the blood pressure?")):
        path.parent.mkdir()
        path.write_text(f"::same-1:: {stem} {{=Sphygmomanometer ~Otoscope ~Centrifuge ~Autoclave}}\n",
                        encoding="utf-8")
    this, other = AppContext.open(data_dir, clock), AppContext.open(data_dir, clock)
    try:
        preview, other_preview = this.imports.preview(first), other.imports.preview(second)
        assert preview.new == 1 and other_preview.new == 1

        def the_other_import_commits(*_args: object) -> None:
            other.imports.run(other_preview)

        event.listen(this.db.sessions, "before_flush", the_other_import_commits, once=True)
        report, changes = this.imports.run(preview)
        assert report.written and changes.bank
        with this.db.sessions() as s:
            assert s.scalar(select(func.count(QuestionSet.id)).where(QuestionSet.slug == "same")) == 1
            assert list(s.scalars(select(Question.stem))) == ["Which instrument measures blood pressure?"]
    finally:
        this.close()
        other.close()
