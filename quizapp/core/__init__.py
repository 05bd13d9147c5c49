"""GUI-free core: data model, bank pipeline, exam engine, statistics, import and export.

Nothing under this package may import Qt; `tests/core/test_layering.py` enforces it.
"""
