"""Practice set-up's tree as plain data: order, counts over the chosen sets, leaves."""

from __future__ import annotations

from quizapp.core.practice_tree import NO_DOMAIN, NO_TOPIC, practice_tree
from quizapp.core.selection import PlaceCount

CPC = "Clinical Patient Care"
COUNTS = [
    PlaceCount("builtin", ("Medical Law and Ethics", None, "HIPAA and confidentiality"), 4),
    PlaceCount("essentials", ("Medical Law and Ethics", None, "Consent"), 3),
    PlaceCount("essentials", (CPC, "Phlebotomy", "Order of draw"), 5),
    PlaceCount("builtin", (CPC, "Phlebotomy", "Order of draw"), 1),
    PlaceCount("essentials", (CPC, "Patient Intake and Vitals", "Pulse"), 2),
    PlaceCount("essentials", ("Foundational Knowledge and Basic Science", None, "Nutrition"), 6),
    PlaceCount("drills", (None, None, None), 7),
]


def test_domains_and_subdomains_follow_the_test_plan_and_count_the_chosen_sets() -> None:
    tree = practice_tree(COUNTS, {"builtin", "essentials", "drills"})
    assert [(n.name, n.questions) for n in tree] == [
        ("Foundational Knowledge and Basic Science", 6), (CPC, 8), ("Medical Law and Ethics", 7), (NO_DOMAIN, 7)]
    clinical = tree[1]
    assert [(s.name, s.questions) for s in clinical.children] == [("Patient Intake and Vitals", 2), ("Phlebotomy", 6)]
    assert clinical.children[1].children[0].place == (CPC, "Phlebotomy", "Order of draw")
    law = tree[2]
    assert [c.name for c in law.children] == ["Consent", "HIPAA and confidentiality"]  # topics sit directly under
    assert tree[3].children[0].name == NO_TOPIC and tree[3].leaves() == [(None, None, None)]


def test_a_set_switched_off_changes_numbers_not_the_tree() -> None:
    everything = practice_tree(COUNTS, {"builtin", "essentials", "drills"})
    fewer = practice_tree(COUNTS, {"builtin"})
    assert [n.name for n in fewer] == [n.name for n in everything]
    assert [leaf for n in fewer for leaf in n.leaves()] == [leaf for n in everything for leaf in n.leaves()]
    assert [(n.name, n.questions) for n in fewer] == [
        ("Foundational Knowledge and Basic Science", 0), (CPC, 1), ("Medical Law and Ethics", 4), (NO_DOMAIN, 0)]
