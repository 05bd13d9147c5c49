"""Bookmarks and a student's own notes: per profile, committed at once, carried in the history
file, cleared with the profile's history."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.marks import MAX_NOTE, MarkCounts
from tests.core.stats.support import fresh_data_dir, open_context, question_id


def test_bookmarks_are_per_profile_and_toggle(ctx: AppContext) -> None:
    ana = ctx.profiles.current().id
    ben, _ = ctx.profiles.add("Ben")
    qid = question_id(ctx, "v-1")
    marks, changes = ctx.marks.set_bookmark(ana, qid, True)
    assert marks.bookmarked and changes.marks
    assert ctx.marks.set_bookmark(ana, qid, True)[0].bookmarked  # twice is still one bookmark
    assert ctx.marks.counts(ana).bookmarks == 1
    assert not ctx.marks.get(ben.id, qid).bookmarked and ctx.marks.counts(ben.id).bookmarks == 0
    assert not ctx.marks.toggle_bookmark(ana, qid)[0].bookmarked
    assert ctx.marks.toggle_bookmark(ana, qid)[0].bookmarked
    with pytest.raises(UserError, match="no longer exists"):
        ctx.marks.set_bookmark(ana, 999_999, True)


def test_a_note_is_written_replaced_and_deleted_when_emptied(ctx: AppContext, clock: FakeClock) -> None:
    profile = ctx.profiles.current().id
    qid = question_id(ctx, "p-2")
    marks, changes = ctx.marks.set_note(profile, qid, "  Tourniquet max 1 minute.\n\n")
    assert marks.note == "Tourniquet max 1 minute." and changes.marks
    assert not ctx.marks.set_note(profile, qid, "Tourniquet max 1 minute.")[1]  # same text: nothing changed
    clock.advance(60)
    assert ctx.marks.set_note(profile, qid, "Tourniquet: at most 1 minute.")[0].note == "Tourniquet: at most 1 minute."
    assert ctx.marks.counts(profile).notes == 1
    assert ctx.marks.set_note(profile, qid, "   ")[0].note == ""
    assert ctx.marks.counts(profile).notes == 0
    with pytest.raises(UserError, match=f"at most {MAX_NOTE}"):
        ctx.marks.set_note(profile, qid, "x" * (MAX_NOTE + 1))
    assert ctx.marks.get(profile, qid).note == ""  # a refused note changes nothing


def test_resetting_a_profile_forgets_its_marks_only(ctx: AppContext) -> None:
    ana = ctx.profiles.current().id
    ben, _ = ctx.profiles.add("Ben")
    qid = question_id(ctx, "l-1")
    for profile in (ana, ben.id):
        ctx.marks.set_bookmark(profile, qid, True)
        ctx.marks.set_note(profile, qid, "Minimum necessary.")
    changes = ctx.profiles.reset_history(ana)
    assert changes.marks
    assert ctx.marks.counts(ana) == MarkCounts(0, 0)
    assert ctx.marks.get(ben.id, qid).bookmarked and ctx.marks.get(ben.id, qid).note == "Minimum necessary."
    ctx.profiles.delete(ben.id)
    assert ctx.marks.counts(ben.id).notes == 0


def test_marks_travel_in_the_history_file(ctx: AppContext, clock: FakeClock, tmp_path: Path,
                                          migrated_template: Path, bank_dir: Path) -> None:
    profile = ctx.profiles.current().id
    kept, noted = question_id(ctx, "v-3"), question_id(ctx, "c-1")
    ctx.marks.set_bookmark(profile, kept, True)
    ctx.marks.set_note(profile, noted, "NHA certifies the CCMA.")
    out = tmp_path / "history.json"
    ctx.profiles.export_history(profile, out)

    other = open_context(fresh_data_dir(tmp_path / "laptop", migrated_template), clock, bank_dir)
    try:
        target = other.profiles.current().id
        other.marks.set_note(target, question_id(other, "c-1"), "older note")  # written before the file's
        clock.advance(10)
        report, changes = other.profiles.import_history(target, out, into_other_profile=True)
        assert (report.bookmarks_added, report.notes_added, report.notes_updated) == (1, 0, 0)
        assert changes.marks
        assert other.marks.get(target, question_id(other, "v-3")).bookmarked
        assert other.marks.get(target, question_id(other, "c-1")).note == "older note"  # the newer one stays

        other.marks.set_note(target, question_id(other, "c-1"), "")
        report, _ = other.profiles.import_history(target, out, into_other_profile=True)
        assert (report.bookmarks_added, report.notes_added) == (0, 1)
        assert other.marks.get(target, question_id(other, "c-1")).note == "NHA certifies the CCMA."
        assert "0 bookmarks and 1 note added or updated" in report.summary()
        again, _ = other.profiles.import_history(target, out, into_other_profile=True)
        assert (again.bookmarks_added, again.notes_added, again.notes_updated) == (0, 0, 0)  # idempotent
    finally:
        other.close()


def test_a_file_from_before_marks_still_imports_and_a_damaged_note_is_refused(ctx: AppContext, clock: FakeClock,
                                                                                  tmp_path: Path) -> None:
    import json

    from quizapp.core import history

    profile = ctx.profiles.current().id
    ctx.marks.set_note(profile, question_id(ctx, "v-1"), "note")
    out = tmp_path / "h.json"
    ctx.profiles.export_history(profile, out)
    document = json.loads(out.read_text())
    old = {k: v for k, v in document.items() if k not in ("bookmarks", "notes")}
    assert history.parse_history(old, clock.now()).notes == ()
    document["notes"][0]["text"] = ""
    with pytest.raises(UserError, match="damaged"):
        history.parse_history(document, clock.now())
