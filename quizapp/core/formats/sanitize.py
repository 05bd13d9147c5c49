"""Safe HTML for question text, and the two text formats questions are stored in.

Imported HTML is shown inside the app, so it is cut down to a small, inert subset: no scripts,
no event handlers, no styles, and nothing that would fetch from the network. The only
resources kept are `@@PLUGINFILE@@/name` references to images carried with the question
(Moodle's convention) and `data:` images. Plain text is never touched: it is displayed as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace

import nh3

from quizapp.core.questions import Choice, QuestionData, TextFormat

PLUGINFILE_PREFIX = "@@PLUGINFILE@@/"

ALLOWED_TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small", "span",
        "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
_TAG = re.compile(r"<[^>]*>")

# Names formats give to their text formats → the two formats the app stores.
_FORMAT_NAMES: dict[str, TextFormat] = {
    "html": "html",
    "plain": "plain",
    "plain_text": "plain",
    "moodle": "plain",
    "moodle_auto_format": "plain",
    "markdown": "plain",  # Markdown reads well as it stands; it is shown as written.
}


def text_format_named(name: str | None, default: TextFormat = "plain") -> TextFormat:
    """The stored format for a format name from a file (`[html]`, `format="plain_text"`…)."""
    if not name:
        return default
    return _FORMAT_NAMES.get(name.strip().lower(), default)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Drop every link or image address except carried images: nothing may reach the network."""
    if attribute not in ("src", "href"):
        return value
    if value.startswith(PLUGINFILE_PREFIX):
        return value
    if tag == "img" and attribute == "src" and _DATA_IMAGE.match(value):
        return value
    return None


def sanitize_html(markup: str) -> str:
    """`markup` reduced to the safe subset described in the module docstring."""
    if not markup.strip():
        return ""
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        url_schemes={"data"},
        strip_comments=True,
        link_rel=None,
    ).strip()


def html_from_plain(text: str) -> str:
    """Plain text written as HTML that shows the same thing (used when formats are mixed)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def unify_formats(parts: Sequence[tuple[str, TextFormat]]) -> tuple[list[str], TextFormat]:
    """One format for all of a question's texts: HTML as soon as any part is HTML.

    A question stores a single `text_format`, but Moodle lets each answer have its own; plain
    parts of an HTML question are escaped so they still read exactly as written.
    """
    if any(fmt == "html" for _, fmt in parts):
        return [t if fmt == "html" else html_from_plain(t) for t, fmt in parts], "html"
    return [t for t, _ in parts], "plain"


def is_blank(text: str, text_format: TextFormat) -> bool:
    """True when a student would see nothing: no words and, for HTML, no image either."""
    if text_format == "plain":
        return not text.strip()
    if "<img" in text:
        return False
    return not html.unescape(_TAG.sub("", text)).strip()


def sanitize_question(question: QuestionData) -> QuestionData:
    """The question with every HTML text field sanitised; plain questions come back as given."""
    if question.text_format != "html":
        return question
    choices = tuple(
        Choice(sanitize_html(c.text), c.is_correct, sanitize_html(c.feedback))
        for c in question.choices
    )
    return replace(
        question,
        stem=sanitize_html(question.stem),
        choices=choices,
        rationale=sanitize_html(question.rationale),
    )
