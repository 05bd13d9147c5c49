"""A small, bounded element tree for Moodle XML, read safely with defusedxml's SAX parser.

ElementTree would give no line numbers and would hold the whole document; this reader keeps
only one `<question>` at a time (handing each to a callback as it closes), records the line each
element starts on, and refuses DTDs, entities, absurd nesting and oversized questions, so that
neither a billion-laughs file nor a million nested tags can hang or exhaust the app.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.sax import InputSource, SAXException, SAXParseException
from xml.sax.handler import ContentHandler, ErrorHandler
from xml.sax.xmlreader import AttributesImpl, Locator

import defusedxml.sax
from defusedxml.common import DefusedXmlException

from quizapp.core.formats.base import Problem
from quizapp.core.formats.limits import MAX_XML_DEPTH, MAX_XML_ELEMENTS_PER_QUESTION


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The character data directly inside this element (CDATA included)."""
        return "".join(self.text_parts)

    def first(self, tag: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag]

    def descendants(self) -> Iterator[Element]:
        """Every element below this one, without recursion (depth is bounded, but cheaply)."""
        pending = list(reversed(self.children))
        while pending:
            element = pending.pop()
            yield element
            pending.extend(reversed(element.children))


@dataclass
class QuestionElement:
    element: Element
    overflowed: bool  # more elements than MAX_XML_ELEMENTS_PER_QUESTION; the rest were dropped


class XmlStop(Exception):
    """Ends the read with a whole-file problem (not a quiz, too deep…)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _QuizHandler(ContentHandler):
    def __init__(self, on_question: Callable[[QuestionElement], None]) -> None:
        super().__init__()
        self._on_question = on_question
        self._locator: Locator | None = None
        self._depth = 0
        self._stack: list[Element | None] = []  # open elements below <quiz>; None = not kept
        self._kept = 0
        self._overflowed = False

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 (SAX's name)
        self._locator = locator

    def _line(self) -> int:
        found = self._locator.getLineNumber() if self._locator is not None else None
        return found if found is not None else 1

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 (SAX's name)
        self._depth += 1
        if self._depth > MAX_XML_DEPTH:
            raise XmlStop(
                Problem(self._line(), f"elements are nested more than {MAX_XML_DEPTH} deep; "
                        "this is not a Moodle XML quiz")
            )
        if self._depth == 1:
            if name != "quiz":
                raise XmlStop(
                    Problem(self._line(), f"the top element is <{name}>, not <quiz>: this is not "
                            "a Moodle XML quiz")
                )
            return
        parent = self._stack[-1] if self._stack else None
        element: Element | None = None
        if self._depth == 2 and name == "question":
            element = Element(name, dict(attrs), self._line())
            self._kept, self._overflowed = 1, False
        elif parent is not None:
            if self._kept < MAX_XML_ELEMENTS_PER_QUESTION:
                element = Element(name, dict(attrs), self._line())
                parent.children.append(element)
                self._kept += 1
            else:
                self._overflowed = True
        self._stack.append(element)

    def endElement(self, name: str) -> None:  # noqa: N802
        self._depth -= 1
        if not self._stack:
            return
        element = self._stack.pop()
        if not self._stack and element is not None:
            self._on_question(QuestionElement(element, self._overflowed))

    def characters(self, content: str) -> None:
        if self._stack and self._stack[-1] is not None:
            self._stack[-1].text_parts.append(content)


class _RaisingErrors(ErrorHandler):
    """Stop on errors; ignore warnings instead of printing them (the default prints)."""

    def warning(self, exception: BaseException) -> None:
        pass


_DECLARATION = re.compile(r"\A\s*<\?xml\b.{0,400}?\?>", re.S)

_EXPAT_MESSAGES = {
    "mismatched tag": "a closing tag does not match the tag it should close",
    "no element found": "the file ends before the XML is complete (is it cut short?)",
    "unclosed token": "the file ends in the middle of a tag (is it cut short?)",
    "undefined entity": "an &name; entity that XML does not know (write &amp; for a plain &)",
    "junk after document element": "there is more after the closing </quiz>",
    "unclosed CDATA section": "a <![CDATA[ section is never closed with ]]>",
    "duplicate attribute": "a tag has the same attribute twice",
}


def _expat_message(raw: str) -> str:
    for key, message in _EXPAT_MESSAGES.items():
        if raw.startswith(key):
            return message
    return "the XML is not well formed (a stray <, & or unclosed tag)"


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


def read_questions(text: str, on_question: Callable[[QuestionElement], None]) -> None:
    """Parse `text`, calling `on_question` for each `<question>` below `<quiz>` as it closes.

    Raises XmlStop for anything that ends the read; exceptions raised by `on_question` pass
    through unchanged. The XML declaration is dropped because the text is already decoded
    (its `encoding=` no longer applies); its line breaks are kept so line numbers still match.
    """
    text = _DECLARATION.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = True
    parser.forbid_entities = True
    parser.forbid_external = True
    parser.setContentHandler(_QuizHandler(on_question))
    parser.setErrorHandler(_RaisingErrors())
    source = InputSource()
    source.setByteStream(io.BytesIO(text.encode("utf-8", errors="replace")))
    source.setEncoding("utf-8")
    try:
        parser.parse(source)
    except SAXParseException as exc:
        raise XmlStop(Problem(exc.getLineNumber(), _expat_message(exc.getMessage()))) from None
    except SAXException:
        raise XmlStop(Problem(None, "the XML could not be read")) from None
    except DefusedXmlException:
        line = _line_of(text, "<!DOCTYPE") or _line_of(text, "<!ENTITY")
        raise XmlStop(
            Problem(line, "the file declares a DTD or entities (<!DOCTYPE …>); Moodle XML has "
                    "none, and quizapp refuses them for safety")
        ) from None
