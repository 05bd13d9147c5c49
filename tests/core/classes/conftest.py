"""The shared small bank and a context over it (tests/core/stats/support.py)."""

from tests.core.stats.support import bank_dir, ctx  # noqa: F401
