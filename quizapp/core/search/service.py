"""`Search questions`: one function over every enabled set, with the student's own filters.

The words go to the database's full-text index (quizapp.core.search.index: FTS5 on SQLite);
everything else — which sets are enabled, retired questions, the set, domain and sub-domain
chosen, bookmarked, missed (wrong last time, from `tally_question`), has a note, the order and
the count — is plain SQLAlchemy, the same on every database. One query returns the page of
results and the number of matches; a results page never reads the answers themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, func, literal, select
from sqlalchemy.orm import Session, aliased, selectinload, sessionmaker

from quizapp.core.db.models import Bookmark, Question, QuestionNote, QuestionSet, TallyQuestion
from quizapp.core.errors import UserError
from quizapp.core.marks import Marks, marks_of
from quizapp.core.search.index import index_for
from quizapp.core.search.terms import marked_spans, only_small_words, plain_text, search_words
from quizapp.core.sources import source_titles
from quizapp.core.views import Feedback, QuestionView, feedback_for, question_view

PAGE = 50  # results listed at once; a practice session from the results takes up to MAX_PRACTICE
MAX_PRACTICE = 200
EXCERPT = 220


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    set_slug: str | None = None
    domain: str | None = None
    subdomain: str | None = None
    bookmarked: bool = False
    missed: bool = False  # answered wrong the last time
    with_note: bool = False

    @property
    def filtered(self) -> bool:
        """Whether anything but the words narrows the search."""
        return bool(self.set_slug or self.domain or self.subdomain or self.bookmarked or self.missed
                    or self.with_note)


@dataclass(frozen=True)
class SearchHit:
    question_id: int
    set_name: str
    domain: str | None
    subdomain: str | None
    topic: str | None
    excerpt: str  # the stem as plain text, cut at a word
    spans: tuple[tuple[int, int], ...]  # where searched words stand in `excerpt`
    bookmarked: bool
    missed: bool
    has_note: bool
    in_note: bool  # the words were found in the student's own note


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    words: tuple[str, ...]
    total: int  # matches in all; `hits` holds the first PAGE of them, best first
    hits: tuple[SearchHit, ...]
    small_words_only: bool = False  # words were typed, but only ones too common to search for

    @property
    def empty_request(self) -> bool:
        return not self.words and not self.request.filtered


@dataclass(frozen=True)
class FilterChoices:
    """What the filters can offer: enabled sets, and the domains and sub-domains they hold."""

    sets: tuple[tuple[str, str], ...]  # (slug, name)
    domains: tuple[str, ...]
    subdomains: tuple[tuple[str, str], ...]  # (domain, sub-domain)


@dataclass(frozen=True)
class FoundQuestion:
    """A search result opened: the question in its stored order, with its answer and rationale."""

    question: QuestionView
    feedback: Feedback
    set_name: str
    marks: Marks


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


def _filters(profile_id: int, request: SearchRequest) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [QuestionSet.enabled.is_(True), Question.retired.is_(False)]
    if request.set_slug:
        where.append(QuestionSet.slug == request.set_slug)
    if request.domain:
        where.append(Question.domain == request.domain)
    if request.subdomain:
        where.append(Question.subdomain == request.subdomain)
    if request.bookmarked:
        where.append(exists().where(Bookmark.profile_id == profile_id, Bookmark.question_id == Question.id))
    if request.with_note:
        where.append(exists().where(QuestionNote.profile_id == profile_id, QuestionNote.question_id == Question.id))
    if request.missed:
        where.append(exists().where(TallyQuestion.profile_id == profile_id, TallyQuestion.question_id == Question.id,
                                    TallyQuestion.last_correct.is_(False)))
    return where


def _matching(session: Session, profile_id: int, request: SearchRequest,
              words: list[str]) -> Select[int, float, int]:
    """(question id, rank, found in the note) of every match, best first: questions whose note
    (the student's own words) holds the words, then by rank; with no words, set and stored order."""
    base = (select(Question.id).join(QuestionSet, QuestionSet.id == Question.set_id)
            .where(*_filters(profile_id, request)))
    if not words:
        return (base.add_columns(literal(0.0).label("rank"), literal(0).label("in_note"))
                .order_by(QuestionSet.id, Question.id))
    hits = index_for(session).hits(session, profile_id, words)  # one row per question
    return (base.add_columns(hits.c.rank, hits.c.in_note).join(hits, hits.c.question_id == Question.id)
            .order_by(hits.c.in_note.desc(), hits.c.rank, Question.id))


def _details(profile_id: int, ids: list[int]) -> Select[int, str, str, str | None, str | None, str | None, str, bool,
                                                        bool, bool | None]:
    """What a results list shows of each question, in one query: its words and place, its set,
    and this student's bookmark, note and latest verdict (columns, never ORM objects: a page of
    results is read in a millisecond or two)."""
    history = aliased(TallyQuestion)
    return (select(Question.id, Question.stem, Question.text_format, Question.domain, Question.subdomain,
                   Question.topic, QuestionSet.name,
                   exists().where(Bookmark.profile_id == profile_id, Bookmark.question_id == Question.id),
                   exists().where(QuestionNote.profile_id == profile_id, QuestionNote.question_id == Question.id),
                   history.last_correct)
            .join(QuestionSet, QuestionSet.id == Question.set_id)
            .outerjoin(history, (history.question_id == Question.id) & (history.profile_id == profile_id))
            .where(Question.id.in_(ids)))


def search(session: Session, profile_id: int, request: SearchRequest, limit: int = PAGE) -> SearchResults:
    """The one search: every enabled set's live questions holding all the words (stem, options,
    rationale, topic, or this student's note on it), narrowed by the request's filters."""
    words = search_words(request.text)
    small = only_small_words(request.text)
    if not words and not request.filtered:
        return SearchResults(request, (), 0, (), small)
    ordered = _matching(session, profile_id, request, words)
    page = session.execute(ordered.add_columns(func.count().over().label("total")).limit(max(0, limit))).all()
    total = int(page[0][-1]) if page else 0
    details = {row[0]: row for row in session.execute(_details(profile_id, [row[0] for row in page]))}
    hits = []
    for qid, _rank, in_note, _total in page:
        _, stem, text_format, domain, subdomain, topic, set_name, bookmarked, noted, last_correct = details[qid]
        shown = excerpt(plain_text(stem, text_format))
        hits.append(SearchHit(qid, set_name, domain, subdomain, topic, shown, marked_spans(shown, words),
                              bool(bookmarked), last_correct is not None and not last_correct, bool(noted),
                              bool(in_note)))
    return SearchResults(request, tuple(words), total, tuple(hits), small)


def matching_ids(session: Session, profile_id: int, request: SearchRequest, limit: int = MAX_PRACTICE) -> list[int]:
    """The ids a practice session from the results draws from: the best `limit` matches."""
    words = search_words(request.text)
    if not words and not request.filtered:
        return []
    return [int(row[0]) for row in session.execute(_matching(session, profile_id, request, words).limit(limit)).all()]


class SearchService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def search(self, profile_id: int, request: SearchRequest, limit: int = PAGE) -> SearchResults:
        with self._sessions() as session:
            return search(session, profile_id, request, limit)

    def ids_for_practice(self, profile_id: int, request: SearchRequest) -> tuple[int, ...]:
        with self._sessions() as session:
            return tuple(matching_ids(session, profile_id, request))

    def choices(self) -> FilterChoices:
        """The filters' lists: enabled sets by name, domains and sub-domains they hold."""
        with self._sessions() as session:
            sets = tuple((slug, name) for slug, name in session.execute(
                select(QuestionSet.slug, QuestionSet.name).where(QuestionSet.enabled.is_(True))
                .order_by(QuestionSet.id)))
            places = session.execute(
                select(Question.domain, Question.subdomain).distinct()
                .join(QuestionSet, QuestionSet.id == Question.set_id)
                .where(QuestionSet.enabled.is_(True), Question.retired.is_(False), Question.domain.is_not(None))
            ).all()
        from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL_SUBDOMAINS

        rank = {name: i for i, name in enumerate((*ALL_DOMAINS, *CLINICAL_SUBDOMAINS))}
        domains = sorted({d for d, _ in places if d}, key=lambda n: (rank.get(n, len(rank)), n))
        subdomains = sorted({(d, s) for d, s in places if d and s}, key=lambda p: (rank.get(p[1], len(rank)), p[1]))
        return FilterChoices(sets, tuple(domains), tuple(subdomains))

    def question(self, profile_id: int, question_id: int) -> FoundQuestion:
        """A result opened in full: options in stored order, the key, rationale and sources."""
        with self._sessions() as session:
            question = session.scalar(select(Question).where(Question.id == question_id)
                                      .options(selectinload(Question.choices), selectinload(Question.media),
                                               selectinload(Question.question_set)))
            if question is None:
                raise UserError("that question no longer exists")
            view = question_view(question, [c.position for c in question.choices])
            feedback = feedback_for(question, view, [], False, source_titles(session))
            return FoundQuestion(view, feedback, question.question_set.name,
                                 marks_of(session, profile_id, [question_id])[question_id])
