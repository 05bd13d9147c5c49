"""Practice set-up's tree: domains, sub-domains and topics with a count beside each, as plain data.

The tree keeps every place any enabled set offers, and counts only the chosen sets, so switching
a set off changes numbers, never the tree the student has ticked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from quizapp.core.selection import Place, PlaceCount
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL_SUBDOMAINS

NO_DOMAIN = "No CCMA domain (imported)"
NO_TOPIC = "No topic"


@dataclass(frozen=True)
class TreeNode:
    name: str
    questions: int
    place: Place | None = None  # set on a topic (a leaf): what choosing it selects
    children: tuple[TreeNode, ...] = ()

    def leaves(self) -> list[Place]:
        if self.place is not None:
            return [self.place]
        return [place for child in self.children for place in child.leaves()]


def _order(names: Collection[str | None], known: Sequence[str]) -> list[str | None]:
    rank = {name: i for i, name in enumerate(known)}
    return sorted(names, key=lambda n: (n is None, rank.get(n or "", len(rank)), n or ""))


def questions(row: PlaceCount) -> int:
    return row.questions


def practice_tree(counts: Sequence[PlaceCount], chosen_sets: Collection[str],
                  measure: Callable[[PlaceCount], int] = questions) -> tuple[TreeNode, ...]:
    """Domains in the test plan's order (questions without one last), Clinical Patient Care's
    sub-domains in theirs, topics alphabetically; each count over `chosen_sets` only, of what
    `measure` counts (all questions, or a practice mode's: missed, bookmarked, unseen)."""
    tally: dict[Place, int] = defaultdict(int)
    for row in counts:
        tally[row.place] += measure(row) if row.set_slug in chosen_sets else 0
    by_domain: dict[str | None, dict[str | None, list[str | None]]] = defaultdict(lambda: defaultdict(list))
    for domain, subdomain, topic in tally:
        by_domain[domain][subdomain].append(topic)

    def topics(domain: str | None, subdomain: str | None) -> tuple[TreeNode, ...]:
        names = sorted(set(by_domain[domain][subdomain]), key=lambda t: (t is None, (t or "").casefold()))
        return tuple(TreeNode(t or NO_TOPIC, tally[(domain, subdomain, t)], (domain, subdomain, t)) for t in names)

    nodes = []
    for domain in _order(by_domain, ALL_DOMAINS):
        subs = by_domain[domain]
        children: list[TreeNode] = []
        for subdomain in _order(subs, CLINICAL_SUBDOMAINS):
            if subdomain is None:
                children += topics(domain, None)
            else:
                leaves = topics(domain, subdomain)
                children.append(TreeNode(subdomain, sum(n.questions for n in leaves), children=leaves))
        nodes.append(TreeNode(domain or NO_DOMAIN, sum(c.questions for c in children), children=tuple(children)))
    return tuple(nodes)
