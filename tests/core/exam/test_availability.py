"""Can the bank fill a blueprint: the `blueprint check` payload and the short-domains list."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.commands.blueprint import check
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.exam.availability import availability
from quizapp.core.exam.blueprints import ExamBlueprint
from quizapp.core.exam.service import ExamService
from quizapp.core.profiles import ensure_default
from quizapp.core.taxonomy import CLINICAL
from tests.core.exam.conftest import ExamWorld
from tests.helpers.exam_bank import STRATA, exam_bank

QUICK_SUBS = {"Patient Intake and Vitals": 3, "General Patient Care": 6, "Infection Control and Safety": 3,
              "Point of Care Testing and Laboratory Procedures": 2, "Phlebotomy": 2,
              "EKG and Cardiovascular Testing": 1}
QUICK_DOMAINS = {"Foundational Knowledge and Basic Science": 3, "Anatomy and Physiology": 2, CLINICAL: 17,
                 "Patient Care Coordination and Education": 2, "Administrative Assisting": 2,
                 "Communication and Customer Service": 2, "Medical Law and Ethics": 2}


def _short_counts() -> dict[tuple[str, str | None], int]:
    """ccma-quick's counts, but Phlebotomy empty and Medical Law and Ethics with one question."""
    counts = {s: (QUICK_SUBS[s[1]] if s[1] else QUICK_DOMAINS[s[0]]) for s in STRATA}
    counts[(CLINICAL, "Phlebotomy")] = 0
    counts[("Medical Law and Ethics", None)] = 1
    return counts


@pytest.fixture
def short_ctx(tmp_path: Path, data_dir: Path, clock: FakeClock):
    ctx = AppContext.open(data_dir, clock, exam_bank(tmp_path, _short_counts()))
    ctx.bank.ensure_installed()
    yield ctx
    ctx.close()


def test_pure_availability_names_each_short_slice_and_the_unscored_gap() -> None:
    blueprint = ExamBlueprint(1, "mini", "Mini", 30, {"Anatomy and Physiology": 4, CLINICAL: 3},
                              {"Phlebotomy": 2, "EKG and Cardiovascular Testing": 1}, unscored=5)
    counts = {("Anatomy and Physiology", None): 6, (CLINICAL, "Phlebotomy"): 1,
              (CLINICAL, "EKG and Cardiovascular Testing"): 3, (CLINICAL, None): 1}
    result = availability(blueprint, counts)
    assert [(d.name, d.wanted, d.available) for d in result.domains] == [
        ("Anatomy and Physiology", 4, 6), (CLINICAL, 3, 5)]
    assert [(s.label, s.missing) for s in result.shortfalls] == [(f"{CLINICAL}: Phlebotomy", 1)]
    # 11 eligible, 6 of them scored (one Phlebotomy short) leaves 5 for the 5 unscored.
    assert result.unscored_missing == 0 and not result.can_fill
    assert result.drawable == 11
    filled = availability(blueprint, {**counts, (CLINICAL, "Phlebotomy"): 2})
    assert filled.unscored_missing == 0 and filled.can_fill
    tight = availability(blueprint, {("Anatomy and Physiology", None): 4, (CLINICAL, "Phlebotomy"): 2,
                                     (CLINICAL, "EKG and Cardiovascular Testing"): 2})
    assert tight.shortfalls == () and tight.unscored_missing == 4 and not tight.can_fill


def test_check_payload_for_a_short_bank(short_ctx: AppContext) -> None:
    result = check(short_ctx, "ccma-quick")
    assert result.exit_code == 0 and result.error is None
    payload = result.payload
    assert payload["blueprint"] == "ccma-quick" and payload["minutes"] == 36
    assert (payload["scored"], payload["unscored"], payload["can_fill"]) == (30, 0, False)
    domains = {d["name"]: d for d in payload["domains"]}
    assert list(domains) == list(QUICK_DOMAINS)
    for name, wanted in QUICK_DOMAINS.items():
        assert domains[name]["wanted"] == wanted
        if name != CLINICAL:
            assert domains[name]["subdomains"] == []
    assert domains["Medical Law and Ethics"]["available"] == 1  # true/false, multiple, retired not counted
    assert domains["Foundational Knowledge and Basic Science"]["available"] == 3
    clinical = domains[CLINICAL]
    assert clinical["available"] == 15 and clinical["wanted"] == 17
    assert [(s["name"], s["wanted"], s["available"]) for s in clinical["subdomains"]] == [
        (name, wanted, 0 if name == "Phlebotomy" else wanted) for name, wanted in QUICK_SUBS.items()]
    assert set(payload) == {"blueprint", "minutes", "scored", "unscored", "can_fill", "distinct_exams", "domains"}
    assert payload["distinct_exams"] == 0
    assert any("Phlebotomy: 2 short" in line for line in result.lines)
    assert any("Medical Law and Ethics: 1 short" in line for line in result.lines)

    shortfalls = ExamService(short_ctx.db.sessions, short_ctx.clock).availability("ccma-quick").shortfalls
    assert [(s.domain, s.subdomain, s.missing) for s in shortfalls] == [
        (CLINICAL, "Phlebotomy", 2), ("Medical Law and Ethics", None, 1)]


def test_full_blueprint_counts_unscored_against_the_leftovers(short_ctx: AppContext) -> None:
    payload = check(short_ctx, "ccma-full").payload
    assert (payload["scored"], payload["unscored"], payload["can_fill"]) == (150, 30, False)
    assert {d["name"]: d["wanted"] for d in payload["domains"]}[CLINICAL] == 84


def test_a_bank_that_fills_ccma_full_says_so(world: ExamWorld) -> None:
    result = check(world.ctx, "ccma-full")
    assert result.payload["can_fill"] is True
    assert result.lines[-1] == "The bank can fill this exam: 1 exam without using a question twice."
    assert result.payload["distinct_exams"] == 1


def test_an_unknown_slug_names_the_valid_ones(short_ctx: AppContext) -> None:
    result = check(short_ctx, "ccma-huge")
    assert result.exit_code == 1
    assert result.error is not None and "ccma-full, ccma-half, ccma-quick" in result.error.message
    assert result.payload == {"blueprint": "", "minutes": 0, "scored": 0, "unscored": 0, "can_fill": False,
                              "distinct_exams": 0, "domains": []}
    with pytest.raises(UserError, match="unknown blueprint 'nope'"):
        ExamService(short_ctx.db.sessions, short_ctx.clock).availability("nope")


def test_starting_anyway_on_a_short_bank_draws_what_exists(short_ctx: AppContext) -> None:
    with short_ctx.db.sessions.begin() as s:
        profile = ensure_default(s, short_ctx.clock.now()).id
    engine, _ = ExamService(short_ctx.db.sessions, short_ctx.clock).start(profile, "ccma-quick", seed=4)
    assert engine.state().total == 30 - 2 - 1


def test_an_empty_bank_cannot_start_an_exam(tmp_path: Path, data_dir: Path, clock: FakeClock) -> None:
    ctx = AppContext.open(data_dir, clock, exam_bank(tmp_path, {}, with_ineligible=False))
    ctx.bank.ensure_installed()
    exams = ExamService(ctx.db.sessions, clock)
    assert exams.availability("ccma-quick").drawable == 0
    with ctx.db.sessions.begin() as s:
        profile = ensure_default(s, clock.now()).id
    with pytest.raises(UserError, match="no four-option questions"):
        exams.start(profile, "ccma-quick")
    assert exams.in_progress(profile) is None
    ctx.close()


def test_distinct_exams_is_the_largest_k_every_slice_and_the_pool_allow() -> None:
    blueprint = ExamBlueprint(1, "mini", "Mini", 30, {"Anatomy and Physiology": 4, CLINICAL: 3},
                              {"Phlebotomy": 2, "EKG and Cardiovascular Testing": 1}, unscored=2)
    counts = {("Anatomy and Physiology", None): 12, (CLINICAL, "Phlebotomy"): 7,
              (CLINICAL, "EKG and Cardiovascular Testing"): 9}
    # Anatomy 12 // 4 = 3, Phlebotomy 7 // 2 = 3, EKG 9, Clinical 16 // 3 = 5; pool 28 // 9 = 3.
    assert availability(blueprint, counts).distinct_exams == 3
    # The pool binds once the unscored items are counted: 27 // 9 = 3 … 26 // 9 = 2.
    assert availability(blueprint, {**counts, (CLINICAL, "EKG and Cardiovascular Testing"): 7}).distinct_exams == 2
    assert availability(blueprint, {**counts, (CLINICAL, "Phlebotomy"): 1}).distinct_exams == 0
    payload = availability(blueprint, counts).payload()
    assert payload["distinct_exams"] == 3


def test_start_anyway_says_exactly_what_the_shorter_exam_is() -> None:
    blueprint = ExamBlueprint(1, "mini", "Mini", 30, {"Anatomy and Physiology": 4, CLINICAL: 3},
                              {"Phlebotomy": 2, "EKG and Cardiovascular Testing": 1}, unscored=5)
    short = availability(blueprint, {("Anatomy and Physiology", None): 4, (CLINICAL, "Phlebotomy"): 1,
                                     (CLINICAL, "EKG and Cardiovascular Testing"): 3})
    text = short.start_anyway_text()
    assert text.startswith("Start anyway gives an exam of 8 items instead of 12, in the same 30 minutes")
    assert "Clinical Patient Care: Phlebotomy: 1 of 2" in text
    assert "3 of the 5 unscored pretest items are left out too" in text
    assert "Your percent is over the 6 scored items you get" in text
