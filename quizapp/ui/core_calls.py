"""The one error path for a page or feature that asks core to do something.

Core raises UserError for anything a student can act on (a name taken, a file unreadable, an
exam already submitted); a database that is full, read-only, busy or damaged, or a disk that
fails, surfaces as an SQLAlchemy or sqlite3 error or an OSError. `call_core` runs the request and
hands any of these to the caller's `show` as one plain sentence that says what was not saved and
why (`quizapp.core.db.failures.explain`), so no traceback ever reaches a student and no page has
its own `except`. It returns REFUSED when the call failed, so a caller can stop there and show
only what was saved.

The window hears the same database failures from core (`StorageWatch`) and shows its banner, or
the damaged-database page, whichever page or timer made the call.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from quizapp.core.db.failures import explain
from quizapp.core.errors import UserError

T = TypeVar("T")

STORAGE_FAILED = "your study data could not be read or saved just now (the disk may be full or busy); try again"


class Refused(Enum):
    REFUSED = "refused"


REFUSED = Refused.REFUSED


def call_core(request: Callable[[], T], show: Callable[[str], object]) -> T | Refused:
    """`request()`'s result, or REFUSED after `show(message)` when core refused it."""
    try:
        return request()
    except UserError as exc:
        show(exc.message)
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        explained = explain(exc, None)
        show(explained.message if explained is not None else STORAGE_FAILED)
    return REFUSED
