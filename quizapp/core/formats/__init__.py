"""Parsers for the question formats instructors already have. None of them touches the database."""
