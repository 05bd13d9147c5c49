"""Safe HTML for question text, and the two text formats questions are stored in.

Imported HTML is shown inside the app, so it is cut down to a small, inert subset: no scripts,
no event handlers, no styles, and nothing that would fetch from the network. The only
resources kept are `@@PLUGINFILE@@/name` references to images carried with the question
(Moodle's convention) and `data:` images. Plain text is never touched: it is displayed as text.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal
from urllib.parse import quote, unquote

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
_ATTRIBUTES = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
_TAG = re.compile(r"<[^>]*>")

# The text formats files name (`[html]`, `format="moodle_auto_format"`…) → how the text is
# written: Moodle's four. Each is stored as one of the app's two formats by `rendered`.
SourceFormat = Literal["plain", "html", "moodle", "markdown"]
_FORMAT_NAMES: dict[str, SourceFormat] = {
    "html": "html",
    "plain": "plain",
    "plain_text": "plain",
    "moodle": "moodle",
    "moodle_auto_format": "moodle",
    "markdown": "markdown",
}
# What makes Moodle's auto-format text read differently from plain text: a tag or an entity.
_MARKUP = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)


def source_format_named(name: str | None, default: SourceFormat = "moodle") -> SourceFormat:
    """The format a file gives a text (`[html]`, `format="plain_text"`…); `default` if none."""
    if not name:
        return default
    return _FORMAT_NAMES.get(name.strip().lower(), default)


def text_format_named(name: str | None, default: TextFormat = "plain") -> TextFormat:
    """The stored format for a format name, for texts that are not converted (CSV, JSON)."""
    if not name:
        return default
    return "html" if source_format_named(name, "plain") == "html" else default


def _markdown_to_html(text: str) -> str:
    import markdown  # imported on first use: only an import of Markdown text needs it

    rendered = str(markdown.markdown(text)).strip()
    # One paragraph reads as the sentence it is; a question is not an article.
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def rendered(text: str, fmt: SourceFormat) -> tuple[str, TextFormat]:
    """A text as Moodle shows it, in one of the two stored formats (HTML not yet sanitised).

    Moodle's default "auto format" is HTML in which a line break is a line break; text with no
    tag and no entity shows the same as plain text, and is kept plain. Markdown becomes HTML.
    """
    if fmt == "html":
        return text, "html"
    if fmt == "markdown":
        return (_markdown_to_html(text), "html") if text.strip() else ("", "plain")
    if fmt == "moodle" and ("<" in text or "&" in text) and _MARKUP.search(text):
        return text.replace("\r\n", "\n").replace("\n", "<br>\n"), "html"
    return text, "plain"


def resolved_media_name(name: str) -> str | None:
    """A carried file's name with `.` and `..` resolved (URL escapes and backslashes read as
    Moodle writes them); None when it is empty, absolute, or climbs out of the question's own
    files (`../../etc/passwd`)."""
    text = unquote(name).replace("\\", "/").strip()
    if not text or text.startswith("/") or re.match(r"[A-Za-z]:", text):
        return None
    normal = posixpath.normpath(text)
    if normal in (".", "..") or normal.startswith("../"):
        return None
    return normal


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Drop every link or image address except carried images: nothing may reach the network,
    and a carried name that climbs out of the question's files is dropped too."""
    if attribute not in ("src", "href"):
        return value
    if value.startswith(PLUGINFILE_PREFIX):
        name = resolved_media_name(value[len(PLUGINFILE_PREFIX):])
        if name is None:
            return None
        return value if name == unquote(value[len(PLUGINFILE_PREFIX):]) else PLUGINFILE_PREFIX + quote(name)
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
        attributes=_ATTRIBUTES,
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
