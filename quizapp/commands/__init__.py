"""Headless commands behind `quizapp COMMAND`: each returns a JSON-ready payload, never prints."""
