"""Shared fixtures: every test gets its own database and a fixed 'today'."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import AUTHOR, TODAY, ok


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point TRACKER_DB and the user folders at tmp_path: no test touches a real home."""
    db = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.setenv("TRACKER_TODAY", TODAY)
    monkeypatch.setenv("TRACKER_AUTHOR", AUTHOR)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("COLUMNS", "100")
    for name in (
        "NO_COLOR",
        "FORCE_COLOR",
        "TRACKER_BUSY_TIMEOUT",
        "TRACKER_FISCAL_YEAR_START",
        "TRACKER_DATE_ORDER",
    ):
        monkeypatch.delenv(name, raising=False)
    return db


@pytest.fixture
def seeded(isolated: Path) -> Path:
    ok("init", "--seed")
    return isolated


@pytest.fixture
def shared_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder another user can reach (tmp_path's parents are private to root), for
    :func:`helpers.as_other_user`; TRACKER_DB is its tracker.db."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-ro-", dir="/tmp"))
    folder.chmod(0o755)
    monkeypatch.setenv("TRACKER_DB", str(folder / "tracker.db"))
    monkeypatch.setenv("HOME", str(folder))
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)
