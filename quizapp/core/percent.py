"""The one way a share is written as a percentage, for the window and the command line alike."""

from __future__ import annotations

import math

DASH = "—"


def share(correct: int, answered: int) -> float | None:
    """correct / answered as a fraction 0-1 (clamped), None with no answers."""
    if answered <= 0:
        return None
    return min(1.0, max(0.0, correct / answered))


def percent(fraction: float | None, *, none: str = DASH) -> str:
    """A fraction 0-1 as a whole percentage ("83%"); `none` where there is nothing to show (or
    nothing sensible: a non-finite score a damaged history once stored)."""
    return none if fraction is None or not math.isfinite(fraction) else f"{round(100 * fraction)}%"
