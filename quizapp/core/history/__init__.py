"""A profile's history as a file, to carry between computers (the lab and home).

Modules, one job each: `reading` (the file checked value by value, nothing trusted), `records`
(what a checked file holds), `document` (writing one), `merge` (adding one to a profile: whose
it is, what is recomputed, where review cards go; its bookmarks and own notes too) and
`pack_attempts` (pack sessions, matched by the pack's signer and name and re-scored against the
instructor's own copy).

Questions are named by (set slug, ext_id), the pair that survives every bank upgrade; sessions
by their UUID, so importing merges and importing the same file twice adds nothing. Reading
validates the whole file before anything is written; a damaged file or one from a newer
quizapp raises UserError and changes nothing.
"""

from quizapp.core.history.document import BLUEPRINT_SLUG, HistoryExport, history_document, write_json_atomic
from quizapp.core.history.merge import HistoryImport, OtherProfile, merge_history
from quizapp.core.history.reading import (
    FORMAT,
    MAX_ANSWERS,
    MAX_ATTEMPTS,
    MAX_FILE_BYTES,
    VERSION,
    parse_history,
    read_history,
)
from quizapp.core.history.records import HistoryFile

__all__ = [
    "BLUEPRINT_SLUG",
    "FORMAT",
    "MAX_ANSWERS",
    "MAX_ATTEMPTS",
    "MAX_FILE_BYTES",
    "VERSION",
    "HistoryExport",
    "HistoryFile",
    "HistoryImport",
    "OtherProfile",
    "history_document",
    "merge_history",
    "parse_history",
    "read_history",
    "write_json_atomic",
]
