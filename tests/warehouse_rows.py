"""Reading a built warehouse in tests: rows as dicts, documents by their file name.

A document's id is a digest of its bytes; the golden files name documents by file name
(``haidong-shebao-2024``). ``rows`` swaps every ``document_id`` for the document's name, so
a test compares with the golden files as written. ``every_table`` reads a whole warehouse,
to compare two builds (the scale benchmark uses it too).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
# Columns that say when a refresh ran: two builds of the same inputs may differ in them.
RUN_TIMESTAMPS = frozenset({"extracted_at", "quarantined_at"})


def golden(name: str) -> list[dict[str, str]]:
    """Rows of a golden file."""
    with (GOLDEN / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def dec(value) -> Decimal:
    """A printed blank equals zero; compare as exact decimals."""
    if value is None or value == "":
        return Decimal(0)
    return Decimal(str(value))


@cache
def _names(con) -> dict[str, str]:
    return dict(con.execute("select document_id, document_name from dim_document").fetchall())


def document_names(con) -> dict[str, str]:
    """document_id → document name (file name without extension)."""
    return _names(con)


def document_id(con, name: str) -> str:
    """The id of the document loaded from ``<name>.pdf``."""
    ids = {v: k for k, v in _names(con).items()}
    return ids[name]


def rows(con, sql: str, params: list | None = None) -> list[dict]:
    """Rows of a query as dicts, ``document_id`` replaced by the document's name."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    out = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    if "document_id" in names:
        mapping = _names(con)
        for row in out:
            row["document_id"] = mapping.get(row["document_id"], row["document_id"])
    return out


def every_table(
    warehouse: Path, *, schemas: tuple[str, ...] = ("main",), left_out=RUN_TIMESTAMPS
) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table of a warehouse's ``schemas``: its columns and its rows, sorted.

    Keyed ``schema.table``; the columns ``left_out`` are not read (by default the run
    timestamps, which differ between two builds of the same inputs).
    """
    import duckdb

    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute("set enable_progress_bar = false")
        names = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema in (select unnest(?)) "
            "order by all",
            [list(schemas)],
        ).fetchall()
        for schema, table in names:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
            ]
            kept = ", ".join(f'"{c}"' for c in columns if c not in left_out)
            rows = con.execute(f'select {kept} from "{schema}"."{table}" order by all').fetchall()
            out[f"{schema}.{table}"] = (columns, rows)
    return out
