"""Writes questions as a Moodle XML quiz that Moodle and our importer both read in full.

Multiple choice (single and multiple answer) and true/false, as Moodle's own export writes them:
the Moodle name and id number a question came with (else its id as both), HTML in CDATA with `format="html"`, plain text
as `format="plain_text"`, images as base64 `<file>` elements in the question text, and the
fields Moodle has no element for as tags — `domain:…`, `subdomain:…`, `topic:…`,
`difficulty:N`, `source:FILE#LOCATOR` — beside the question's own tags. Category questions
(`$course$/top/<set>/<domain>/…`) file the questions in Moodle's question bank.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from quizapp.core.formats.checks import moodle_share
from quizapp.core.formats.writers.categories import grouped
from quizapp.core.questions import Choice, QuestionData

# Characters XML 1.0 cannot hold at all; no question text should have them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _cdata(text: str) -> str:
    return "<![CDATA[" + _clean(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text(text: str, html: bool) -> str:
    return f"<text>{_cdata(text) if html else escape(_clean(text))}</text>"


def _formatted(tag: str, text: str, html: bool, indent: str, inner: str = "") -> str:
    fmt = "html" if html else "plain_text"
    return f'{indent}<{tag} format="{fmt}">\n{indent}  {_text(text, html)}\n{inner}{indent}</{tag}>\n'


def _fraction(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _tags(question: QuestionData) -> list[str]:
    tags = [f"{name}:{value}" for name, value in (("domain", question.domain), ("subdomain", question.subdomain),
                                                  ("topic", question.topic)) if value]
    if question.difficulty is not None:
        tags.append(f"difficulty:{question.difficulty}")
    tags += [f"source:{c.source}#{c.locator}" for c in question.citations]
    return tags + list(question.tags)


def _answer(choice: Choice, fraction: str, html: bool, word: str | None = None) -> str:
    """An `<answer>`; true/false answers are the words `true` and `false`, as Moodle writes them."""
    if word is None:
        fmt, body = ("html" if html else "plain_text"), _text(choice.text, html)
    else:
        fmt, body = "moodle_auto_format", f"<text>{word}</text>"
    feedback = _formatted("feedback", choice.feedback, html, "      ") if choice.feedback else ""
    return f'    <answer fraction="{fraction}" format="{fmt}">\n      {body}\n{feedback}    </answer>\n'


def _answers(question: QuestionData, html: bool) -> str:
    if question.kind == "truefalse":
        by_text = {c.text: c for c in question.choices}
        return "".join(_answer(by_text[word], "100" if by_text[word].is_correct else "0", html, word.lower())
                       for word in ("True", "False"))
    if question.kind == "multiple":
        right = sum(1 for c in question.choices if c.is_correct)
        share = _fraction(moodle_share(right))
        # All or nothing, as quizapp scores it: any wrong option cancels the credit.
        return "".join(_answer(c, share if c.is_correct else "-100", html) for c in question.choices)
    return "".join(_answer(c, "100" if c.is_correct else "0", html) for c in question.choices)


def _files(question: QuestionData) -> str:
    """Each image as a `<file>`; one kept in a folder (`sub/a.png`) keeps its `path="/sub/"`, so
    the `@@PLUGINFILE@@/sub/a.png` in the HTML still finds it."""
    out = []
    for m in question.media:
        folder, _, name = m.name.rpartition("/")
        path = f"/{folder}/" if folder else "/"
        out.append(f"      <file name={quoteattr(name)} path={quoteattr(path)} encoding=\"base64\">"
                   f"{base64.b64encode(m.data).decode('ascii')}</file>\n")
    return "".join(out)


def question_element(question: QuestionData) -> str:
    html = question.text_format == "html"
    ref = question.moodle
    name = (ref.name if ref is not None and ref.name else question.ext_id) or " ".join(question.stem.split())[:60]
    idnumber = (ref.idnumber or "") if ref is not None else (question.ext_id or "")
    kind = "truefalse" if question.kind == "truefalse" else "multichoice"
    parts = [
        f'  <question type="{kind}">\n',
        f"    <name>\n      <text>{escape(_clean(name))}</text>\n    </name>\n",
        _formatted("questiontext", question.stem, html, "    ", _files(question)),
        _formatted("generalfeedback", question.rationale, html, "    "),
        "    <defaultgrade>1.0000000</defaultgrade>\n",
        f"    <penalty>{'1.0000000' if kind == 'truefalse' else '0.3333333'}</penalty>\n",
        "    <hidden>0</hidden>\n",
        f"    <idnumber>{escape(_clean(idnumber))}</idnumber>\n",
    ]
    if kind == "multichoice":
        parts += [
            f"    <single>{'true' if question.kind == 'single' else 'false'}</single>\n",
            "    <shuffleanswers>true</shuffleanswers>\n",
            "    <answernumbering>abc</answernumbering>\n",
        ]
    parts.append(_answers(question, html))
    tags = _tags(question)
    if tags:
        parts.append("    <tags>\n")
        parts += [f"      <tag><text>{escape(_clean(t))}</text></tag>\n" for t in tags]
        parts.append("    </tags>\n")
    parts.append("  </question>\n")
    return "".join(parts)


def _category(path: str) -> str:
    return (f'  <question type="category">\n    <category>\n      <text>{escape(path)}</text>\n    </category>\n'
            '    <info format="html">\n      <text></text>\n    </info>\n  </question>\n')


def write_moodle_xml(questions: Sequence[QuestionData], set_name: str = "") -> str:
    """The whole quiz document, UTF-8 declared."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for path, members in grouped(questions, set_name):
        if path is not None:
            out.append(_category(path))
        out += [question_element(q) for q in members]
    out.append("</quiz>\n")
    return "".join(out)
