"""Searching questions: the words a student types (`terms`), the full-text index of each
database (`index`), and the one search function with its filters (`service`).

Nothing is imported here, so the bank installer can load `index` without the service.
"""
