"""Drawing a mock exam: stratified, unique, seeded, unseen and missed first, only exam-shaped items."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from quizapp.core.db.models import AttemptItem, Question
from quizapp.core.exam.blueprints import ExamBlueprint, blueprint_by_slug
from quizapp.core.exam.draw import draw_exam, load_pool, unscored_quotas
from quizapp.core.selection import Candidate
from quizapp.core.taxonomy import (
    CAREER,
    CCMA_DOMAINS,
    CLINICAL,
    CLINICAL_SUBDOMAINS,
    TEST_PLAN_ITEMS,
    TEST_PLAN_SUBDOMAIN_ITEMS,
)
from tests.core.exam.conftest import ExamWorld
from tests.helpers.exam_bank import STRATA, add_set, question_data

FULL = ExamBlueprint(1, "ccma-full", "CCMA full mock exam", 180, dict(TEST_PLAN_ITEMS),
                     dict(TEST_PLAN_SUBDOMAIN_ITEMS), unscored=30)


def pool(per_stratum: int, *, start: int = 1, rank_of=None) -> list[Candidate]:
    """`per_stratum` candidates in every domain / sub-domain; `rank_of(qid)` -> (seen, last_wrong)."""
    rows = []
    qid = start
    for domain, sub in STRATA:
        for _ in range(per_stratum):
            seen, wrong = rank_of(qid) if rank_of else (0, False)
            rows.append(Candidate(qid, domain, sub, "t", "single", 4, seen, wrong))
            qid += 1
    return rows


def by_stratum(items) -> Counter:
    return Counter((i.domain, i.subdomain if i.domain == CLINICAL else None) for i in items if i.scored)


def test_full_exam_follows_the_blueprint_per_domain_and_subdomain_without_repeats() -> None:
    items = draw_exam(pool(40), FULL, seed=7)
    assert len(items) == 180
    assert len({i.question_id for i in items}) == 180
    counts = by_stratum(items)
    for domain, n in TEST_PLAN_ITEMS.items():
        if domain != CLINICAL:
            assert counts[(domain, None)] == n, domain
    for sub, n in TEST_PLAN_SUBDOMAIN_ITEMS.items():
        assert counts[(CLINICAL, sub)] == n, sub
    assert sum(1 for i in items if i.scored) == 150
    unscored = [i for i in items if not i.scored]
    assert len(unscored) == 30
    # Unscored items spread over the domains in the blueprint's proportions.
    spread = Counter(i.domain for i in unscored)
    assert spread == Counter(unscored_quotas(FULL, 30))
    assert spread[CLINICAL] == 17 and len(spread) == 7


def test_unscored_items_are_mixed_in_not_appended() -> None:
    items = draw_exam(pool(40), FULL, seed=3)
    positions = [n for n, i in enumerate(items) if not i.scored]
    assert positions != list(range(150, 180))
    assert min(positions) < 100


def test_the_same_seed_draws_the_same_exam_and_another_seed_does_not() -> None:
    rows = pool(40)
    first = draw_exam(rows, FULL, seed=42)
    assert draw_exam(list(reversed(rows)), FULL, seed=42) == first  # row order does not matter
    other = draw_exam(rows, FULL, seed=43)
    assert [i.question_id for i in other] != [i.question_id for i in first]


def test_display_order_is_a_shuffle_of_the_four_positions_and_varies() -> None:
    items = draw_exam(pool(40), FULL, seed=5)
    assert all(sorted(i.display_order) == [0, 1, 2, 3] for i in items)
    firsts = Counter(i.display_order[0] for i in items)
    assert len(firsts) == 4 and max(firsts.values()) < 90  # the stored first option is not always first


def test_unseen_questions_come_first_then_missed_then_the_rest() -> None:
    # In every stratum: ids ending in 0-3 answered right, 4-6 missed last time, 7-9 unseen.
    def rank_of(qid: int) -> tuple[int, bool]:
        tail = qid % 10
        return (0, False) if tail >= 7 else (1, tail >= 4)

    rows = pool(10, start=10, rank_of=rank_of)

    def tails(n: int, seed: int) -> list[int]:
        blueprint = ExamBlueprint(3, "a", "Anatomy only", 10, {"Anatomy and Physiology": n}, {}, unscored=0)
        return sorted(i.question_id % 10 for i in draw_exam(rows, blueprint, seed=seed))

    for seed in range(5):
        five = tails(5, seed)
        assert five[2:] == [7, 8, 9]  # every unseen one
        assert set(five[:2]) <= {4, 5, 6}  # then missed ones only
        seven = tails(7, seed)
        assert seven[1:] == [4, 5, 6, 7, 8, 9] and seven[0] <= 3


def test_only_four_option_single_answer_ccma_questions_are_drawn() -> None:
    odd = [
        Candidate(9001, CAREER, None, "t", "single", 4, 0, False),
        Candidate(9002, "Anatomy and Physiology", None, "t", "truefalse", 2, 0, False),
        Candidate(9003, "Anatomy and Physiology", None, "t", "multiple", 4, 0, False),
        Candidate(9004, "Anatomy and Physiology", None, "t", "single", 3, 0, False),
        Candidate(9005, "Anatomy and Physiology", None, "t", "single", 5, 0, False),
        Candidate(9006, None, None, "t", "single", 4, 0, False),
    ]
    items = draw_exam(pool(1) + odd, FULL, seed=11)
    assert not {i.question_id for i in items} & {c.question_id for c in odd}


def test_a_short_bank_draws_what_exists() -> None:
    rows = [c for c in pool(40) if c.subdomain != "Phlebotomy" and c.domain != "Medical Law and Ethics"]
    rows += [c for c in pool(40) if c.domain == "Medical Law and Ethics"][:5]
    items = draw_exam(rows, FULL, seed=2)
    counts = by_stratum(items)
    assert counts[(CLINICAL, "Phlebotomy")] == 0
    assert counts[("Medical Law and Ethics", None)] == 5
    assert len({i.question_id for i in items}) == len(items)
    assert sum(1 for i in items if not i.scored) == 30  # plenty left over elsewhere
    assert draw_exam([], FULL, seed=2) == []


def test_unscored_items_come_only_from_leftovers_and_fall_back_across_domains() -> None:
    # Exactly the scored counts everywhere except 30 spare Anatomy questions.
    rows = []
    qid = 1
    for (domain, sub) in STRATA:
        n = TEST_PLAN_SUBDOMAIN_ITEMS[sub] if sub else TEST_PLAN_ITEMS[domain]
        if domain == "Anatomy and Physiology":
            n += 30
        for _ in range(n):
            rows.append(Candidate(qid, domain, sub, "t", "single", 4, 0, False))
            qid += 1
    items = draw_exam(rows, FULL, seed=9)
    unscored = [i for i in items if not i.scored]
    assert len(unscored) == 30 and {i.domain for i in unscored} == {"Anatomy and Physiology"}
    assert len(items) == 180 == len({i.question_id for i in items})


def test_the_pool_query_reads_history_and_excludes_what_a_mock_never_serves(world: ExamWorld) -> None:
    now = world.clock.now()
    with world.ctx.db.sessions.begin() as s:
        add_set(s, "imported", [
            question_data("three", "Anatomy and Physiology", options=3),
            question_data("five", "Anatomy and Physiology", options=5),
            question_data("good", "Anatomy and Physiology"),
            question_data("nodomain", None),
        ], now)
        add_set(s, "off", [question_data("disabled", "Anatomy and Physiology")], now, enabled=False)
    engine, _ = world.exams.start(world.profile_id, "ccma-full", seed=1)
    with world.ctx.db.sessions() as s:
        rows = load_pool(s, world.profile_id, blueprint_by_slug(s, "ccma-full"))
        ext = {q.id: q.ext_id for q in s.scalars(select(Question))}
        drawn = [ext[i.question_id] for i in s.scalars(select(AttemptItem))]
    names = {ext[c.question_id] for c in rows}
    assert "good" in names
    assert not names & {"three", "five", "nodomain", "disabled", "odd-tf", "odd-multi", "odd-retired"}
    assert not any(n.startswith("career") for n in names)
    assert len(drawn) == 180 and len(set(drawn)) == 180
    assert {c.domain for c in rows} <= set(CCMA_DOMAINS)
    assert {c.subdomain for c in rows if c.domain == CLINICAL} <= set(CLINICAL_SUBDOMAINS)
    assert engine.state().total == 180
