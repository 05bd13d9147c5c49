"""A profile's statistics: SQL aggregates (`queries`), pure shaping (`shape`), the service."""

from quizapp.core.stats.service import Progress, StatsService

__all__ = ["Progress", "StatsService"]
