"""Issue #24: history files that cannot mix students or forge results (cases 1-6 and 10).

Each test reproduces one numbered case of the issue against a data folder that already holds
another student's history; each fails on the app before this issue and passes after.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from quizapp.core import history
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.location import DatabaseLocation
from quizapp.core.db.models import Attempt, AttemptItem, ReviewCard
from quizapp.core.errors import UserError
from tests.core.stats.support import key_of, other_computer, practise, question_id, wrong_of
from tests.helpers.databases import Backend

DAY = 86400.0


@pytest.fixture
def home(tmp_path: Path, backend: Backend, migrated_template: DatabaseLocation, clock: FakeClock,
         bank_dir: Path) -> Iterator[AppContext]:
    """A second computer: a fresh data dir with the same bank."""
    with other_computer(backend, migrated_template, tmp_path / "home", clock, bank_dir) as other:
        yield other


def _maya_and_ben(ctx: AppContext) -> tuple[int, int]:
    """Maya practised (and got review cards); Ben practised something else."""
    maya = ctx.profiles.current().id
    ctx.profiles.rename(maya, "Maya")
    practise(ctx, maya, "Clinical Patient Care", right=3, wrong=3)
    ben, _ = ctx.profiles.add("Ben")
    practise(ctx, ben.id, "Medical Law and Ethics", right=2, wrong=0, seed=2)
    return maya, ben.id


def _rows(ctx: AppContext, model: Any, profile_id: int) -> int:
    with ctx.db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(model.profile_id == profile_id)) or 0)


def _everything(ctx: AppContext) -> tuple[int, int, int]:
    with ctx.db.sessions() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[return-value]
                     for m in (Attempt, AttemptItem, ReviewCard))


# -- 1. Students must not mix ------------------------------------------------------------------

def test_case1_a_file_names_its_profile_and_never_goes_into_another_unasked(ctx: AppContext, home: AppContext,
                                                                              tmp_path: Path) -> None:
    maya, ben = _maya_and_ben(ctx)
    file = tmp_path / "maya.json"
    ctx.profiles.export_history(maya, file)
    document = json.loads(file.read_text(encoding="utf-8"))
    assert document["profile"] == "Maya" and document["profile_id"]
    before = _everything(ctx)
    with pytest.raises(history.OtherProfile, match="belongs to Maya, another profile on this computer") as caught:
        ctx.profiles.import_history(ben, file)
    assert caught.value.target == "Ben" and _everything(ctx) == before
    report, _ = ctx.profiles.import_history(maya, file)  # her own profile: nothing to ask, nothing new
    assert report.attempts_present == 1 and report.attempts_added == 0
    assert _rows(ctx, Attempt, ben) == 1  # Ben still has only his own session

    # On another computer the first import is confirmed once; the source is then remembered.
    target = home.profiles.current().id
    with pytest.raises(history.OtherProfile, match="comes from the profile Maya on another computer"):
        home.profiles.import_history(target, file)
    assert _everything(home) == (0, 0, 0)
    first, _ = home.profiles.import_history(target, file, into_other_profile=True)
    assert first.attempts_added == 1 and first.profile == "Default"
    practise(ctx, maya, "Clinical Patient Care", right=1, wrong=0, seed=5)
    ctx.profiles.export_history(maya, file)
    later, _ = home.profiles.import_history(target, file)  # no question asked any more
    assert later.attempts_added == 1 and later.attempts_present == 1


def test_case1_a_file_from_before_profile_ids_is_matched_by_name(ctx: AppContext, tmp_path: Path) -> None:
    maya, ben = _maya_and_ben(ctx)
    file = tmp_path / "old.json"
    ctx.profiles.export_history(maya, file)
    document = json.loads(file.read_text(encoding="utf-8"))
    document.update(version=1)
    document.pop("profile_id")
    file.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(history.OtherProfile, match="Maya's"):
        ctx.profiles.import_history(ben, file)
    report, _ = ctx.profiles.import_history(maya, file)
    assert report.attempts_present == 1


# -- 2. Review cards follow their sessions' owner -----------------------------------------------

def test_case2_review_cards_follow_their_sessions_owner(ctx: AppContext, tmp_path: Path) -> None:
    maya, ben = _maya_and_ben(ctx)
    assert _rows(ctx, ReviewCard, maya) == 3 and _rows(ctx, ReviewCard, ben) == 0
    file = tmp_path / "maya.json"
    ctx.profiles.export_history(maya, file)
    with ctx.db.sessions() as session:
        mayas_cards = sorted((c.question_id, c.due) for c in session.scalars(
            select(ReviewCard).where(ReviewCard.profile_id == maya)))
    report, _ = ctx.profiles.import_history(ben, file, into_other_profile=True)
    assert report.attempts_present == 1 and report.attempts_added == 0
    assert (report.cards_added, report.cards_updated) == (0, 0)
    assert _rows(ctx, ReviewCard, ben) == 0  # none of Maya's cards reached Ben
    with ctx.db.sessions() as session:
        assert sorted((c.question_id, c.due) for c in session.scalars(
            select(ReviewCard).where(ReviewCard.profile_id == maya))) == mayas_cards


# -- 3. Sane dates; a newer local card is never replaced --------------------------------------

def _card_file(ctx: AppContext, tmp_path: Path, profile: int) -> tuple[Path, dict[str, Any]]:
    file = tmp_path / "cards.json"
    ctx.profiles.export_history(profile, file)
    return file, json.loads(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("field", "value"), [
    ("last_review", "9999-01-01T00:00:00+00:00"),
    ("last_review", "1999-12-31T23:00:00+00:00"),
    ("due", "9999-01-01T00:00:00+00:00"),
])
@pytest.mark.sqlite_only  # refused while reading the file, before any SQL
def test_case3_card_dates_outside_a_sane_window_are_refused(ctx: AppContext, home: AppContext, tmp_path: Path,
                                                            field: str, value: str) -> None:
    maya, _ = _maya_and_ben(ctx)
    file, document = _card_file(ctx, tmp_path, maya)
    document["review_cards"][0]["state"][field] = value
    file.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserError, match=re.escape(f"review card 1, state: '{field}' is '{value}', outside 2000-01-01")):
        home.profiles.import_history(home.profiles.current().id, file, into_other_profile=True)
    assert _everything(home) == (0, 0, 0)


def test_case3_an_imported_card_never_replaces_a_newer_local_one(ctx: AppContext, home: AppContext,
                                                                 clock: FakeClock, tmp_path: Path) -> None:
    maya, _ = _maya_and_ben(ctx)
    file, _ = _card_file(ctx, tmp_path, maya)
    target = home.profiles.current().id
    home.profiles.import_history(target, file, into_other_profile=True)
    clock.advance(DAY)
    state, _ = home.review.start(target, seed=3)  # reviewed here, later than the file's cards
    qid = state.items[0].question.question_id
    home.review.check(state.attempt_id, 0, key_of(home, qid))
    with home.db.sessions() as session:
        newer = session.scalar(select(ReviewCard).where(ReviewCard.profile_id == target,
                                                        ReviewCard.question_id == qid))
        assert newer is not None
        kept = (newer.state["last_review"], newer.due)
    report, _ = home.profiles.import_history(target, file)
    assert report.cards_updated == 0
    with home.db.sessions() as session:
        card = session.scalar(select(ReviewCard).where(ReviewCard.profile_id == target,
                                                       ReviewCard.question_id == qid))
        assert card is not None and (card.state["last_review"], card.due) == kept


# -- 4. Results are computed, never claimed ------------------------------------------------------

def _forged(ctx: AppContext, tmp_path: Path, profile: int) -> tuple[Path, dict[str, Any]]:
    """Maya's file, edited: every answer wrong by the key but marked correct, score 1.0."""
    file = tmp_path / "forged.json"
    ctx.profiles.export_history(profile, file)
    document = json.loads(file.read_text(encoding="utf-8"))
    for attempt in document["attempts"]:
        for item in attempt["items"]:
            qid = question_id(ctx, item["question"][1])
            item["chosen"], item["correct"] = wrong_of(ctx, qid), True
        attempt["score"] = 1.0
    file.write_text(json.dumps(document), encoding="utf-8")
    return file, document


def test_case4_claimed_verdicts_and_scores_are_recomputed(ctx: AppContext, home: AppContext, tmp_path: Path) -> None:
    maya, _ = _maya_and_ben(ctx)
    file, document = _forged(ctx, tmp_path, maya)
    target = home.profiles.current().id
    report, _ = home.profiles.import_history(target, file, into_other_profile=True)
    assert report.answers_added == 6 and report.answers_recomputed == 6  # every one wrong, claimed right
    progress = home.stats.progress(target)
    assert (progress.overall.answered, progress.overall.correct) == (6, 0)
    with home.db.sessions() as session:
        attempt = session.scalar(select(Attempt))
        assert attempt is not None and attempt.score == 0.0


@pytest.mark.parametrize(("chosen", "message"), [
    ([99], "'chosen' holds 99, not an option position from 0 to 14"),
    ([7], "'chosen' holds option 7, which the question builtin/"),
    ([0, 1], "'chosen' holds several options for a question with one answer"),
])
@pytest.mark.sqlite_only  # refused while reading the file, before any SQL
def test_case4_chosen_options_are_checked_against_the_question(ctx: AppContext, home: AppContext, tmp_path: Path,
                                                               chosen: list[int], message: str) -> None:
    maya, _ = _maya_and_ben(ctx)
    file, document = _forged(ctx, tmp_path, maya)
    document["attempts"][0]["items"][1]["chosen"] = chosen
    file.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserError, match=message.replace("(", "\\(")) as caught:
        home.profiles.import_history(home.profiles.current().id, file, into_other_profile=True)
    assert "session 1, answer 2" in caught.value.message and _everything(home) == (0, 0, 0)


# -- 5. Finite, in-range values, each refusal naming the field ----------------------------------

@pytest.mark.parametrize(("where", "key", "raw", "message"), [
    ("item", "seconds_spent", "Infinity", "holds Infinity, which is not a number"),
    ("item", "seconds_spent", "NaN", "holds NaN, which is not a number"),
    ("item", "seconds_spent", "1e308", "'seconds_spent' is 1e+308, not a number from 0.0 to 604800.0"),
    ("item", "seconds_spent", "-4", "'seconds_spent' is -4, not a number from 0.0 to 604800.0"),
    ("attempt", "score", "-0.5", "'score' is -0.5, not a number from 0.0 to 1.0"),
    ("attempt", "elapsed_seconds", "-1", "'elapsed_seconds' is -1"),
    ("attempt", "seed", "1" + "0" * 30, "'seed' is 10000000000000000000…"),
    ("item", "position", "1000000000", "'position' is 1000000000, not a whole number from 0 to 9999"),
    ("attempt", "current_index", "-3", "'current_index' is -3"),
    ("attempt", "started_at", '"0001-01-01T00:00:00-05:00"', "'started_at' is '0001-01-01T00:00:00-05:00', outside"),
    ("attempt", "started_at", '"9999-12-31T23:00:00+05:00"', "'started_at' is '9999-12-31T23:00:00+05:00', outside"),
    ("item", "answered_at", '"9999-12-31T23:59:59-12:00"', "'answered_at' is '9999-12-31T23:59:59-12:00'"),
])
def test_case5_values_out_of_range_are_refused_naming_the_field(ctx: AppContext, home: AppContext, tmp_path: Path,
                                                                where: str, key: str, raw: str, message: str) -> None:
    maya, _ = _maya_and_ben(ctx)
    file = tmp_path / "h.json"
    ctx.profiles.export_history(maya, file)
    document = json.loads(file.read_text(encoding="utf-8"))
    target = document["attempts"][0] if where == "attempt" else document["attempts"][0]["items"][0]
    target[key] = "@@RAW@@"
    file.write_text(json.dumps(document).replace('"@@RAW@@"', raw), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        home.profiles.import_history(home.profiles.current().id, file, into_other_profile=True)
    assert message in caught.value.message and "nothing was imported" in caught.value.message
    assert "unexpected" not in caught.value.message and _everything(home) == (0, 0, 0)


def test_case5_stats_json_never_prints_infinity_or_nan(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    """A database already holding a non-finite score (from an import before this issue) still
    gives strict JSON."""
    from quizapp.cli import main

    maya, _ = _maya_and_ben(ctx)
    engine, _ = ctx.exams.start(maya, "ccma-quick", seed=1)
    engine.submit()
    with ctx.db.sessions.begin() as session:
        attempt = session.get(Attempt, engine.attempt_id)
        assert attempt is not None
        attempt.score = float("inf")
    ctx.close()
    code = main(["--data-dir", str(ctx.data_dir), "stats", "--profile", "Maya", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert code == 0 and "Infinity" not in out and "NaN" not in out

    def refuse(name: str) -> None:
        raise AssertionError(name)

    payload = json.loads(out, parse_constant=refuse)
    assert payload["mock_exams"][0]["score"] is None


# -- 6. Size: a limit no real history reaches, checked before reading; progress ------------------

def test_case6_a_file_over_the_size_limit_is_refused_before_it_is_read(ctx: AppContext, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    maya, _ = _maya_and_ben(ctx)
    file = tmp_path / "big.json"
    ctx.profiles.export_history(maya, file)
    monkeypatch.setattr("quizapp.core.history.reading.MAX_FILE_BYTES", 100)
    opened: list[object] = []
    real_open = os.open
    monkeypatch.setattr("quizapp.core.user_files.os.open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    with pytest.raises(UserError, match="a quizapp history file is at most 0 MB"):
        ctx.profiles.import_history(maya, file)
    assert opened == []
    assert history.MAX_FILE_BYTES == 150 * 1024 * 1024 and history.MAX_ATTEMPTS == 100_000


def test_case6_too_many_sessions_are_refused_and_progress_is_reported(ctx: AppContext, home: AppContext,
                                                                      tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    maya, _ = _maya_and_ben(ctx)
    for seed in range(3):
        practise(ctx, maya, "Clinical Patient Care", right=1, wrong=0, seed=10 + seed)
    file = tmp_path / "h.json"
    ctx.profiles.export_history(maya, file)
    monkeypatch.setattr("quizapp.core.history.reading.MAX_ATTEMPTS", 3)
    with pytest.raises(UserError, match="it holds 4 sessions; a history file holds at most 3"):
        home.profiles.import_history(home.profiles.current().id, file, into_other_profile=True)
    monkeypatch.undo()
    seen: list[tuple[int, int]] = []
    home.profiles.import_history(home.profiles.current().id, file, into_other_profile=True,
                                 progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (4, 4)


# -- 10. Files, whatever their kind ---------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="devices and FIFOs")
def test_case10_only_regular_files_are_read(ctx: AppContext, tmp_path: Path) -> None:
    me = ctx.profiles.current().id
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for path, kind in ((Path("/dev/zero"), "a device"), (fifo, "a named pipe"), (tmp_path, "a folder")):
        with pytest.raises(UserError, match=f"this is {kind}") as caught:
            ctx.profiles.import_history(me, path)
        assert caught.value.file == str(path)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_case10_links_are_resolved_and_utf16_is_named(ctx: AppContext, home: AppContext, tmp_path: Path) -> None:
    maya, _ = _maya_and_ben(ctx)
    real = tmp_path / "real.json"
    ctx.profiles.export_history(maya, real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    target = home.profiles.current().id
    report, _ = home.profiles.import_history(target, link, into_other_profile=True)
    assert report.attempts_added == 1
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(UserError, match="round in a circle"):
        home.profiles.import_history(target, loop)
    text = real.read_text(encoding="utf-8")
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(text.encode("utf-16"))  # PowerShell's `>` writes this: it reads
    again, _ = home.profiles.import_history(target, with_bom)
    assert again.attempts_present == 1
    without_bom = tmp_path / "nobom.json"
    without_bom.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(UserError, match="UTF-16 saved without a byte-order mark"):
        home.profiles.import_history(target, without_bom)


def test_a_file_exactly_as_the_app_wrote_them_before_this_issue_still_imports(ctx: AppContext, home: AppContext,
                                                                             tmp_path: Path) -> None:
    """Format 1 as written until now: no profile id, indented. It imports into a profile of the
    same name without a question, into another after confirming."""
    maya, _ = _maya_and_ben(ctx)
    file = tmp_path / "maya.json"
    ctx.profiles.export_history(maya, file)
    document = json.loads(file.read_text(encoding="utf-8"))
    document["version"] = 1
    for newer in ("profile_id", "bookmarks", "notes"):  # keys written since
        del document[newer]
    assert list(document) == ["format", "version", "app_version", "exported_at", "profile", "attempts",
                              "review_cards", "answer_daily"]
    file.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    target = home.profiles.current().id
    with pytest.raises(history.OtherProfile):
        home.profiles.import_history(target, file)
    home.profiles.rename(target, "maya")
    report, _ = home.profiles.import_history(target, file)
    assert (report.attempts_added, report.answers_added, report.cards_added) == (1, 6, 3)
