"""Writing the site's files: only those whose bytes changed, and a manifest of them.

A page whose fingerprint (a hash of everything it is drawn from, see
:mod:`tracker.site.build`) is the one recorded in the manifest, and whose file is still
there, is not rendered at all; a page rendered again is written only if its bytes
differ from the file's. An unchanged file is never touched (its mtime and inode stay),
so rsync and git deploys stay small. Files are replaced atomically (a temporary file
in the same folder, then a rename). Files the last build wrote that this one did not
are removed; nothing else in the folder ever is.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import UnusableError
from tracker.site.paths import MANIFEST

#: The manifest's format; a manifest of another version is read as none.
MANIFEST_VERSION = 1


@dataclass
class Tally:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    removed_paths: list[str] = field(default_factory=list)


class SiteWriter:
    """Writes into ``root``; :meth:`finish` removes what is gone and saves the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        if root.exists() and not root.is_dir():
            raise UnusableError(f"{root} is not a folder")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UnusableError(f"cannot create {root}: {error.strerror or error}") from None
        self.old = self._read_manifest()
        self.new: dict[str, str] = {}
        self.tally = Tally()
        self._folders: set[Path] = {root}

    def _read_manifest(self) -> dict[str, str]:
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return {}
        files = data.get("files")
        if not isinstance(files, dict):
            return {}
        return {str(k): str(v) for k, v in files.items()}

    def current(self, path: str, fingerprint: str) -> bool:
        """Whether ``path`` is as ``fingerprint`` says and still there: then it is kept
        (counted unchanged) and need not be rendered."""
        if self.old.get(path) != fingerprint or not (self.root / path).is_file():
            return False
        self.new[path] = fingerprint
        self.tally.unchanged += 1
        return True

    def write(self, path: str, text: str, fingerprint: str) -> bool:
        """Write ``text`` to ``path`` unless the file holds it already; whether it wrote."""
        self.new[path] = fingerprint
        data = text.encode("utf-8")
        return self._write_bytes(path, data)

    def _write_bytes(self, path: str, data: bytes) -> bool:
        target = self.root / path
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                self.tally.unchanged += 1
                return False
        except OSError:
            pass
        folder = target.parent
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self.tally.written += 1
        return True

    def finish(self) -> Tally:
        """Remove the files the last build wrote and this one did not (then their
        folders, if empty), and save the manifest (if it changed)."""
        for path in sorted(set(self.old) - set(self.new)):
            target = self.root / path
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
                self.tally.removed += 1
                self.tally.removed_paths.append(path)
            with contextlib.suppress(OSError):  # not empty: something else is in it
                if target.parent != self.root:
                    target.parent.rmdir()
        manifest = {"version": MANIFEST_VERSION, "files": dict(sorted(self.new.items()))}
        data = (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        written, unchanged = self.tally.written, self.tally.unchanged
        self._write_bytes(MANIFEST, data)
        self.tally.written, self.tally.unchanged = written, unchanged  # not a page
        return self.tally
