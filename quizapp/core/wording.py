"""Counted nouns said right: "1 item", "2 items", "1 day", "0 days".

Every label and message that puts a number before a noun goes through `plural`, so a count of
one never reads "1 items" wherever it shows up.
"""

from __future__ import annotations

IRREGULAR = {"entry": "entries", "this": "these", "is": "are", "was": "were", "has": "have"}


def plural_word(count: int, word: str, many: str | None = None) -> str:
    """`word` as it goes with `count`: the singular for exactly one, else `many` (by default the
    word with an s, or its irregular plural)."""
    if count == 1:
        return word
    if many is not None:
        return many
    head, _, last = word.rpartition(" ")
    last = IRREGULAR.get(last, last + "s")
    return f"{head} {last}" if head else last


def plural(count: int, word: str, many: str | None = None, *, grouped: bool = False) -> str:
    """"1 item", "2 items", "1200 questions" (grouped: "1,200 questions"): the count and the noun
    that goes with it."""
    number = f"{count:,}" if grouped else str(count)
    return f"{number} {plural_word(count, word, many)}"
