"""What an instructor sees of a class: results per student, item analysis, reports.

The database aggregates (small GROUP BYs over the answer summaries, one windowed pass over the
answers for item analysis) and pure functions shape; every entry point needs the instructor
passphrase (quizapp.core.classes).
"""
