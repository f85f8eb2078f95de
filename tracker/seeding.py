"""The seed initiatives shipped with tracker (``tracker init --seed``).

The data lives in the top-level ``seeds/`` folder of the repository, installed
as the ``tracker.seeds`` package: ``initiatives.json`` plus the two source
articles it quotes. Each seed has a fixed uuid, so loading twice adds nothing.
"""

from __future__ import annotations

import json
from importlib import resources

from tracker.api import NewInitiative
from tracker.domain.initiatives import Source
from tracker.errors import UnusableError

SEED_FORMAT = 1


def read_seed_file() -> dict:
    try:
        text = resources.files("tracker.seeds").joinpath("initiatives.json").read_text("utf-8")
        data = json.loads(text)
    except (OSError, ValueError, ModuleNotFoundError) as error:
        raise UnusableError(f"the packaged seed file cannot be read: {error}") from error
    if data.get("format") != SEED_FORMAT:
        raise UnusableError(f"the packaged seed file has format {data.get('format')!r}, not 1")
    return data


def seed_initiatives() -> list[NewInitiative]:
    """The seeds as add requests, parents before children."""
    data = read_seed_file()
    sources = {key: Source(**fields) for key, fields in data["sources"].items()}
    items = []
    for entry in data["initiatives"]:
        fields = dict(entry)
        fields["source"] = sources[fields.pop("source")]
        items.append(NewInitiative(**fields))
    return items
