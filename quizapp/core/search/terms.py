"""What a student types into `Search questions`, as the words an index must find.

Kept apart from any database so every rule is tested on its own, and so each index (SQLite's
FTS5, PostgreSQL's text search) receives the same words and spells its own query from them.
"""

from __future__ import annotations

import html
import re

# Words nearly every question holds: requiring them would only hide results ("what is the
# normal range" finds what "normal range" finds). Dropped unless nothing else is left.
STOP_WORDS = frozenset(
    "a an and are as at be by can do does for from how in is it of on or should the this to "
    "what when which who why will with".split())
MAX_WORDS = 12  # more words than this narrow nothing further and only slow the index down
_WORD = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]*>")


def search_words(text: str) -> list[str]:
    """The distinct words of `text`, case-folded, in order, less the stop words and single
    letters: both are in nearly every question, so they narrow nothing (a query of nothing else
    searches nothing, and the page asks for a more telling word). Punctuation and any query
    syntax are dropped: a student's quote or asterisk never reaches an index as an operator."""
    words = dict.fromkeys(w.casefold() for w in _WORD.findall(text) if len(w) > 1 or w.isdigit())
    return [w for w in words if w not in STOP_WORDS][:MAX_WORDS]


def only_small_words(text: str) -> bool:
    """Whether `text` has words, but only ones `search_words` leaves out ("the", "of a")."""
    return bool(_WORD.search(text)) and not search_words(text)


def plain_text(text: str, text_format: str) -> str:
    """What a student reads of a stored text: an HTML question's tags dropped and its
    entities decoded, so the index holds words, not markup."""
    if text_format != "html":
        return text
    return html.unescape(_TAG.sub(" ", text))


def marked_spans(text: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    """Where in `text` a word begins with one of `words` (case-insensitive): what a results
    list highlights. The index also matches other forms of a word (it stems "injections" to
    "inject"), so a long word is marked by its first letters ("inject" marks "injected")."""
    if not words:
        return ()
    stems = [w[:max(4, len(w) - 4)] if len(w) > 4 else w for w in words]
    spans = []
    for match in _WORD.finditer(text):
        folded = match.group().casefold()
        if any(folded.startswith(stem) for stem in stems):
            spans.append((match.start(), match.end()))
    return tuple(spans)
