"""The SQL of names: the sponsors, jurisdictions and tags in use, their aliases
(``name_aliases``, since m009), and renaming a stored name. The rules are in
:mod:`tracker.ops.names`."""

from __future__ import annotations

import sqlite3

from tracker.storage import repository as repo


def aliases(conn: sqlite3.Connection, kind: str | None = None) -> list[tuple[str, str, str, str]]:
    """(kind, alias, key, name) of every alias (of ``kind``), by kind, name and alias."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = conn.execute(
        f"SELECT kind, alias, key, name FROM name_aliases {where}"
        " ORDER BY kind, name COLLATE NOCASE, key",
        params,
    )
    return [(k, a, key, n) for k, a, key, n in rows]


def alias_map(conn: sqlite3.Connection, kind: str) -> dict[str, str]:
    """key -> the name an alias of ``kind`` stands for."""
    rows = conn.execute("SELECT key, name FROM name_aliases WHERE kind = ?", [kind])
    return {key: name for key, name in rows}


def find_alias(conn: sqlite3.Connection, kind: str, key: str) -> tuple[str, str] | None:
    """(alias, name) of the alias with this key."""
    row = conn.execute(
        "SELECT alias, name FROM name_aliases WHERE kind = ? AND key = ?", [kind, key]
    ).fetchone()
    return (row[0], row[1]) if row else None


def set_alias(conn: sqlite3.Connection, kind: str, alias: str, key: str, name: str) -> None:
    conn.execute(
        "INSERT INTO name_aliases (kind, alias, key, name) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (kind, key) DO UPDATE SET alias = excluded.alias, name = excluded.name",
        [kind, alias, key, name],
    )


def delete_alias(conn: sqlite3.Connection, kind: str, key: str) -> None:
    conn.execute("DELETE FROM name_aliases WHERE kind = ? AND key = ?", [kind, key])


def repoint_aliases(conn: sqlite3.Connection, kind: str, keys: list[str], name: str) -> None:
    """The aliases with these keys stand for ``name`` from now on."""
    conn.executemany(
        "UPDATE name_aliases SET name = ? WHERE kind = ? AND key = ?",
        [(name, kind, key) for key in keys],
    )


def names_in_use(conn: sqlite3.Connection, list_name: str) -> list[tuple[int, str, int]]:
    """(id, name, initiatives) of each name some initiative carries, oldest name first."""
    table, link, column = repo.NAME_LISTS[list_name]
    rows = conn.execute(
        f"SELECT n.id, n.name, count(*) FROM {table} n JOIN {link} l ON l.{column} = n.id"
        " GROUP BY n.id ORDER BY n.id"
    )
    return [(i, n, c) for i, n, c in rows]


def name_id(conn: sqlite3.Connection, list_name: str, name: str) -> tuple[int, str] | None:
    """The id and stored spelling of a name (ASCII case-blind), if it is recorded."""
    table = repo.NAME_LISTS[list_name][0]
    row = conn.execute(f"SELECT id, name FROM {table} WHERE name = ?", [name]).fetchone()
    return (row[0], row[1]) if row else None


def carriers(conn: sqlite3.Connection, list_name: str, name_ids: list[int]) -> list[int]:
    """The initiatives carrying any of these names, by id."""
    _, link, column = repo.NAME_LISTS[list_name]
    marks = ",".join("?" * len(name_ids))
    rows = conn.execute(
        f"SELECT DISTINCT initiative_id FROM {link} WHERE {column} IN ({marks})"
        " ORDER BY initiative_id",
        name_ids,
    )
    return [row[0] for row in rows]


def respell(conn: sqlite3.Connection, list_name: str, row_id: int, spelling: str) -> None:
    """Write a name another way (its case) and refresh the lists of its initiatives."""
    table, link, column = repo.NAME_LISTS[list_name]
    conn.execute(f"UPDATE {table} SET name = ? WHERE id = ?", [spelling, row_id])
    conn.execute(
        f"UPDATE initiatives SET {list_name}_json = {repo.names_json_sql(list_name)}"
        f" WHERE id IN (SELECT initiative_id FROM {link} WHERE {column} = ?)",
        [row_id],
    )


def forget_unused(conn: sqlite3.Connection, list_name: str, row_id: int) -> None:
    """Drop a name's row if no initiative carries it any more."""
    table, link, column = repo.NAME_LISTS[list_name]
    conn.execute(
        f"DELETE FROM {table} WHERE id = ? AND NOT EXISTS"
        f" (SELECT 1 FROM {link} WHERE {column} = ?)",
        [row_id, row_id],
    )


def stored_names(conn: sqlite3.Connection, list_name: str) -> list[str]:
    """Every recorded spelling of a list's names, oldest first."""
    table = repo.NAME_LISTS[list_name][0]
    return [row[0] for row in conn.execute(f"SELECT name FROM {table} ORDER BY id")]


def slugs(conn: sqlite3.Connection, ids: list[int]) -> list[str]:
    """The slugs of these initiatives, in the order given."""
    found = dict(
        conn.execute(
            f"SELECT id, slug FROM initiatives WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
    )
    return [found[i] for i in ids]
