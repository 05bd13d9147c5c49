"""Reading a file a user names (a history file, an exam pack) without surprises.

The rules question files follow: a link is resolved to the file it names; only a regular file
is read — a folder, a device (`/dev/zero` never ends), a named pipe (reading one waits forever)
or a socket is refused at once, from `os.stat`, before anything is opened; the size is checked
before reading, and the open descriptor is checked again so a file swapped in between is
refused too. Text is decoded as question files are (UTF-8, or UTF-16/32 with a byte-order
mark); a UTF-16 file without one is named as such. JSON is read strictly: `NaN` and
`Infinity` are not numbers a quizapp file ever holds.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from quizapp.core.errors import UserError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a device (like /dev/zero)"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class NotJSON(ValueError):
    """The text is not JSON quizapp reads; `line` where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "not an ordinary file")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def irregular(path: Path) -> str | None:
    """What `path` is in words when it names something other than a regular file (after links);
    None for a regular file or one that does not exist (the reader says so itself)."""
    try:
        return _kind(os.stat(Path(path).resolve(strict=True)).st_mode)
    except (OSError, RuntimeError):
        return None


def read_user_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file `path` names (links resolved), at most `limit` of them.
    Raises UserError naming `path` and saying, in words, what is wrong."""
    path = Path(path)
    try:
        real = path.resolve(strict=True)
        info = os.stat(real)
    except FileNotFoundError:
        raise UserError("no such file", path) from None
    except RuntimeError:  # a loop of links
        raise UserError("this link leads round in a circle to no file", path) from None
    except OSError as exc:
        raise UserError(f"cannot read this file ({exc.strerror or exc})", path) from None
    kind = _kind(info.st_mode)
    if kind is not None:
        raise UserError(f"this is {kind}, not {what}", path)
    if info.st_size > limit:
        raise UserError(f"the file is {_megabytes(info.st_size)}; {what} is at most {_megabytes(limit)}, and no "
                        "real one comes near that", path)
    try:
        fd = os.open(real, _FLAGS)
    except OSError as exc:
        raise UserError(f"cannot read this file ({exc.strerror or exc})", path) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise UserError(f"this is {kind}, not {what}", path)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UserError(f"the file grew past {_megabytes(limit)} while it was read", path)
        return b"".join(chunks)
    except OSError as exc:
        raise UserError(f"cannot read this file ({exc.strerror or exc})", path) from None
    finally:
        os.close(fd)


def read_user_text(path: Path, limit: int, what: str) -> str:
    """`read_user_file` decoded like a question file; UserError when it is not text (a UTF-16
    file without its byte-order mark is named as such)."""
    # Imported here: quizapp.core.formats' parsers read their files through this module, so a
    # module-level import would make the two import each other half-initialised.
    from quizapp.core.formats.decode import UndecodableText, decode_bytes

    data = read_user_file(path, limit, what)
    try:
        return decode_bytes(data).text
    except UndecodableText as exc:
        raise UserError(f"this is not {what}: {exc.problem.message}", path, exc.problem.line) from None


def _refuse_constant(name: str) -> Any:
    raise NotJSON(f"it holds {name}, which is not a number")


def loads_strict(text: str) -> Any:
    """JSON without NaN or Infinity (Python's json accepts both); NotJSON says where it failed."""
    try:
        return json.loads(text.removeprefix("\ufeff"), parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise NotJSON(f"not JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise NotJSON("nested too deeply to be a quizapp file") from None
    except ValueError as exc:  # a number too long to convert, or a constant refused above
        raise NotJSON(exc.message if isinstance(exc, NotJSON) else f"not JSON quizapp reads ({exc})") from None
