"""Frozen views of questions for the front ends: what a student sees, in display order.

Pages get these, never ORM rows, so nothing on screen can lazily hit the database or change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.core.db.models import Question
from quizapp.core.questions import LETTERS


@dataclass(frozen=True)
class ChoiceView:
    letter: str  # displayed letter, A.. in display order
    text: str
    position: int  # stored position (what answers record)


@dataclass(frozen=True)
class MediaView:
    name: str
    mime: str
    data: bytes
    alt: str = ""  # what a screen reader says instead of the image


@dataclass(frozen=True)
class QuestionView:
    question_id: int
    stem: str
    text_format: str
    kind: str
    choices: tuple[ChoiceView, ...]
    domain: str | None
    subdomain: str | None
    topic: str | None
    media: tuple[MediaView, ...] = ()

    def letters_for(self, positions: list[int] | None) -> str:
        chosen = set(positions or [])
        return "".join(c.letter for c in self.choices if c.position in chosen)


@dataclass(frozen=True)
class SourceView:
    title: str
    locator: str
    note: str | None = None  # a study note's name when the source is one ("Read the note")
    anchor: str | None = None  # the note's section that holds the passage


@dataclass(frozen=True)
class Feedback:
    """What a student sees after checking an answer (or in a review of results)."""

    correct: bool
    chosen_letters: str
    key_letters: str
    key_positions: tuple[int, ...]  # stored positions of the key, to mark it on screen
    rationale: str
    sources: tuple[SourceView, ...]
    choice_feedback: tuple[tuple[str, str], ...]  # (letter, feedback) where feedback exists
    any_key: bool = False  # a single-answer question with several keys: any one of them is right

    @property
    def key_text(self) -> str:
        """The key as a student reads it: "B", "AC" (choose both), or "A or C" (either is right)."""
        if not self.any_key:
            return self.key_letters
        letters = list(self.key_letters)
        return ", ".join(letters[:-1]) + " or " + letters[-1]


def question_view(question: Question, display_order: list[int]) -> QuestionView:
    by_position = {c.position: c for c in question.choices}
    order = [p for p in display_order if p in by_position] or sorted(by_position)
    choices = tuple(ChoiceView(LETTERS[i], by_position[p].text, p) for i, p in enumerate(order))
    return QuestionView(
        question_id=question.id,
        stem=question.stem,
        text_format=question.text_format,
        kind=question.kind,
        choices=choices,
        domain=question.domain,
        subdomain=question.subdomain,
        topic=question.topic,
        media=tuple(MediaView(m.name, m.mime, m.data, m.alt) for m in question.media),
    )


def source_view(citation: dict[str, str], titles: dict[str, str]) -> SourceView:
    """What a student sees of a citation: a readable title, and for a study note where to open it."""
    source = citation.get("source", "")
    note = source[len("notes/"):-len(".md")] if source.startswith("notes/") and source.endswith(".md") else None
    return SourceView(titles.get(source, source), citation.get("locator", ""), note,
                      citation.get("section") if note else None)


def feedback_for(question: Question, view: QuestionView, chosen: list[int], correct: bool,
                 titles: dict[str, str]) -> Feedback:
    key = [c.position for c in question.choices if c.is_correct]
    by_position = {c.position: c for c in question.choices}
    return Feedback(
        correct=correct,
        chosen_letters=view.letters_for(chosen),
        key_letters=view.letters_for(key),
        key_positions=tuple(key),
        rationale=question.rationale,
        sources=tuple(source_view(c, titles) for c in question.citations),
        choice_feedback=tuple(
            (c.letter, by_position[c.position].feedback)
            for c in view.choices
            if by_position[c.position].feedback
        ),
        any_key=question.kind != "multiple" and len(key) > 1,
    )
