"""Managing sets: rename, remove, restore, browse and search; history stays through all of it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.cli import main
from quizapp.core.context import AppContext
from quizapp.core.db.models import AttemptItem, Question, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.practice import PracticeRequest
from quizapp.core.selection import candidates
from tests.core.exports.conftest import FORMATS_DIR, import_file
from tests.helpers.databases import cli_args


def practise(ctx: AppContext, slug: str, count: int = 3) -> tuple[int, str]:
    """Answers `count` questions of a set (the first option each time); (profile id, attempt id)."""
    profile = ctx.profiles.current().id
    state, _ = ctx.practice.start(profile, PracticeRequest(set_slugs=(slug,), count=count, seed=4))
    for item in state.items:
        ctx.practice.check(state.attempt_id, item.position, [item.question.choices[0].position])
    return profile, state.attempt_id


def served(ctx: AppContext, profile: int, slug: str) -> int:
    with ctx.db.sessions() as session:
        return len(candidates(session, profile, set_slugs=[slug]))


def test_rename_changes_the_name_only(source: AppContext) -> None:
    profile, attempt = practise(source, "vitals")
    before = source.stats.progress(profile).overall
    changes = source.sets.rename("vitals", "  Vital   signs (week 2) ")
    assert changes.bank
    info = {s.slug: s for s in source.sets.list()}["vitals"]
    assert info.name == "Vital signs (week 2)" and info.questions == 7 and info.enabled
    assert source.stats.progress(profile).overall == before
    assert source.practice.summary(attempt).answered == 3
    assert source.exports.export("vitals", "json", source.data_dir / "v.json").questions == 7
    with pytest.raises(UserError, match="cannot be empty"):
        source.sets.rename("vitals", "   ")
    with pytest.raises(UserError, match="no question set 'nope'"):
        source.sets.rename("nope", "X")


def test_remove_hides_the_set_and_stops_serving_it_but_history_stays(source: AppContext) -> None:
    profile, attempt = practise(source, "vitals")
    question_id = source.practice.state(attempt).items[0].question.question_id
    source.reports.submit(profile, question_id, "typo", "A typo in the stem")
    before = source.stats.progress(profile)
    assert served(source, profile, "vitals") == 7

    assert source.sets.remove("vitals").bank
    assert "vitals" not in {s.slug for s in source.sets.list()}
    assert [s.slug for s in source.sets.removed()] == ["vitals"]
    assert served(source, profile, "vitals") == 0
    # Every answer still counts, every attempt item still points at its question, reports stay.
    after = source.stats.progress(profile)
    assert after.overall == before.overall and after.domains == before.domains
    assert source.practice.summary(attempt).answered == 3
    with source.db.sessions() as session:
        pointed = session.scalars(select(AttemptItem.question_id).where(AttemptItem.attempt_id == attempt)).all()
        assert session.scalar(select(func.count(Question.id)).where(Question.id.in_(pointed))) == 3
        assert session.scalar(select(QuestionSet.enabled).where(QuestionSet.slug == "vitals")) is False
    assert [r.question_ext_id for r in source.reports.list("vitals")] == [_ext_id(source, question_id)]
    # A removed set is not there for anything else.
    for act in (lambda: source.sets.set_enabled("vitals", True), lambda: source.sets.browse("vitals"),
                lambda: source.exports.export("vitals", "gift", source.data_dir / "v.gift"),
                lambda: source.sets.remove("vitals")):
        with pytest.raises(UserError, match="no question set 'vitals'"):
            act()
    with pytest.raises(UserError, match="cannot be removed; switch it off"):
        source.sets.remove("builtin")


def _ext_id(ctx: AppContext, question_id: int) -> str:
    with ctx.db.sessions() as session:
        return session.get(Question, question_id).ext_id


def test_a_removed_set_comes_back_by_restore_or_by_importing_it_again(source: AppContext) -> None:
    profile = source.profiles.current().id
    source.sets.remove("vitals")
    source.sets.restore("vitals")
    info = {s.slug: s for s in source.sets.list()}["vitals"]
    assert info.enabled and info.format == "gift" and served(source, profile, "vitals") == 7
    with pytest.raises(UserError, match="no removed question set"):
        source.sets.restore("vitals")

    source.sets.remove("vitals")
    report, _ = source.imports.run(source.imports.preview(FORMATS_DIR / "vitals.gift"))
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 7)
    assert {s.slug: s for s in source.sets.list()}["vitals"].enabled and served(source, profile, "vitals") == 7


def test_browse_pages_and_searches_stem_options_topic_and_id(source: AppContext) -> None:
    page = source.sets.browse("every-feature", limit=4)
    assert (page.total, page.offset, len(page.items)) == (10, 0, 4)
    first = page.items[0]
    assert (first.ext_id, first.kind, first.options, first.key, first.topic) == ("EVF-001", "single", 4, "A",
                                                                                 "Order of draw")
    assert [i.ext_id for i in source.sets.browse("every-feature", offset=8).items] == ["EVF-009", "EVF-010"]
    assert source.sets.browse("every-feature", "EVF-002").items[0].key == "ABC"

    def found(search: str) -> list[str]:
        return [i.ext_id for i in source.sets.browse("every-feature", search).items]

    assert found("OUNCE") == ["EVF-004"]  # an option's text, any case
    assert found("office safety") == ["EVF-005"]  # the topic, every word
    assert found("vital signs") == ["EVF-008"]
    assert found("100%") == [] and found("50%") == ["EVF-007"]  # % is literal, not a wildcard
    assert found("ventricle pumps") == ["EVF-010"] and found("nothing like this") == []
    detail = source.sets.question("every-feature", "EVF-002")
    assert detail.data.media[0].name == "leads.png" and detail.data.kind == "multiple" and detail.reports == 0
    with pytest.raises(UserError, match="has no question 'X'"):
        source.sets.question("every-feature", "X")


def test_reports_on_a_sets_questions_export_as_csv(source: AppContext, tmp_path: Path) -> None:
    profile, attempt = practise(source, "every-feature", count=2)
    items = source.practice.state(attempt).items
    source.reports.submit(profile, items[0].question.question_id, "wrong-key", "=SUM(A1) the key looks wrong")
    source.clock.advance(60)  # type: ignore[attr-defined]
    source.reports.submit(profile, items[1].question.question_id, "other", "Picture too small")
    _, other_attempt = practise(source, "vitals", count=1)
    source.reports.submit(profile, source.practice.state(other_attempt).items[0].question.question_id, "typo")
    counts = {i.question_id: i.reports for i in source.sets.browse("every-feature").items}
    assert counts[items[0].question.question_id] == 1 and sum(counts.values()) == 2
    assert source.sets.question("every-feature", _ext_id(source, items[1].question.question_id)).reports == 1

    result = source.reports.export_csv(tmp_path / "reports.csv", "every-feature")
    assert result.reports == 2
    text = (tmp_path / "reports.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["reason"] for r in rows] == ["other", "wrong-key"]  # newest first
    assert rows[1]["reason_text"] == "The marked answer is wrong" and rows[1]["note"] == "'=SUM(A1) the key looks wrong"
    assert rows[0]["set"] == "every-feature" and rows[0]["profile"] == "Default" and rows[0]["created_at"]
    assert source.reports.export_csv(tmp_path / "all.csv").reports == 3
    with pytest.raises(UserError, match="the folder does not exist"):
        source.reports.export_csv(tmp_path / "missing" / "r.csv")


def test_cli_sets_hides_removed_sets(source: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    source.sets.remove("vitals")
    assert main([*cli_args(source), "sets", "--json"]) == 0
    slugs = [s["slug"] for s in json.loads(capsys.readouterr().out)["sets"]]
    assert "vitals" not in slugs and slugs[0] == "builtin" and "every-feature" in slugs


def test_a_fresh_import_after_removal_needs_no_old_name(fresh) -> None:  # type: ignore[no-untyped-def]
    ctx = fresh("clean")
    slug = import_file(ctx, FORMATS_DIR / "vitals.gift", "Vitals week 1")
    ctx.sets.remove(slug)
    assert ctx.sets.list() == [] and [s.name for s in ctx.sets.removed()] == ["Vitals week 1"]
