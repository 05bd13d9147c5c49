"""The pure shaping functions, with hand-built rows: no database, no system clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.stats import shape
from quizapp.core.stats.rows import DayRow, TopicRow
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

LAW = "Medical Law and Ethics"
AP = "Anatomy and Physiology"


def row(domain: str | None, topic: str | None, answered: int, correct: int, *, subdomain: str | None = None,
        seconds: float = 0.0, recent: tuple[int, int] = (0, 0), before: tuple[int, int] = (0, 0)) -> TopicRow:
    return TopicRow(domain, subdomain, topic, answered, correct, seconds, *recent, *before)


def by_name(domains: tuple[shape.DomainStats, ...], name: str) -> shape.DomainStats:
    return next(d for d in domains if d.name == name)


def test_accuracy_is_a_fraction_and_none_without_enough_answers() -> None:
    assert shape.accuracy(3, 4) == 0.75
    assert shape.accuracy(0, 0) is None
    assert shape.accuracy(4, 4, min_answers=5) is None
    assert shape.accuracy(4, 5, min_answers=5) == 0.8
    assert shape.accuracy(7, 5) == 1.0  # odd tallies never exceed 100%


def test_no_answers_gives_the_whole_plan_with_nothing_to_divide() -> None:
    domains = shape.per_domain([])
    assert [d.name for d in domains] == list(ALL_DOMAINS)
    assert all(d.line.answered == 0 and d.line.accuracy is None and d.line.accuracy_30d is None for d in domains)
    assert all(d.line.seconds_per_question is None and d.line.trend is None for d in domains)
    clinical = by_name(domains, CLINICAL)
    assert [s.name for s in clinical.subdomains] == list(CLINICAL_SUBDOMAINS)
    assert all(d.subdomains == () for d in domains if d.name != CLINICAL)
    assert shape.overall([]).accuracy is None
    assert shape.weakest_topics([]) == ()
    assert shape.trend([], FakeClock()) == ()


def test_domains_sum_their_topics_and_sub_domains() -> None:
    rows = [
        row(CLINICAL, "Vital signs", 10, 7, subdomain="Patient Intake and Vitals", seconds=300, recent=(4, 3)),
        row(CLINICAL, "Venipuncture", 6, 3, subdomain="Phlebotomy", seconds=60),
        row(CLINICAL, "Hand hygiene", 2, 2, subdomain=None),
        row(LAW, "HIPAA", 5, 5, seconds=50, recent=(5, 5)),
        row(None, "Imported", 3, 0),
    ]
    domains = shape.per_domain(rows)
    clinical = by_name(domains, CLINICAL)
    assert (clinical.line.answered, clinical.line.correct) == (18, 12)
    assert clinical.line.accuracy == pytest.approx(12 / 18)
    assert clinical.line.accuracy_30d == pytest.approx(3 / 4)  # a domain needs only one answer
    assert clinical.line.seconds_per_question == pytest.approx(360 / 18)
    subs = {s.name: s for s in clinical.subdomains}
    assert subs["Patient Intake and Vitals"].accuracy == pytest.approx(0.7)
    assert subs["Phlebotomy"].answered == 6 and subs["Phlebotomy"].domain == CLINICAL
    assert subs["Point of Care Testing and Laboratory Procedures"].accuracy is None
    assert [t.name for t in clinical.topics] == ["Hand hygiene", "Venipuncture", "Vital signs"]
    assert by_name(domains, LAW).line.accuracy == 1.0
    everything = shape.overall(rows)
    assert (everything.answered, everything.correct) == (26, 17)  # the domain-less answers count here only
    assert sum(d.line.answered for d in domains) == 23


def test_a_topic_with_fewer_than_five_answers_has_no_percentage() -> None:
    rows = [row(LAW, "HIPAA", 4, 4, recent=(4, 4)), row(LAW, "Consent", 5, 2, recent=(5, 2)),
            row(AP, "Bones", 1, 1)]
    domains = shape.per_domain(rows)
    topics = {t.name: t for t in by_name(domains, LAW).topics}
    assert topics["HIPAA"].accuracy is None and topics["HIPAA"].accuracy_30d is None
    assert not topics["HIPAA"].enough_data and topics["HIPAA"].answered == 4
    assert topics["Consent"].accuracy == 0.4 and topics["Consent"].enough_data
    assert by_name(domains, LAW).line.accuracy == pytest.approx(6 / 9)
    assert by_name(domains, AP).line.accuracy == 1.0  # domains show any data; topics need five


def test_trend_compares_the_last_30_days_with_the_30_before() -> None:
    rising = row(LAW, "HIPAA", 20, 12, recent=(10, 8), before=(10, 4))
    thin = row(LAW, "Consent", 20, 12, recent=(10, 8), before=(3, 0))
    domains = shape.per_domain([rising, thin])
    topics = {t.name: t for t in by_name(domains, LAW).topics}
    assert topics["HIPAA"].trend == pytest.approx(0.4)
    assert topics["Consent"].trend is None  # too few answers before to compare
    assert by_name(domains, LAW).line.trend == pytest.approx(16 / 20 - 4 / 13)


def test_weakest_topics_need_enough_data_and_prefer_recent_accuracy() -> None:
    rows = [
        row(LAW, "Tiny", 4, 0),  # weakest, but too few answers to judge
        row(LAW, "HIPAA", 10, 3),
        row(CLINICAL, "Vitals", 10, 5, subdomain="Patient Intake and Vitals"),
        row(AP, "Bones", 20, 6, recent=(10, 9)),  # bad long ago, good lately
        row(CLINICAL, "Sharps", 10, 6, subdomain="Infection Control and Safety"),
        row(CLINICAL, "Sharps", 10, 6, subdomain="Phlebotomy"),
        row(None, "Imported", 8, 2),
    ]
    weakest = shape.weakest_topics(rows)
    assert [t.name for t in weakest] == ["Imported", "HIPAA", "Vitals"]
    assert weakest[1].domain == LAW and weakest[2].subdomain == "Patient Intake and Vitals"
    assert len(shape.weakest_topics(rows, count=10)) == 5
    assert shape.weakest_topics([row(LAW, "Tiny", 4, 0)]) == ()


def test_weekly_series_buckets_local_days_into_weeks() -> None:
    clock = FakeClock(datetime(2026, 3, 11, 12, 0, tzinfo=UTC))  # a Wednesday
    today = clock.now().astimezone().date()
    monday = date.fromordinal(today.toordinal() - today.weekday())
    rows = [
        DayRow(LAW, monday.isoformat(), 4, 3),
        DayRow(LAW, today.isoformat(), 6, 3),
        DayRow(LAW, date.fromordinal(monday.toordinal() - 7).isoformat(), 2, 0),
        DayRow(LAW, date.fromordinal(today.toordinal() + 20).isoformat(), 10, 10),  # clock was ahead
        DayRow(LAW, "2001-01-01", 50, 50),  # before the window
        DayRow(LAW, "not a day", 5, 5),
        DayRow(CLINICAL, monday.isoformat(), 1, 1),
        DayRow(None, monday.isoformat(), 9, 9),
    ]
    series = shape.trend(rows, clock, weeks=4)
    assert [s.name for s in series] == [CLINICAL, LAW]
    law = series[1].points
    assert [p.start for p in law][-1] == monday and len(law) == 4
    assert [(p.answered, p.correct) for p in law] == [(0, 0), (0, 0), (2, 0), (20, 16)]
    assert law[0].accuracy is None and law[-1].accuracy == pytest.approx(0.8)
