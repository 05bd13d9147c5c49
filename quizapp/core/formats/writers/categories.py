"""Where GIFT and Moodle XML files put each question: a `$course$/top/...` category path.

Both importers (ours and Moodle's) carry a category over to every question after it, and ours
reads a domain, sub-domain and topic back out of it. A path is only written when reading it
back gives exactly the question's own classification; questions for which no path does (no
domain and no topic, or a topic named like a domain) come first, before any category line, so
no category leaks onto them, and their fields travel in the format's own metadata instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.core.formats.fields import Classification, classify_category
from quizapp.core.questions import QuestionData

ROOT = "$course$/top"


def _part(name: str) -> str:
    # Moodle writes a "/" inside a category name as "//".
    return " ".join(name.split()).replace("/", "//")


def classification(question: QuestionData) -> Classification:
    return Classification(question.domain, question.subdomain, question.topic)


def category_path(question: QuestionData, set_name: str) -> str | None:
    """A path that reads back as the question's domain, sub-domain and topic, or None.

    The set's name leads the path when it does no harm, so Moodle users find the questions
    under it; it is dropped when it would be read as a domain or a topic itself.
    """
    parts = [p for p in (question.domain, question.subdomain, question.topic) if p]
    if not parts:
        return None
    wanted = classification(question)
    for prefix in ([set_name] if set_name.strip() else [], []):
        path = "/".join([ROOT, *(_part(p) for p in [*prefix, *parts])])
        # A backslash would be read as a GIFT escape; such a name travels in the metadata.
        if "\\" not in path and classify_category(path) == wanted:
            return path
    return None


def grouped(questions: Sequence[QuestionData], set_name: str
            ) -> list[tuple[str | None, list[QuestionData]]]:
    """Runs of questions under one category line, in file order; the uncategorised run first.

    Questions keep their order within each run; a new run starts whenever the path changes, so
    a set ordered by topic gets one category line per topic.
    """
    loose: list[QuestionData] = []
    runs: list[tuple[str | None, list[QuestionData]]] = []
    cache: dict[Classification, str | None] = {}
    for question in questions:
        key = classification(question)
        if key not in cache:
            cache[key] = category_path(question, set_name)
        path = cache[key]
        if path is None:
            loose.append(question)
        elif runs and runs[-1][0] == path:
            runs[-1][1].append(question)
        else:
            runs.append((path, [question]))
    return ([(None, loose)] if loose else []) + runs
