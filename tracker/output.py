"""Writing output files so that no reader ever sees half of one.

:func:`write_atomic` writes to a temporary file in the target's folder, flushes
it to disk, then renames it over the target (atomic on POSIX and Windows). A
symbolic link is written through (its target is replaced, the link stays); a
target that exists and is not a regular file (a FIFO, ``/dev/stdout``,
``/dev/null``) is written to directly, as renaming over it would replace it. A
failure leaves the target as it was and removes the temporary file; it is
reported as :class:`tracker.errors.UnusableError` (exit 1).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tracker.errors import InputError, UnusableError


def check_target(path: str | os.PathLike[str], database: Path | None = None) -> Path:
    """Refuse, before any work, an output path that cannot be right: empty, a folder, a
    missing folder, or the tracker database itself (or its -wal / -shm files)."""
    text = os.fspath(path)
    if not text.strip():
        raise InputError("--output must not be empty")
    target = Path(text).expanduser()
    if target.is_dir():
        raise UnusableError(f"cannot write {target}: it is a directory")
    real = Path(os.path.realpath(target))
    if not real.parent.is_dir():
        raise UnusableError(f"cannot write {target}: folder {real.parent} does not exist")
    if database is not None:
        db = Path(os.path.realpath(database))
        if real in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
            raise InputError(f"cannot write {target}: it is the tracker database")
    return target


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Replace ``path`` with ``text`` (UTF-8) in one step; returns the path written."""
    data = text.encode("utf-8")
    with atomic_file(path) as handle:
        handle.write(data)
    return check_target(path)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A file to write ``path``'s new bytes to as they come; on leaving, it replaces
    ``path`` in one step (see the module's note). Whatever stops the writing leaves
    ``path`` as it was."""
    target = check_target(path)
    real = Path(os.path.realpath(target))  # through a symbolic link
    try:
        mode = real.stat().st_mode if real.exists() else None
        if mode is not None and not stat.S_ISREG(mode):
            with open(real, "wb") as handle:  # a FIFO or a device: write to it, in place
                yield handle
            return
    except OSError as error:
        raise UnusableError(f"cannot write {target}: {error.strerror or error}") from error
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(mode) if mode is not None else _default_mode())
        os.replace(temporary, real)
        temporary = None
    except OSError as error:
        reason = error.strerror or str(error)
        raise UnusableError(f"cannot write {target}: {reason}") from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _default_mode() -> int:
    """What a plain ``open(path, "w")`` would give: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
