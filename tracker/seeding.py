"""The seed initiatives shipped with tracker (``tracker init --seed``).

A seed whose slug a user's initiative already holds gets a ``-2``-style slug.
The data lives in the top-level ``seeds/`` folder of the repository, installed
as the ``tracker.seeds`` package: ``initiatives.json`` plus the two source
articles it quotes. Each seed has a fixed uuid, so loading twice adds nothing.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from tracker.domain.initiatives import Source
from tracker.errors import UnusableError
from tracker.requests import NewInitiative

SEED_FORMAT = 1


def read_seed_file() -> dict[str, Any]:
    try:
        text = resources.files("tracker.seeds").joinpath("initiatives.json").read_text("utf-8")
        data: dict[str, Any] = json.loads(text)
    except (OSError, ValueError, ModuleNotFoundError) as error:
        raise UnusableError(f"the packaged seed file cannot be read: {error}") from error
    if data.get("format") != SEED_FORMAT:
        raise UnusableError(f"the packaged seed file has format {data.get('format')!r}, not 1")
    return data


def seed_initiatives() -> list[NewInitiative]:
    """The seeds as add requests, parents before children."""
    data = read_seed_file()
    sources = {key: Source(**fields) for key, fields in data["sources"].items()}
    uuids = {entry["slug"]: entry["uuid"] for entry in data["initiatives"]}
    items = []
    for entry in data["initiatives"]:
        fields = dict(entry)
        fields["source"] = sources[fields.pop("source")]
        if "parent" in fields:
            # By uuid: a user's initiative may already hold the parent's slug.
            fields["parent"] = uuids[fields["parent"]]
        items.append(NewInitiative(**fields))
    return items
