"""Imported HTML is cut down to an inert subset; plain text is never touched."""

from __future__ import annotations

import pytest

from quizapp.core.formats.sanitize import (
    is_blank,
    sanitize_html,
    sanitize_question,
    text_format_named,
    unify_formats,
)
from quizapp.core.questions import Choice, QuestionData


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<script>alert(1)</script>Hi", "alert"),
        ('<p onclick="steal()">Hi</p>', "onclick"),
        ('<img src="https://tracker.example/pixel.png">', "tracker"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="https://phish.example">x</a>', "phish"),
        ('<p style="background:url(https://x.example/a.png)">x</p>', "url("),
        ('<iframe src="https://x.example"></iframe>', "iframe"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "svg"),
        ("<style>p{}</style>x", "style"),
        ('<form action="https://x.example"><input></form>', "form"),
    ],
)
def test_dangerous_or_remote_content_is_removed(dirty, forbidden):
    assert forbidden not in sanitize_html(dirty)


def test_safe_markup_and_carried_images_are_kept():
    html = (
        '<p>Apply the <strong>tourniquet</strong> <em>3–4 in</em> above:</p>'
        '<img src="@@PLUGINFILE@@/arm.png" alt="arm">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        "<table><tr><td>BP</td><td>120/80</td></tr></table><ul><li>a</li></ul>"
    )
    clean = sanitize_html(html)
    assert '<img src="@@PLUGINFILE@@/arm.png" alt="arm">' in clean
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in clean
    assert "<strong>tourniquet</strong>" in clean and "<td>120/80</td>" in clean


def test_format_names():
    assert text_format_named("html") == "html"
    assert text_format_named("moodle_auto_format") == "plain"
    assert text_format_named("markdown") == "plain"
    assert text_format_named("plain_text") == "plain"
    assert text_format_named(None, "html") == "html"


def test_mixed_formats_escape_the_plain_parts():
    texts, fmt = unify_formats([("<b>Bold</b>", "html"), ("a < b & c\nnext", "plain")])
    assert fmt == "html"
    assert texts == ["<b>Bold</b>", "a &lt; b &amp; c<br>next"]
    assert unify_formats([("a < b", "plain")]) == (["a < b"], "plain")


def test_blankness():
    assert is_blank("<p> </p>", "html")
    assert not is_blank('<p><img src="@@PLUGINFILE@@/x.png"></p>', "html")
    assert is_blank("  ", "plain")
    assert not is_blank("<p>", "plain")


def test_plain_questions_are_left_alone_and_html_ones_cleaned():
    plain = QuestionData("Is 1 < 2? <script>", (Choice("Yes", True), Choice("No", False)))
    assert sanitize_question(plain) is plain
    html = QuestionData(
        "<p onclick=x>Q</p>",
        (Choice("<b>A</b><script>x</script>", True, "<i onmouseover=x>fb</i>"), Choice("B", False)),
        rationale="<script>x</script>Because",
        text_format="html",
    )
    clean = sanitize_question(html)
    assert clean.stem == "<p>Q</p>"
    assert clean.choices[0] == Choice("<b>A</b>", True, "<i>fb</i>")
    assert clean.rationale == "Because"
