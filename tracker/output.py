"""Writing output files so that no reader ever sees half of one.

:func:`write_atomic` writes to a temporary file in the target's folder, flushes
it to disk, then renames it over the target (atomic on POSIX and Windows). A
failure leaves the target as it was and removes the temporary file; it is
reported as :class:`tracker.errors.UnusableError` (exit 1).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from tracker.errors import UnusableError


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Replace ``path`` with ``text`` (UTF-8) in one step; returns the path written."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UnusableError(f"cannot write {target}: it is a directory")
    folder = target.parent
    if not folder.is_dir():
        raise UnusableError(f"cannot write {target}: folder {folder} does not exist")
    data = text.encode("utf-8")
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = target.stat().st_mode & 0o7777 if target.exists() else _default_mode()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        reason = error.strerror or str(error)
        raise UnusableError(f"cannot write {target}: {reason}") from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return target


def _default_mode() -> int:
    """What a plain ``open(path, "w")`` would give: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
