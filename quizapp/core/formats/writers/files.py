"""Writing an export to disk so that it is either all there or not there at all.

Everything goes to temporary names in the target's own folder (same file system, so the final
rename is atomic), and only then is renamed into place. Any failure removes what was written and
raises UserError; an older export at the same path survives a failed one untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from quizapp.core.errors import UserError


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "the folder does not exist"
    if isinstance(exc, IsADirectoryError):
        return "a folder has that name"
    if isinstance(exc, NotADirectoryError):
        return "part of the path is a file, not a folder"
    if isinstance(exc, PermissionError):
        return "quizapp may not write there"
    return f"the file could not be written ({exc.strerror or exc.__class__.__name__})"


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _umask() -> int:
    """The process's umask: mkstemp's and mkdtemp's private 0600 / 0700 are wrong for files
    meant to be shared, so exports get what a plain `open(..., "w")` would give."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_file(folder: Path, name: str, data: bytes) -> Path:
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(temp, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        _remove(Path(temp))
        raise
    return Path(temp)


def _temp_folder(folder: Path, name: str, files: tuple[tuple[str, bytes], ...]) -> Path:
    temp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=folder))
    try:
        os.chmod(temp, 0o777 & ~_umask())
        for relative, data in files:
            target = temp.joinpath(*relative.split("/")[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except BaseException:
        _remove(temp)
        raise
    return temp


def write_atomically(path: Path, data: bytes, beside: tuple[tuple[str, bytes], ...] = ()) -> None:
    """Writes `data` to `path`, and `beside` (paths `folder/…` relative to path's folder, all
    under one top folder) next to it; the top folder is replaced as a whole. UserError if not."""
    path = Path(path)
    folder = path.parent
    written: list[Path] = []
    moved_away: Path | None = None
    media: Path | None = None
    try:
        if path.is_dir():
            raise IsADirectoryError(path)
        temp = _temp_file(folder, path.name, data)
        written.append(temp)
        if beside:
            media = folder / beside[0][0].split("/")[0]
            staged = _temp_folder(folder, media.name, beside)
            written.append(staged)
            if media.exists():
                moved_away = Path(tempfile.mkdtemp(prefix=f".{media.name}.old.", dir=folder))
                os.replace(media, moved_away / media.name)
            os.replace(staged, media)
            written[-1] = media
        os.replace(temp, path)
    except OSError as exc:
        for leftover in written:
            _remove(leftover)
        if moved_away is not None and media is not None:
            try:
                os.replace(moved_away / media.name, media)
            except OSError:
                pass
        if moved_away is not None:
            _remove(moved_away)
        raise UserError(f"cannot write the export here: {_reason(exc)}", path) from None
    if moved_away is not None:
        _remove(moved_away)
