"""Errors the exam services raise for things a student (or a front end) can run into."""

from __future__ import annotations

from quizapp.core.errors import AttemptClosed


class ExamClosed(AttemptClosed):
    """A submitted (or abandoned) exam was asked to change: its answers and score are final."""
