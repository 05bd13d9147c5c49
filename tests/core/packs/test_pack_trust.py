"""Issue #24: exam packs an instructor can trust (cases 7, 8 and 9).

The instructor (`source`) signs packs with a key only they can unlock; a student cannot re-key a
pack without it showing, a second instructor's pack of the same name never replaces the first,
an attempt keeps the template it was taken under, and the instructor re-computes every pack
attempt in a student's history against their own copy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from quizapp.cli import main
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.location import DatabaseLocation
from quizapp.core.db.models import Question, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.formats.sanitize import sanitize_html
from quizapp.core.packs.pack_file import pack_digest, signed_message
from quizapp.core.packs.signing import KEY_FILE, sign
from quizapp.core.packs.template import PackTemplate
from tests.core.packs.test_packs import MIDTERM, PASSPHRASE, export, student_with, take
from tests.helpers.databases import Backend


@pytest.fixture
def rival(tmp_path: Path, backend: Backend, bank_db: DatabaseLocation) -> Iterator[AppContext]:
    """Another instructor's computer, with the same bank and sets but another key."""
    folder = tmp_path / "rival"
    database = backend.clone(bank_db, folder)
    ctx = AppContext.open(folder, FakeClock(), database=database)
    yield ctx
    ctx.close()
    backend.release(database)


def _rekeyed(pack: Path, out: Path, key: Ed25519PrivateKey | None) -> Path:
    """The pack with every answer key moved to the next option, the checksum recomputed, and
    signed with `key` (a student's own) or not re-signed at all (None)."""
    document = json.loads(pack.read_text(encoding="utf-8"))
    for question in document["questions"]:
        flags = [c["correct"] for c in question["choices"]]
        for choice, flag in zip(question["choices"], flags[-1:] + flags[:-1], strict=True):
            choice["correct"] = flag
    document["sha256"] = pack_digest(document["pack"], document["questions"])
    if key is not None:
        document["signature"] = sign(key, signed_message(document))
    out.write_text(json.dumps(document), encoding="utf-8")
    return out


def _legacy(pack: Path, out: Path) -> Path:
    """The same pack as quizapp wrote packs before signatures (version 1, no signature)."""
    document = json.loads(pack.read_text(encoding="utf-8"))
    document.pop("signature")
    document["version"] = 1
    out.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return out


# -- 7. A student cannot re-key a pack -----------------------------------------------------------

def test_case7_the_key_is_the_instructors_own_protected_by_a_passphrase(source: AppContext, tmp_path: Path) -> None:
    assert not source.packs.signer().exists
    with pytest.raises(UserError, match="at least 8 characters"):
        source.packs.export(MIDTERM, tmp_path / "m.json", passphrase="short")
    export(source, tmp_path)
    signer = source.packs.signer()
    key_file = source.data_dir / KEY_FILE
    assert signer.exists and len(signer.fingerprint) == 19 and key_file.stat().st_mode & 0o077 == 0
    stored = key_file.read_text(encoding="utf-8")
    assert '"scrypt"' in stored and "PRIVATE KEY" not in stored
    with pytest.raises(UserError, match="that passphrase does not open your signing key"):
        source.packs.export(MIDTERM, tmp_path / "again.json", passphrase="not the passphrase")
    assert not (tmp_path / "again.json").exists()


def test_case7_a_re_keyed_pack_is_refused_or_marked_and_changes_nothing(source: AppContext, fresh, tmp_path: Path
                                                                        ) -> None:
    pack = export(source, tmp_path)
    student = student_with(fresh, pack)
    fingerprint = source.packs.signer().fingerprint
    genuine = {b.slug: b for b in student.exams.blueprints()}["midterm-1"]
    assert genuine.trusted and fingerprint in (genuine.signer_note or "")
    zero = take(student, "midterm-1", right=0).attempt_id
    assert student.exams.results(zero).overall.correct == 0

    # Edited and sealed again with a plain sha256: the signature no longer matches.
    edited = student.imports.preview(_rekeyed(pack, tmp_path / "edited.json", None))
    assert edited.errors and "signature does not match its contents" in edited.errors[0].message
    assert not student.imports.run(edited)[0].written

    # Re-signed with the student's own key: installed beside the genuine pack, never over it.
    forged = _rekeyed(pack, tmp_path / "forged.json", Ed25519PrivateKey.generate())
    preview = student.imports.preview(forged)
    assert preview.pack is not None and not preview.pack.trusted and preview.slug.startswith("midterm-1-")
    assert "Not from your instructor" in preview.pack.note and fingerprint in preview.pack.note
    assert any("Not from your instructor" in w for w in preview.warnings)
    report, _ = student.imports.run(preview)
    assert report.written and report.imported == 7
    exams = {b.slug: b for b in student.exams.blueprints()}
    assert exams[preview.slug].trusted is False and "Not from your instructor" in (exams[preview.slug].signer_note
                                                                                    or "")
    assert student.exams.results(zero).overall.correct == 0  # the genuine attempt is untouched
    with student.db.sessions() as session:
        genuine_set = session.scalar(select(QuestionSet).where(QuestionSet.slug == "midterm-1"))
        assert genuine_set is not None
        assert not any(q.retired for q in session.scalars(select(Question).where(Question.set_id == genuine_set.id)))

    # An unsigned copy (as packs were before signatures) is marked too.
    unsigned = student.imports.preview(_legacy(pack, tmp_path / "legacy.json"))
    assert unsigned.pack is not None and not unsigned.pack.trusted and "unsigned" in unsigned.pack.note


def test_case7_the_instructor_re_scores_pack_attempts_against_their_own_copy(source: AppContext, fresh,
                                                                             tmp_path: Path) -> None:
    pack = export(source, tmp_path)
    student = student_with(fresh, pack)
    honest = take(student, "midterm-1", right=4, seed=1).attempt_id
    forged = _rekeyed(pack, tmp_path / "forged.json", Ed25519PrivateKey.generate())
    report, _ = student.imports.run(student.imports.preview(forged))
    student.clock.advance(3600)  # type: ignore[attr-defined]
    cheat = take(student, report.slug, right=7, seed=2).attempt_id
    assert student.exams.results(cheat).overall.correct == 7 and student.exams.results(honest).overall.correct == 4
    file = tmp_path / "student.json"
    student.profiles.export_history(student.profiles.current().id, file)

    maya, _ = source.profiles.add("Maya")
    imported, _ = source.profiles.import_history(maya.id, file, into_other_profile=True)
    assert imported.attempts_added == 2 and imported.answers_skipped == 0
    assert imported.answers_recomputed == 7  # every answer of the forged copy differs from the instructor's key
    mismatch = [w for w in imported.warnings if "the file claims 7 of 7 right" in w]
    assert len(mismatch) == 1 and "against your copy of the pack it is 0 of 7" in mismatch[0]
    assert any("taken on a copy not signed by you" in w for w in imported.warnings)
    assert not any("claims 4 of 7" in w for w in imported.warnings)  # the honest attempt agrees
    progress = source.stats.progress(maya.id)
    assert sorted(m.score for m in progress.mock_exams) == [0.0, pytest.approx(4 / 7)]
    assert progress.overall.answered == 14 and progress.overall.correct == 4


# -- 8. Packs are identified by signer and name -------------------------------------------------------

def test_case8_another_instructors_pack_of_the_same_name_never_replaces_the_first(source: AppContext,
                                                                                   rival: AppContext, fresh,
                                                                                   tmp_path: Path) -> None:
    student = student_with(fresh, export(source, tmp_path))
    passed = take(student, "midterm-1", right=5).attempt_id
    assert student.exams.results(passed).passed is True  # 5/7 under the instructor's 70%
    strict = PackTemplate.create("Midterm 1", 20, 0.9, {"Phlebotomy": 2, "Medical Law and Ethics": 2})
    other_out = tmp_path / "rival.json"
    rival.packs.export(strict, other_out, passphrase="another passphrase", seed=9)
    report, _ = student.imports.run(student.imports.preview(other_out))
    assert report.written and report.slug != "midterm-1" and report.pack is not None and not report.pack.trusted
    with student.db.sessions() as session:
        first = session.scalar(select(QuestionSet).where(QuestionSet.slug == "midterm-1"))
        assert first is not None
        assert not any(q.retired for q in session.scalars(select(Question).where(Question.set_id == first.id)))
    again = student.exams.results(passed)
    assert again.passed is True and again.pass_mark == 0.7 and again.overall.total == 7


def test_case8_a_new_version_from_the_same_signer_updates_it_and_attempts_keep_their_template(
        source: AppContext, fresh, tmp_path: Path) -> None:
    first = export(source, tmp_path)
    student = student_with(fresh, first)
    taken = take(student, "midterm-1", right=5).attempt_id
    source.clock.advance(86400)  # type: ignore[attr-defined]
    harder = PackTemplate.create("Midterm 1", 25, 0.8, {"Phlebotomy": 3, "Medical Law and Ethics": 2,
                                                         "Clinical Patient Care": 2})
    second = tmp_path / "second.json"
    source.packs.export(harder, second, passphrase=PASSPHRASE, seed=6)
    report, _ = student.imports.run(student.imports.preview(second))
    assert report.written and report.slug == "midterm-1" and report.pack is not None and report.pack.trusted
    exams = {b.slug: b for b in student.exams.blueprints()}
    assert exams["midterm-1"].pass_mark == 0.8 and exams["midterm-1"].minutes == 25
    results = student.exams.results(taken)
    assert results.pass_mark == 0.7 and results.passed is True and results.overall.total == 7
    assert results.time_limit_seconds == 20 * 60
    # The first copy again is older than the one here: refused.
    older = student.imports.preview(first)
    assert older.errors and "older copy of the exam pack" in older.errors[0].message


def test_case8_pack_attempts_move_between_a_students_computers_by_signer_and_name(
        source: AppContext, rival: AppContext, fresh, tmp_path: Path) -> None:
    """At home the student installed the rival's pack first (so it has the plain slug there);
    their lab attempt on their instructor's pack still lands on their instructor's pack."""
    ours = export(source, tmp_path)
    theirs = tmp_path / "rival.json"
    rival.packs.export(MIDTERM, theirs, passphrase="another passphrase", seed=8)
    lab = student_with(fresh, ours, "lab")
    attempt = take(lab, "midterm-1", right=6).attempt_id
    file = tmp_path / "lab.json"
    lab.profiles.export_history(lab.profiles.current().id, file)
    home = student_with(fresh, theirs, "home")
    home_report, _ = home.imports.run(home.imports.preview(ours))
    assert home_report.slug != "midterm-1"  # the plain slug is the rival's pack here
    merged, _ = home.profiles.import_history(home.profiles.current().id, file, into_other_profile=True)
    assert merged.attempts_added == 1 and merged.answers_skipped == 0 and merged.answers_recomputed == 0
    [row] = home.stats.progress(home.profiles.current().id).mock_exams
    assert row.blueprint == home_report.slug and row.score == pytest.approx(6 / 7)
    assert lab.exams.results(attempt).overall.correct == 6


# -- 9. Smaller ------------------------------------------------------------------------------------

def test_case9_the_cli_pass_mark_is_a_percent_from_1_to_100(source: AppContext, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZAPP_INSTRUCTOR_PASSPHRASE", PASSPHRASE)
    base = ["--data-dir", str(source.data_dir), "pack", "export", "--name", "Quiz", "--minutes", "10",
            "--domain", "Phlebotomy=1", "--out", str(tmp_path / "q.json"), "--json"]
    for mark, expected in (("1", 0.01), ("100", 1.0), ("70%", 0.7), ("72.5", 0.725)):
        assert main([*base, "--pass-mark", mark]) == 0
        assert json.loads(capsys.readouterr().out)["pass_mark"] == expected
    for mark in ("0.7", "0", "101", "1e-300", "nan"):
        assert main([*base, "--pass-mark", mark]) == 2
        assert "give a percent from 1 to 100" in capsys.readouterr().err
    monkeypatch.delenv("QUIZAPP_INSTRUCTOR_PASSPHRASE")
    assert main([*base, "--pass-mark", "70"]) == 1
    assert "give your signing passphrase" in json.loads(capsys.readouterr().out)["error"]["message"]


def test_case9_media_names_that_climb_out_are_dropped() -> None:
    assert sanitize_html('<img src="@@PLUGINFILE@@/../../etc/passwd" alt="x">') == '<img alt="x">'
    assert sanitize_html('<img src="@@PLUGINFILE@@/..%2F..%2Fsecret.png">') == "<img>"
    assert sanitize_html('<img src="@@PLUGINFILE@@/a/../b.png">') == '<img src="@@PLUGINFILE@@/b.png">'
    assert sanitize_html('<img src="@@PLUGINFILE@@/my%20pic.png">') == '<img src="@@PLUGINFILE@@/my%20pic.png">'


def test_case9_a_pack_whose_template_asks_more_than_it_holds_is_refused(source: AppContext, fresh,
                                                                        tmp_path: Path) -> None:
    pack = export(source, tmp_path)
    document = json.loads(pack.read_text(encoding="utf-8"))
    document["pack"]["selection"]["counts"]["Phlebotomy"] = 50
    document["sha256"] = pack_digest(document["pack"], document["questions"])
    from quizapp.core.packs.signing import SigningKey

    document["signature"] = sign(SigningKey(source.data_dir).unlock(PASSPHRASE), signed_message(document))
    bad = tmp_path / "asks-too-much.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    student = fresh("student")
    preview = student.imports.preview(bad)
    assert preview.format == "exam-pack" and "asks for 54 items but it holds 7 questions" in preview.errors[0].message


def test_case10_a_pack_that_is_a_pipe_or_a_link_follows_the_same_rules(source: AppContext,
                                                                       fresh: Callable[[str], AppContext],
                                                                       tmp_path: Path) -> None:
    import os

    pack = export(source, tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(pack)
    student = fresh("student")
    assert student.imports.preview(link).pack is not None
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    preview = student.imports.preview(fifo)
    assert preview.errors and "this is a named pipe" in preview.errors[0].message
    utf16 = tmp_path / "utf16.json"
    utf16.write_bytes(pack.read_text(encoding="utf-8").encode("utf-16"))
    assert student.imports.preview(utf16).pack is not None


def test_a_pack_as_packs_were_written_before_signatures_still_imports_and_is_taken(source: AppContext, fresh,
                                                                                 tmp_path: Path) -> None:
    """Files the app writes today must still import: a version 1 pack (no signature) installs,
    marked unsigned, and is taken like any pack."""
    legacy = _legacy(export(source, tmp_path), tmp_path / "legacy.json")
    assert json.loads(legacy.read_text(encoding="utf-8"))["version"] == 1
    student = fresh("student")
    report, _ = student.imports.run(student.imports.preview(legacy))
    assert report.written and report.slug == "midterm-1" and report.pack is not None
    assert report.pack.fingerprint is None and not report.pack.trusted
    assert "unsigned — made before packs were signed" in report.pack.note
    exam = {b.slug: b for b in student.exams.blueprints()}["midterm-1"]
    assert not exam.trusted and exam.pass_mark == 0.7
    assert student.exams.results(take(student, "midterm-1", right=5).attempt_id).passed is True
